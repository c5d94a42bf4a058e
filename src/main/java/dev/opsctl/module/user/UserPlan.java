package dev.opsctl.module.user;

import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.GroupQuery;
import dev.opsctl.facts.GroupState;
import dev.opsctl.facts.LoginDefsQuery;
import dev.opsctl.facts.UserDefaultsQuery;
import dev.opsctl.facts.UserQuery;
import dev.opsctl.facts.UserState;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans one user task as Ansible's user module decides it on Linux: useradd for a new user, usermod with just the
 * attributes that differ, userdel for state=absent; a missing home is created when create_home is on. Each change's
 * script ends by printing the user's passwd entry, so {@code register:} holds the applied uid and gid.
 */
final class UserPlan {
    private final UserModule.UserArgs a;
    private final Facts facts;
    private final UserDefaultsQuery.Defaults defaults;
    private final LoginDefsQuery.LoginDefs loginDefs;

    UserPlan(UserModule.UserArgs a, Facts facts) {
        this.a = a;
        this.facts = facts;
        this.defaults = facts.get(new UserDefaultsQuery(a.name()));
        this.loginDefs = facts.get(new LoginDefsQuery());
    }

    Planned plan() {
        UserState current = facts.get(new UserQuery(a.name()));
        if (!a.present()) return delete(current);
        return current instanceof UserState.Present p ? modify(p) : create();
    }

    private String summary() {
        return "user " + a.name();
    }

    private Planned create() {
        List<String> cmd = new ArrayList<>(List.of("useradd"));
        List<String> details = new ArrayList<>();
        List<FactUpdate<?>> predicted = new ArrayList<>();
        int uid = -1;
        if (a.uid() != null) {
            cmd.addAll(List.of("-u", String.valueOf(a.uid())));
            details.add("uid " + a.uid());
            uid = a.uid();
        }
        int gid = defaults.group();
        String group = UserState.UNKNOWN;
        if (a.group() != null) {
            GroupState.Present g = requireGroup(a.group());
            cmd.addAll(List.of("-g", a.group()));
            details.add("group " + g.name());
            gid = g.gid();
            group = g.name();
        } else if (facts.get(new GroupQuery(a.name())).equals(GroupState.ABSENT) && loginDefs.userGroups()) {
            details.add("group " + a.name() + " (new)");
            gid = -1;
            group = a.name();
            predicted.add(new FactUpdate<>(new GroupQuery(a.name()), new GroupState.Present(a.name(), -1, List.of())));
        } else if (facts.get(new GroupQuery(a.name())) instanceof GroupState.Present) {
            // As Ansible does: with a group of the user's name already there, useradd must not try to create one.
            cmd.add("-N");
            details.add("group: useradd's default" + (gid >= 0 ? " (gid " + gid + ")" : ""));
        }
        List<String> groups = a.groups() == null ? List.of() : a.groups();
        for (String g : groups) requireGroup(g);
        if (!groups.isEmpty()) {
            cmd.addAll(List.of("-G", String.join(",", groups)));
            details.add("groups " + String.join(",", groups));
        }
        if (a.comment() != null) {
            cmd.addAll(List.of("-c", a.comment()));
            details.add("comment " + a.comment());
        }
        String home = a.home() != null ? a.home() : defaults.home(a.name());
        if (a.home() != null) cmd.addAll(List.of("-d", a.home()));
        String shell = a.shell() != null ? a.shell() : defaults.shell();
        if (a.shell() != null) {
            cmd.addAll(List.of("-s", a.shell()));
            details.add("shell " + a.shell());
        }
        a.policy().useradd(cmd, details);
        if (a.password() != null) {
            cmd.addAll(List.of("-p", a.policy().passwordField(a.password())));
            details.add(Boolean.TRUE.equals(a.policy().lock()) ? "password set (locked)" : "password set");
        }
        FileState homeBefore = gathered(home, "");
        List<String> script = new ArrayList<>();
        if (a.createHome()) {
            cmd.add("-m");
            details.add((homeBefore.exists() ? "home " + home + " (exists, left as it is)" : "create home " + home));
            // useradd -m makes only the home itself; Ansible creates missing parents first.
            if (a.home() != null && !facts.get(new FileQuery(FileWrite.parent(a.home()), false)).exists()) {
                script.add(Shell.command("mkdir", "-p", "--", FileWrite.parent(a.home())));
            }
        } else {
            cmd.add("-M");
            details.add("home " + home + " (not created)");
        }
        if (a.system()) {
            cmd.add("-r");
            details.add("system user");
        }
        cmd.addAll(List.of("--", a.name()));
        script.add(Shell.command(cmd));
        String chage = a.policy().chage(a.name(), PasswordAgingQuery.UNKNOWN, details);
        if (chage != null) script.add(chage);
        script.add(UserQuery.passwdLine(Shell.quote(a.name())));
        if (a.policy().expires() != null || a.policy().agesPassword()) {
            predicted.add(new FactUpdate<>(new PasswordAgingQuery(a.name()), PasswordAgingQuery.UNKNOWN));
        }

        boolean homeExists = homeBefore.exists() || a.createHome();
        FileState sshDir = homeBefore.exists() ? gathered(home, "/.ssh") : FileState.ABSENT;
        FileState keys = homeBefore.exists() ? gathered(home, "/.ssh/authorized_keys") : FileState.ABSENT;
        UserState.Present after = new UserState.Present(a.name(), uid, gid, group, groups,
                a.comment() != null ? a.comment() : "", home, shell,
                a.password() != null ? a.policy().passwordField(a.password()) : null, homeExists, sshDir, keys);
        predicted.add(new FactUpdate<>(new UserQuery(a.name()), after));
        if (a.createHome() && !homeBefore.exists()) {
            predicted.add(new FactUpdate<>(new FileQuery(home, false), newHome(after)));
            predicted.add(new FactUpdate<>(new FileQuery(home + "/.ssh", false), FileState.ABSENT));
            predicted.add(new FactUpdate<>(new FileQuery(home + "/.ssh/authorized_keys", true), FileState.ABSENT));
        }
        predicted.addAll(memberships(List.of(), groups));
        requireTools();
        return new Planned(new Change(Action.CREATE, summary(), details, null, List.of(new Step(Shell.and(script)))), predicted);
    }

