package dev.opsctl.module.user;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/**
 * The password aging fields of the user {@code name} in /etc/shadow (minimum and maximum days between changes, the
 * days of warning before a password expires, and the account's expiry day), which Ansible's user module compares for
 * password_expire_min/max/warn and expires.
 */
public record PasswordAgingQuery(String name) implements FactQuery<PasswordAgingQuery.Aging> {
    /** What /etc/shadow says about the user's password aging. */
    public sealed interface Aging {}

    /** /etc/shadow is not readable by the connecting user, or the user has no line there (a new user). */
    public record Unknown() implements Aging {}

    /** The fields as stored; -1 where a field is empty (no limit, never expires), as getspnam reports it. */
    public record Known(long min, long max, long warn, long expireDay) implements Aging {
        /** These fields with the given minimum, maximum and warning days, each where not null. */
        public Known withAging(Integer newMin, Integer newMax, Integer newWarn) {
            return new Known(newMin != null ? newMin : min, newMax != null ? newMax : max, newWarn != null ? newWarn : warn, expireDay);
        }

        public Known withExpireDay(long day) {
            return new Known(min, max, warn, day);
        }
    }

    public static final Aging UNKNOWN = new Unknown();

    @Override
    public String key() {
        return "password-aging:" + name;
    }

    @Override
    public String script() {
        return "u=" + Shell.quote(name) + "; if [ -r /etc/shadow ]; then a=absent; "
                + "while IFS= read -r l || [ -n \"$l\" ]; do case $l in \"$u\":*) a=\"aging ${l#*:*:*:}\"; break;; esac; "
                + "done < /etc/shadow; printf '%s\\n' \"$a\"; else echo unreadable; fi";
    }

    @Override
    public Aging parse(String output) {
        String line = output.strip();
        // Only the fields after the password hash are printed: min:max:warn:inactive:expire:reserved.
        if (!line.startsWith("aging ")) return UNKNOWN;
        String[] f = line.substring(6).split(":", -1);
        if (f.length < 5) return UNKNOWN;
        return new Known(day(f[0]), day(f[1]), day(f[2]), day(f[4]));
    }

    private static long day(String field) {
        return field.isEmpty() ? -1 : Long.parseLong(field);
    }
}
