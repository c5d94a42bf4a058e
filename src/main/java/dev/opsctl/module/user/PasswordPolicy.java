package dev.opsctl.module.user;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.user.PasswordAgingQuery.Aging;
import dev.opsctl.module.user.PasswordAgingQuery.Known;
import dev.opsctl.transport.Shell;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The user arguments that lock a password and age an account, decided as Ansible 2.14's user module decides them on
 * Linux: {@code password_lock} (usermod -L/-U, or a '!' before a new hash), {@code expires} (seconds since the epoch;
 * compared by day, a negative value clears it: usermod -e) and {@code password_expire_min/max} (chage -m/-M, compared
 * with /etc/shadow); {@code password_expire_warn} as ansible-core 2.15 added it (chage -W, compared likewise; 2.14
 * refuses it). Each is null when not asked for.
 */
record PasswordPolicy(Boolean lock, Double expires, Integer expireMin, Integer expireMax, Integer expireWarn) {
    static final PasswordPolicy NONE = new PasswordPolicy(null, null, null, null, null);

    static PasswordPolicy parse(Args args) {
        Boolean lock = args.has("password_lock") ? args.bool("password_lock", false) : null;
        Double expires = null;
        String e = args.string("expires");
        if (e != null) {
            try {
                expires = Double.parseDouble(e.strip());
            } catch (NumberFormatException ex) {
                throw new ArgException("argument 'expires' must be a number of seconds since the epoch, not '" + e + "'");
            }
        }
        return new PasswordPolicy(lock, expires, days(args, "password_expire_min"), days(args, "password_expire_max"),
                days(args, "password_expire_warn"));
    }

    /** A number of days for chage; -1 removes the limit, as chage reads it. */
    private static Integer days(Args args, String name) {
        Object v = args.raw(name);
        if (v == null) return null;
        String s = String.valueOf(v).strip();
        if (!s.matches("-1|\\d{1,9}")) throw new ArgException("argument '" + name + "' must be a number of days (or -1), not '" + v + "'");
        return Integer.parseInt(s);
    }

    /** The password field to set for {@code hash}: locked ('!' first) when password_lock is on, as Ansible sets it. */
    String passwordField(String hash) {
        return Boolean.TRUE.equals(lock) ? "!" + hash : hash;
    }

    /** The expiry day stored in /etc/shadow for {@code expires}; -1 (never) for a negative value. */
    long expireDay() {
        return expires < 0 ? -1 : Math.floorDiv((long) Math.floor(expires), 86400L);
    }

    /** useradd/usermod's {@code -e} value: the date in UTC (Ansible's time.gmtime), or empty for never. */
    private String expireDate() {
        return expires < 0 ? "" : LocalDate.ofEpochDay(expireDay()).toString();
    }

    private String showExpiry(long day) {
        return day < 0 ? "never" : LocalDate.ofEpochDay(day).toString();
    }

    /** useradd's flags for a new account's expiry. */
    void useradd(List<String> cmd, List<String> details) {
        if (expires == null) return;
        cmd.addAll(List.of("-e", expireDate()));
        details.add("expires " + showExpiry(expireDay()));
    }

    /** usermod's flags for the expiry when it differs from {@code current}; returns the aging after. */
    Aging usermodExpiry(Aging current, List<String> cmd, List<String> details) {
        if (expires == null) return current;
        long want = expireDay();
        if (current instanceof Known k) {
            // Ansible clears only a set expiry, and compares a wanted date with the stored day.
            if (want < 0 ? k.expireDay() < 0 : k.expireDay() == want) return current;
            cmd.addAll(List.of("-e", expireDate()));
            details.add("expires " + showExpiry(k.expireDay()) + " -> " + showExpiry(want));
            return k.withExpireDay(want);
        }
        cmd.addAll(List.of("-e", expireDate()));
        details.add("expires: cannot compare, /etc/shadow is not readable by the connecting user (use become); set it to " + showExpiry(want));
        return current;
    }

    /**
     * usermod's -L or -U for password_lock against the current password field ({@code null}: unreadable, which Ansible
     * reads as an empty field: it locks every run and never unlocks). Returns the password field after.
     */
    String usermodLock(String password, List<String> cmd, List<String> details) {
        if (lock == null) return password;
        String field = password == null ? "" : password;
        if (lock && !field.startsWith("!")) {
            cmd.add("-L");
            details.add(password == null ? "lock password (cannot check, /etc/shadow is not readable; use become)" : "lock password");
            return password == null ? null : "!" + password;
        }
        if (!lock && field.startsWith("!")) {
            cmd.add("-U");
            details.add("unlock password");
            return password.substring(1);
        }
        return password;
    }

    /** Whether chage has anything to set: password_expire_min, _max or _warn. */
    boolean agesPassword() {
        return expireMin != null || expireMax != null || expireWarn != null;
    }

    /**
     * The chage command that sets password_expire_min/max/warn where they differ from {@code current} (all asked values
     * when the current ones cannot be read), or null when nothing differs.
     */
    String chage(String user, Aging current, List<String> details) {
        if (!agesPassword()) return null;
        List<String> cmd = new ArrayList<>(List.of("chage"));
        boolean known = current instanceof Known;
        Known k = known ? (Known) current : null;
        if (expireMin != null && (!known || k.min() != expireMin)) {
            cmd.addAll(List.of("-m", String.valueOf(expireMin)));
            details.add("password_expire_min " + (known ? show(k.min()) : "(unknown)") + " -> " + expireMin);
        }
        if (expireMax != null && (!known || k.max() != expireMax)) {
            cmd.addAll(List.of("-M", String.valueOf(expireMax)));
            details.add("password_expire_max " + (known ? show(k.max()) : "(unknown)") + " -> " + expireMax);
        }
        if (expireWarn != null && (!known || k.warn() != expireWarn)) {
            cmd.addAll(List.of("-W", String.valueOf(expireWarn)));
            details.add("password_expire_warn " + (known ? show(k.warn()) : "(unknown)") + " -> " + expireWarn);
        }
        if (cmd.size() == 1) return null;
        cmd.addAll(List.of("--", user));
        return Shell.command(cmd);
    }

    /** The aging after {@link #chage} and an expiry change, as far as it can be known. */
    Aging after(Aging current) {
        if (current instanceof Known k) {
            Known out = k.withAging(expireMin, expireMax, expireWarn);
            return expires == null ? out : out.withExpireDay(expireDay());
        }
        return current;
    }

    private static String show(long days) {
        return days < 0 ? "(none)" : String.valueOf(days);
    }
}
