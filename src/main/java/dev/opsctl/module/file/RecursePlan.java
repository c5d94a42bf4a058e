package dev.opsctl.module.file;

import dev.opsctl.facts.FileState;
import dev.opsctl.facts.TreeQuery;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code recurse=yes} changes below a directory: how many entries differ in mode (symlinks have no mode of
 * their own and are skipped, as chmod -R does) and in owner or group (symlinks included, as Ansible lchowns them).
 */
record RecursePlan(FileAttrs attrs, int modeDiffers, int ownerDiffers, List<TreeQuery.Entry> after) {
    static RecursePlan of(FileAttrs attrs, List<TreeQuery.Entry> below) {
        int modes = 0;
        int owners = 0;
        List<TreeQuery.Entry> after = new ArrayList<>();
        for (TreeQuery.Entry e : below) {
            TreeQuery.Entry next = e;
            if (attrs.mode() != null && e.kind() != FileState.Kind.LINK) {
                int want = attrs.mode().resolve(e.mode(), e.kind() == FileState.Kind.DIRECTORY);
                if (want != e.mode()) {
                    modes++;
                    next = next.withMode(want);
                }
            }
            boolean ownerOff = attrs.owner() != null && !FileAttrs.sameId(attrs.owner(), e.owner(), e.uid());
            boolean groupOff = attrs.group() != null && !FileAttrs.sameId(attrs.group(), e.group(), e.gid());
            if (ownerOff || groupOff) {
                owners++;
                next = new TreeQuery.Entry(next.kind(), next.mode(), ownerOff ? attrs.owner() : e.owner(),
                        groupOff ? attrs.group() : e.group(), ownerOff ? id(attrs.owner()) : e.uid(), groupOff ? id(attrs.group()) : e.gid());
            }
            after.add(next);
        }
        return new RecursePlan(attrs, modes, owners, List.copyOf(after));
    }

    private static int id(String nameOrId) {
        return nameOrId.matches("\\d+") ? Integer.parseInt(nameOrId) : -1;
    }

    List<String> details() {
        List<String> out = new ArrayList<>();
        if (modeDiffers > 0) out.add("mode of " + entries(modeDiffers) + " below -> " + attrs.mode().chmodArgument());
        if (ownerDiffers > 0) {
            out.add("ownership of " + entries(ownerDiffers) + " below -> " + (attrs.owner() == null ? "" : attrs.owner())
                    + (attrs.group() == null ? "" : ":" + attrs.group()));
        }
        return out;
    }

    /** chmod -R / chown -R over the whole tree: also the top directory, whose attributes are the same ones. */
    List<String> commands(String path) {
        List<String> out = new ArrayList<>();
        if (modeDiffers > 0) out.add(Shell.command("chmod", "-R", "--", attrs.mode().chmodArgument(), path));
        if (ownerDiffers > 0) {
            String who = (attrs.owner() == null ? "" : attrs.owner()) + (attrs.group() == null ? "" : ":" + attrs.group());
            out.add(Shell.command("chown", "-R", "-h", "--", who, path));
        }
        return out;
    }

    private static String entries(int n) {
        return n == 1 ? "1 entry" : n + " entries";
    }
}