    private Planned modify(UserState.Present p) {
        List<String> cmd = new ArrayList<>(List.of("usermod"));
        List<String> details = new ArrayList<>();
        int uid = p.uid();
        if (a.uid() != null && a.uid() != p.uid()) {
            cmd.addAll(List.of("-u", String.valueOf(a.uid())));
            details.add("uid " + show(p.uid()) + " -> " + a.uid());
            uid = a.uid();
        }
        int gid = p.gid();
        String group = p.group();
        if (a.group() != null) {
            GroupState.Present g = requireGroup(a.group());
            boolean same = g.gid() >= 0 && p.gid() >= 0 ? g.gid() == p.gid() : g.name().equals(p.group());
            if (!same) {
                // Ansible passes the group's gid; a group still to be created has none yet, so its name goes.
                cmd.addAll(List.of("-g", g.gid() >= 0 ? String.valueOf(g.gid()) : g.name()));
                details.add("group " + p.group() + " -> " + g.name());
                gid = g.gid();
                group = g.name();
            }
        }
        List<String> groups = groupsAfter(p, cmd, details);
        String comment = changed("comment", "-c", p.comment(), a.comment(), cmd, details);
        String home = changed("home", "-d", p.home(), a.home(), cmd, details);
        String shell = changed("shell", "-s", p.shell(), a.shell(), cmd, details);
        PasswordAgingQuery.Aging aging = a.policy().expires() != null || a.policy().agesPassword()
                ? facts.get(new PasswordAgingQuery(a.name())) : PasswordAgingQuery.UNKNOWN;
        PasswordAgingQuery.Aging agingAfter = a.policy().usermodExpiry(aging, cmd, details);
        String password = a.policy().usermodLock(p.password(), cmd, details);
        if (a.password() != null && a.updatePassword()) {
            String why = null;
            if (!p.passwordReadable()) why = "password: cannot compare, /etc/shadow is not readable by the connecting user (use become); set it";
            else if (!stripLock(p.password()).equals(stripLock(a.password()))) why = "password changed";
            if (why != null) {
                // As Ansible does: -p cannot go with -L/-U; a wanted lock goes into the new field itself.
                if (cmd.remove("-L")) details.remove("lock password");
                if (cmd.remove("-U")) details.remove("unlock password");
                details.removeIf(d -> d.startsWith("lock password ("));
                cmd.addAll(List.of("-p", a.policy().passwordField(a.password())));
                details.add(why);
                password = a.policy().passwordField(a.password());
            }
        }
        List<String> script = new ArrayList<>();
        if (cmd.size() > 1) {
            cmd.addAll(List.of("--", a.name()));
            script.add(Shell.command(cmd));
        }
        String chage = a.policy().chage(a.name(), aging, details);
        if (chage != null) script.add(chage);
        boolean movedHome = !home.equals(p.home());
        boolean homeExists = movedHome ? gathered(home, "").exists() : p.homeExists();
        FileState sshDir = movedHome ? gathered(home, "/.ssh") : p.sshDir();
        FileState keys = movedHome ? gathered(home, "/.ssh/authorized_keys") : p.authorizedKeys();
        List<FactUpdate<?>> predicted = new ArrayList<>();
        if (a.createHome() && !homeExists) {
            // What Ansible does for an existing user whose home is missing: a copy of /etc/skel, owned by the user.
            details.add("create home " + home);
            script.addAll(createHome(home));
            homeExists = true;
            sshDir = FileState.ABSENT;
            keys = FileState.ABSENT;
        }
        UserState.Present after = new UserState.Present(a.name(), uid, gid, group, groups, comment, home, shell, password,
                homeExists, sshDir, keys);
        predicted.add(new FactUpdate<>(new UserQuery(a.name()), after));
        if (a.policy().expires() != null || a.policy().agesPassword()) {
            predicted.add(new FactUpdate<>(new PasswordAgingQuery(a.name()), a.policy().after(agingAfter)));
        }
        if (script.isEmpty()) return new Planned(Change.none(summary(), "user " + a.name() + " exists as wanted"), predicted);
        if (details.contains("create home " + home)) predicted.add(new FactUpdate<>(new FileQuery(home, false), newHome(after)));
        predicted.addAll(memberships(p.groups(), groups));
        script.add(UserQuery.passwdLine(Shell.quote(a.name())));
        requireTools();
        return new Planned(new Change(Action.UPDATE, summary(), details, null, List.of(new Step(Shell.and(script)))), predicted);
    }

