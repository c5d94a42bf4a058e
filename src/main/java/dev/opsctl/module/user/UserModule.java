package dev.opsctl.module.user;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.GroupQuery;
import dev.opsctl.facts.LoginDefsQuery;
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
 * with useradd, usermod and userdel; password_lock, expires and password_expire_min/max/warn ({@link PasswordPolicy});
 * generate_ssh_key ({@link SshKeyPlan}). Not supported: move_home, ssh_key_passphrase and the other platform options;
 * naming one is an error.
 */
public final class UserModule implements HostModule<UserModule.UserArgs> {
    /**
     * Typed user arguments; null where not asked for. {@code groups} is the wanted supplementary groups (an empty
     * list means none, as Ansible's {@code groups: ""}).
     */
    public record UserArgs(String name, boolean present, Integer uid, String group, List<String> groups, boolean append,
                           String shell, String home, boolean createHome, boolean system, String comment, String password,
                           boolean updatePassword, boolean remove, boolean force, PasswordPolicy policy,
                           SshKeyPlan.KeyArgs sshKey) {}

    @Override
    public String name() {
        return "user";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "user", "uid", "group", "groups", "append", "shell", "home", "create_home", "createhome",
                "system", "comment", "password", "update_password", "state", "remove", "force",
                "password_lock", "expires", "password_expire_min", "password_expire_max", "password_expire_warn",
                "generate_ssh_key", "ssh_key_bits", "ssh_key_type", "ssh_key_file", "ssh_key_comment", "ssh_key_passphrase");
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
                args.bool("remove", false), args.bool("force", false), PasswordPolicy.parse(args), SshKeyPlan.KeyArgs.parse(args));
    }

    @Override
    public List<FactQuery<?>> facts(UserArgs a) {
        List<FactQuery<?>> q = new ArrayList<>();
        q.add(new UserQuery(a.name()));
        q.add(new UserDefaultsQuery(a.name()));
        q.add(new LoginDefsQuery());
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
        if (a.policy().expires() != null || a.policy().agesPassword()) q.add(new PasswordAgingQuery(a.name()));
        if (a.sshKey() != null) q.add(keyQuery(a));
        return q;
    }

    private static SshKeyQuery keyQuery(UserArgs a) {
        return new SshKeyQuery(a.name(), a.sshKey().file(), a.home() != null ? a.home() : "/home/" + a.name());
    }

    @Override
    public Planned plan(UserArgs a, Facts facts) {
        Planned user = new UserPlan(a, facts).plan();
        if (a.sshKey() == null || !a.present()) return user;
        return SshKeyPlan.addTo(user, a.name(), a.sshKey(), a.force(), keyQuery(a), facts.get(keyQuery(a)));
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
        if (a.sshKey() != null) registerKey(r, a, planned, last);
        return r;
    }

    /** ssh_key_file, ssh_public_key and ssh_fingerprint: printed by the generating script, else as gathered. */
    private static void registerKey(Map<String, Object> r, UserArgs a, Planned planned, ExecResult last) {
        SshKeyQuery.KeyPair pair = null;
        for (FactUpdate<?> u : planned.predicted()) {
            if (u.query() instanceof SshKeyQuery && u.value() instanceof SshKeyQuery.KeyPair k) pair = k;
        }
        if (pair == null) return;
        String publicKey = pair.publicKey();
        String fingerprint = pair.fingerprint();
        if (last != null) {
            for (String line : last.out().split("\n")) {
                if (line.startsWith(SshKeyPlan.PUBLIC_MARK)) publicKey = line.substring(SshKeyPlan.PUBLIC_MARK.length());
                if (line.startsWith(SshKeyPlan.FINGERPRINT_MARK)) fingerprint = line.substring(SshKeyPlan.FINGERPRINT_MARK.length());
            }
        }
        r.put("ssh_fingerprint", fingerprint);
        r.put("ssh_key_file", pair.path());
        r.put("ssh_public_key", publicKey);
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
