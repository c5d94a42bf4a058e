package dev.opsctl.module.authorizedkey;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.UserQuery;
import dev.opsctl.facts.UserState;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.ContentDiff;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans one authorized_key task: find the file (the user's {@code ~/.ssh/authorized_keys} or {@code path}), merge
 * the keys as Ansible does, and when the text changes write it atomically, mode 0600, owned by the user; with
 * manage_dir its directory is made 0700 and the user's, as Ansible does on every write.
 */
final class KeyFilePlan {
    private static final int FILE_MODE = 0600;
    private static final int DIR_MODE = 0700;

    private final AuthorizedKeyModule.KeyArgs a;
    private final Facts facts;

    KeyFilePlan(AuthorizedKeyModule.KeyArgs a, Facts facts) {
        this.a = a;
        this.facts = facts;
    }

    Planned plan() {
        if (!(facts.get(new UserQuery(a.user())) instanceof UserState.Present user)) {
            throw new PlanException("Failed to lookup user " + a.user() + ": 'getpwnam(): name not found: " + a.user() + "'");
        }
        String file = a.path() != null ? a.path() : user.authorizedKeysPath();
        String dir = a.path() != null ? FileWrite.parent(a.path()) : user.sshDirPath();
        FileState fileState;
        FileState dirState;
        if (a.path() != null) {
            fileState = facts.get(new FileQuery(file, true));
            dirState = facts.get(new FileQuery(dir, false));
        } else {
            if (user.sshDir() == null) {
                throw new PlanException("cannot look into " + user.home() + " as the connecting user; use become");
            }
            fileState = latest(new FileQuery(file, true), user.authorizedKeys());
            dirState = latest(new FileQuery(dir, false), user.sshDir());
        }
        byte[] before = existing(file, fileState);
        KeyMerge merge = KeyMerge.of(new String(before, StandardCharsets.UTF_8), a);
        String summary = "authorized_keys " + file;
        List<FactUpdate<?>> predicted = new ArrayList<>();
        predicted.add(new FactUpdate<>(new FileQuery(file, true), fileState));
        if (!merge.changed()) {
            String keys = a.keys().size() == 1 ? "key" : a.keys().size() + " keys";
            return new Planned(Change.none(summary, keys + " already " + (a.present() ? "present" : "absent")), predicted);
        }
        predicted.clear();

        String owner = user.name();
        String group = !user.group().equals(UserState.UNKNOWN) ? user.group() : user.gid() >= 0 ? String.valueOf(user.gid()) : null;
        List<String> details = new ArrayList<>(merge.details());
        List<Step> steps = new ArrayList<>();
        FileState dirAfter = dirState;
        if (a.manageDir()) {
            if (!dirState.exists() && a.path() == null && !user.homeExists()) {
                throw new PlanException("Failed to create directory " + dir + " : [Errno 2] No such file or directory: '" + dir + "'");
            }
            steps.add(new Step(Shell.and(List.of(
                    "{ " + Shell.command("test", "-e", dir) + " || " + Shell.command("mkdir", "-m", "0700", "--", dir) + "; }",
                    Shell.command("chown", "--", group == null ? owner : owner + ":" + group, dir),
                    Shell.command("chmod", "--", "0700", dir)))));
            details.addAll(dirDetails(dir, dirState, owner, group));
            dirAfter = new FileState.Present(FileState.Kind.DIRECTORY, DIR_MODE, owner, group == null ? FileAttrs.UNKNOWN : group,
                    4096, 0, 0, null, null, null, user.uid(), user.gid());
            predicted.add(new FactUpdate<>(new FileQuery(dir, false), dirAfter));
        }
        byte[] after = merge.content().getBytes(StandardCharsets.UTF_8);
        FileWrite write = new FileWrite(file, after, new FileAttrs(null, owner, group), FILE_MODE, fileState, false,
                !a.manageDir() && !dirState.exists());
        steps.add(write.step());
        if (fileState instanceof FileState.Present p) {
            if (p.mode() != FILE_MODE) details.add("mode " + FileAttrs.octal(p.mode()) + " -> " + FileAttrs.octal(FILE_MODE));
            if (!FileAttrs.sameId(owner, p.owner(), p.uid())) details.add("owner " + p.owner() + " -> " + owner);
        } else {
            details.add("create file (mode 0600, owner " + owner + ")");
        }
        FileState.Present fileAfter = new FileState.Present(FileState.Kind.FILE, FILE_MODE, owner,
                group == null ? FileAttrs.UNKNOWN : group, after.length, 0, 0, null, after, FileQuery.sha1(after), user.uid(), user.gid());
        predicted.add(0, new FactUpdate<>(new FileQuery(file, true), fileAfter));
        if (file.equals(user.authorizedKeysPath())) {
            predicted.add(new FactUpdate<>(new UserQuery(a.user()), user.withKeys(dirAfter, fileAfter)));
        }
        Action action = fileState.exists() ? Action.UPDATE : Action.CREATE;
        return new Planned(new Change(action, summary, details, ContentDiff.unified(file, before, after), steps), predicted);
    }

    /** A path's state: what a task of this play last predicted for it when there is one, else what the user query saw. */
    private FileState latest(FileQuery q, FileState fromUser) {
        if (facts.has(q)) {
            FileState s = facts.get(q);
            if (!(s instanceof FileState.Present p) || p.kind() != FileState.Kind.FILE || p.content() != null) return s;
        }
        return fromUser;
    }

    private static byte[] existing(String file, FileState state) {
        if (!(state instanceof FileState.Present p)) return new byte[0];
        if (p.kind() != FileState.Kind.FILE) throw new PlanException(file + " is a " + p.kind() + ", not a file; opsctl does not follow links");
        if (p.content() == null) throw new PlanException(file + " is larger than " + FileQuery.CONTENT_LIMIT + " bytes");
        return p.content();
    }

    private static List<String> dirDetails(String dir, FileState state, String owner, String group) {
        List<String> out = new ArrayList<>();
        if (!(state instanceof FileState.Present d)) {
            out.add("create directory " + dir + " (mode 0700, owner " + owner + ")");
            return out;
        }
        if (d.mode() != DIR_MODE) out.add("directory " + dir + " mode " + FileAttrs.octal(d.mode()) + " -> 0700");
        if (!FileAttrs.sameId(owner, d.owner(), d.uid())) out.add("directory " + dir + " owner " + d.owner() + " -> " + owner);
        else if (group != null && !FileAttrs.sameId(group, d.group(), d.gid())) out.add("directory " + dir + " group " + d.group() + " -> " + group);
        return out;
    }
}