    /** Ansible's rule: without append, groups become exactly the list; with it, missing ones are added. */
    private List<String> groupsAfter(UserState.Present p, List<String> cmd, List<String> details) {
        if (a.groups() == null) return p.groups();
        List<String> current = p.groups();
        String before = current.isEmpty() ? "(none)" : String.join(",", current);
        if (a.groups().isEmpty()) {
            if (current.isEmpty() || a.append()) return current;
            cmd.addAll(List.of("-G", ""));
            details.add("groups " + before + " -> (none)");
            return List.of();
        }
        for (String g : a.groups()) requireGroup(g);
        Set<String> want = new LinkedHashSet<>(a.groups());
        if (want.equals(new LinkedHashSet<>(current))) return current;
        if (a.append()) {
            if (current.containsAll(want)) return current;
            LinkedHashSet<String> after = new LinkedHashSet<>(current);
            after.addAll(want);
            cmd.addAll(List.of("-a", "-G", String.join(",", a.groups())));
            details.add("groups " + before + " -> " + String.join(",", after));
            return List.copyOf(after);
        }
        cmd.addAll(List.of("-G", String.join(",", a.groups())));
        details.add("groups " + before + " -> " + String.join(",", a.groups()));
        return a.groups();
    }

    /** The wanted value when asked for and different (adding the usermod flag and a detail line), else the current one. */
    private static String changed(String what, String flag, String current, String wanted, List<String> cmd, List<String> details) {
        if (wanted == null || wanted.equals(current)) return current;
        cmd.addAll(List.of(flag, wanted));
        details.add(what + " " + (current.isEmpty() ? "(empty)" : current) + " -> " + (wanted.isEmpty() ? "(empty)" : wanted));
        return wanted;
    }

