package dev.opsctl.module.user;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.GroupQuery;
import dev.opsctl.facts.UserDefaultsQuery;
import dev.opsctl.facts.UserQuery;
import dev.opsctl.facts.UserState;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileWrite;
import dev.opsctl.module.group.GroupModule;
import dev.opsctl.plan.Action;
import dev.opsctl.transport.ExecResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code user} on Linux: an account's presence, uid, groups, shell, home, comment and password hash,
 * with useradd, usermod and userdel. Not supported: move_home, generate_ssh_key, expires, password_lock and the
 * other platform options; naming one is an error.
 */
public final class UserModule implements HostModule<UserModule.UserArgs> {
    /**
     * Typed user arguments; null where not asked for. {@code groups} is the wanted supplementary groups (an empty
     * list means none, as Ansible's {@code groups: ""}).
     */
    public record UserArgs(String name, boolean present, Integer uid, String group, List<String> groups, boolean append,
                           String shell, String home, boolean createHome, boolean system, String comment, String password,
                           boolean updatePassword, boolean remove, boolean force) {}

    @Override
    public String name() {
        return "user";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "user", "uid", "group", "groups", "append", "shell", "home", "create_home", "createhome",
                "system", "comment", "password", "update_password", "state", "remove", "force");
    }

    @Override
    public UserArgs parse(Args args, ModuleContext ctx) {
        List<String> groups = args.list("groups");
        if (groups != null) {
            // Ansible keeps the set of stripped, non-empty names.
            LinkedHashSet<String> unique = new LinkedHashSet<>();
            for (String g : groups) if (!g.strip().isEmpty()) unique.add(g.strip());
            groups = List.copyOf(unique);
        }
        return new UserArgs(args.requiredString("name", "user"),
                args.choice("state", "present", "present", "absent").equals("present"),
                GroupModule.integer(args, "uid"), blankToNull(args.string("group")), groups, args.bool("append", false),
                args.string("shell"), blankToNull(args.string("home")),
                args.has("create_home") ? args.bool("create_home", true) : args.bool("createhome", true),
                args.bool("system", false), args.string("comment"), args.string("password"),
                args.choice("update_password", "always", "always", "on_create").equals("always"),
                args.bool("remove", false), args.bool("force", false));
    }

    @Override
    public List<FactQuery<?>> facts(UserArgs a) {
        List<FactQuery<?>> q = new ArrayList<>();
        q.add(new UserQuery(a.name()));
        q.add(new UserDefaultsQuery());
        // The user's own name: a group by that name changes what useradd does with the primary group (-N).
        q.add(new GroupQuery(a.name()));
        if (a.group() != null) q.add(new GroupQuery(a.group()));
        if (a.groups() != null) for (String g : a.groups()) q.add(new GroupQuery(g));
        String home = a.home() != null ? a.home() : "/home/" + a.name();
        // What a new user's home holds already (useradd -m leaves an existing home as it is).
        q.add(new FileQuery(home, false));
        q.add(new FileQuery(home + "/.ssh", false));
        q.add(new FileQuery(home + "/.ssh/authorized_keys", true));
        if (a.home() != null) q.add(new FileQuery(FileWrite.parent(a.home()), false));
        return q;
    }

    @Override
    public Planned plan(UserArgs a, Facts facts) {
        return new UserPlan(a, facts).plan();
    }

    @Override
    public Map<String, Object> registered(UserArgs a, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", a.name());
        r.put("state", a.present() ? "present" : "absent");
        if (!a.present()) {
            if (planned.change().action().isChange()) {
                r.put("force", a.force());
                r.put("remove", a.remove());
            }
            return r;
        }
        UserState.Present after = predicted(planned);
        String[] applied = last == null ? null : appliedEntry(a.name(), last.out());
        if (applied != null) {
            r.put("uid", Integer.parseInt(applied[2]));
            r.put("group", Integer.parseInt(applied[3]));
            r.put("comment", applied[4]);
            r.put("home", applied[5]);
            r.put("shell", applied[6]);
        } else if (after != null) {
            if (after.uid() >= 0) r.put("uid", after.uid());
            if (after.gid() >= 0) r.put("group", after.gid());
            r.put("comment", after.comment());
            r.put("home", after.home());
            r.put("shell", after.shell());
        }
        if (a.groups() != null) r.put("groups", String.join(",", a.groups()));
        if (planned.change().action() == Action.CREATE) {
            r.put("system", a.system());
            r.put("create_home", a.createHome());
        } else {
            r.put("append", a.append());
            r.put("move_home", false);
        }
        if (a.password() != null) r.put("password", "NOT_LOGGING_PASSWORD");
        return r;
    }

    private static UserState.Present predicted(Planned planned) {
        for (FactUpdate<?> u : planned.predicted()) {
            if (u.query() instanceof UserQuery && u.value() instanceof UserState.Present p) return p;
        }
        return null;
    }

    /** The user's passwd entry that the change's last command printed (see {@link UserPlan}), or null. */
    private static String[] appliedEntry(String name, String out) {
        String[] found = null;
        for (String line : out.split("\n")) {
            String[] f = UserQuery.passwdFields(line);
            if (f != null && f[0].equals(name)) found = f;
        }
        return found;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
