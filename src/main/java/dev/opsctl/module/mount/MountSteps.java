package dev.opsctl.module.mount;

import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/** The mount, umount, remount and rmdir commands mount.py runs on Linux, as steps. */
record MountSteps(MountModule.MountArgs a) {
    private static final String PATH = "PATH=$PATH:/sbin:/usr/sbin; ";

    /** {@code -T FILE} when fstab is not the default one, as mount.py passes it. */
    private List<String> fstabOption() {
        return a.fstab().equals("/etc/fstab") ? List.of() : List.of("-T", a.fstab());
    }

    /**
     * Mounts the entry's source with its type and options (what {@code mount PATH} would read from the fstab line the
     * task writes after it), creating the mount point first when missing and removing it again when the mount fails.
     */
    Step mount(boolean makeDir) {
        List<String> words = new ArrayList<>(List.of("mount", "-t", a.entry().fstype()));
        if (!a.entry().opts().equals("defaults")) words.addAll(List.of("-o", a.entry().opts()));
        words.addAll(List.of("--", a.entry().src(), a.path()));
        String mount = Shell.command(words);
        if (!makeDir) return new Step(PATH + mount);
        return new Step(PATH + Shell.command("mkdir", "-p", "--", a.path()) + " && { " + mount + " || { rc=$?; "
                + Shell.command("rmdir", "--", a.path()) + "; exit $rc; }; }");
    }

    Step umount() {
        return new Step(PATH + Shell.command("umount", "--", a.path()));
    }

    Step rmdir() {
        return new Step(Shell.command("rmdir", "--", a.path()));
    }

    /**
     * {@code mount -o remount PATH} (with the task's options for state=remounted); when that fails, unmount and
     * mount again, except with options given to remounted, where mount.py fails rather than risk a different mount.
     */
    Step remount() {
        boolean withOpts = a.state().equals("remounted") && !a.entry().opts().equals("defaults");
        List<String> remount = new ArrayList<>(List.of("mount", "-o", withOpts ? "remount," + a.entry().opts() : "remount"));
        List<String> mount = new ArrayList<>(List.of("mount"));
        if (a.state().equals("ephemeral")) {
            List<String> ephemeral = new ArrayList<>(List.of("-t", a.entry().fstype()));
            if (!a.entry().opts().equals("defaults")) ephemeral.addAll(List.of("-o", a.entry().opts()));
            ephemeral.addAll(List.of("--", a.entry().src()));
            remount.addAll(ephemeral);
            mount.addAll(ephemeral);
        } else {
            remount.addAll(fstabOption());
            mount.addAll(fstabOption());
            remount.add("--");
            mount.add("--");
        }
        remount.add(a.path());
        mount.add(a.path());
        String fallback = withOpts
                ? "{ echo 'Options were specified with remounted, but the remount command failed. Failing in order to prevent an "
                  + "unexpected mount result. Try replacing this command with a \"state: unmounted\" followed by a \"state: mounted\" "
                  + "using the full desired mount options instead.' >&2; exit 1; }"
                : "{ " + Shell.command("umount", "--", a.path()) + " && " + Shell.command(mount) + "; }";
        return new Step(PATH + Shell.command(remount) + " || " + fallback);
    }
}