    private Planned delete(UserState current) {
        if (!(current instanceof UserState.Present p)) return new Planned(Change.none(summary(), "user " + a.name() + " already absent"));
        List<String> cmd = new ArrayList<>(List.of("userdel"));
        List<String> details = new ArrayList<>();
        details.add("remove user" + (p.uid() >= 0 ? " (uid " + p.uid() + ")" : ""));
        if (a.force()) cmd.add("-f");
        List<FactUpdate<?>> predicted = new ArrayList<>();
        predicted.add(new FactUpdate<>(new UserQuery(a.name()), UserState.ABSENT));
        if (a.remove()) {
            cmd.add("-r");
            details.add("remove home " + p.home());
            predicted.add(new FactUpdate<>(new FileQuery(p.home(), false), FileState.ABSENT));
            predicted.add(new FactUpdate<>(new FileQuery(p.sshDirPath(), false), FileState.ABSENT));
            predicted.add(new FactUpdate<>(new FileQuery(p.authorizedKeysPath(), true), FileState.ABSENT));
        }
        cmd.addAll(List.of("--", a.name()));
        // userdel removes the user's own group (USERGROUPS_ENAB) when nobody else is listed in it.
        if (loginDefs.userGroups() && p.group().equals(a.name()) && facts.get(new GroupQuery(a.name())) instanceof GroupState.Present g
                && g.members().stream().allMatch(a.name()::equals)) {
            details.add("remove group " + a.name());
            predicted.add(new FactUpdate<>(new GroupQuery(a.name()), GroupState.ABSENT));
        }
        predicted.addAll(memberships(p.groups(), List.of()));
        requireTools();
        return new Planned(new Change(Action.DELETE, summary(), details, null, List.of(new Step(Shell.command(cmd)))), predicted);
    }

    /** Member lists of the groups the user joins or leaves, for groups whose state is known. */
    private List<FactUpdate<?>> memberships(List<String> before, List<String> after) {
        List<FactUpdate<?>> out = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>(before);
        touched.addAll(after);
        for (String g : touched) {
            GroupQuery q = new GroupQuery(g);
            if (!facts.has(q) || !(facts.get(q) instanceof GroupState.Present gs)) continue;
            List<String> members = new ArrayList<>(gs.members());
            members.remove(a.name());
            if (after.contains(g)) members.add(a.name());
            out.add(new FactUpdate<>(q, gs.withMembers(members)));
        }
        return out;
    }

    /** Commands that create {@code home} as Ansible's create_homedir and chown_homedir do. */
    private List<String> createHome(String home) {
        List<String> out = new ArrayList<>();
        out.add("if [ -d /etc/skel ]; then " + Shell.and(List.of(Shell.command("mkdir", "-p", "--", FileWrite.parent(home)),
                Shell.command("cp", "-RPp", "--", "/etc/skel", home))) + "; else " + Shell.command("mkdir", "-p", "--", home) + "; fi");
        if (loginDefs.umask() >= 0) out.add(Shell.command("chmod", "--", String.format("%04o", 0777 & ~loginDefs.umask()), home));
        out.add("chown -R \"$(" + Shell.command("id", "-u", "--", a.name()) + "):$(" + Shell.command("id", "-g", "--", a.name()) + ")\" -- " + Shell.quote(home));
        return out;
    }

    private FileState.Present newHome(UserState.Present user) {
        int mode = loginDefs.umask() >= 0 ? 0777 & ~loginDefs.umask() : -1;
        return new FileState.Present(FileState.Kind.DIRECTORY, mode, user.name(), user.group(), 4096, 0, 0, null, null, null,
                user.uid(), user.gid());
    }

    /**
     * What was gathered at {@code home + suffix}. The facts ask for the home Ansible would expect (the {@code home}
     * argument or /home/NAME); for any other home nothing is known, and a home useradd creates is empty of keys.
     */
    private FileState gathered(String home, String suffix) {
        String expected = a.home() != null ? a.home() : "/home/" + a.name();
        FileQuery q = new FileQuery(home + suffix, !suffix.isEmpty() && suffix.endsWith("authorized_keys"));
        if (facts.has(q)) return facts.get(q);
        if (!home.equals(expected)) return FileState.ABSENT;
        return facts.get(q);
    }

    private GroupState.Present requireGroup(String name) {
        if (facts.get(new GroupQuery(name)) instanceof GroupState.Present g) return g;
        throw new PlanException("Group " + name + " does not exist");
    }

    private void requireTools() {
        if (!defaults.useradd()) {
            throw new PlanException("useradd, usermod and userdel are not on the PATH of the connecting user "
                    + "(managing users needs root: use become, or install the shadow utilities)");
        }
    }

    private static String stripLock(String hash) {
        int i = 0;
        while (i < hash.length() && hash.charAt(i) == '!') i++;
        return hash.substring(i);
    }

    private static String show(int id) {
        return id >= 0 ? String.valueOf(id) : UserState.UNKNOWN;
    }
}
