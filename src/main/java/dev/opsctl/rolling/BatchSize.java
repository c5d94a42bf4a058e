package dev.opsctl.rolling;

/** One entry of {@code serial} (or {@code opsctl reboot --batch}): a number of hosts, or a percentage of them. */
public sealed interface BatchSize {
    /** How many hosts this entry takes out of {@code total}; 0 or less means all that are left. */
    int hostsOf(int total);

    /** {@code serial: 2}. */
    record Count(int hosts) implements BatchSize {
        @Override
        public int hostsOf(int total) {
            return hosts;
        }

        @Override
        public String toString() {
            return Integer.toString(hosts);
        }
    }

    /** {@code serial: "25%"}: of the play's hosts, rounded down but at least one, as Ansible's pct_to_int. */
    record Percent(int percent) implements BatchSize {
        @Override
        public int hostsOf(int total) {
            return Math.max(1, (int) (percent / 100.0 * total));
        }

        @Override
        public String toString() {
            return percent + "%";
        }
    }

    /**
     * Reads {@code 5}, {@code "5"} or {@code "25%"}; throws IllegalArgumentException saying what was expected.
     * Like Ansible, a percentage is a whole number.
     */
    static BatchSize parse(Object value) {
        if (value instanceof Integer || value instanceof Long) return new Count(((Number) value).intValue());
        if (value instanceof String s) {
            String t = s.strip();
            try {
                if (t.endsWith("%")) return new Percent(Integer.parseInt(t.substring(0, t.length() - 1).strip()));
                return new Count(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
        }
        String hint = value instanceof String s && s.contains("{{") ? " (templated batch sizes are not supported)" : "";
        throw new IllegalArgumentException("a batch size must be a whole number or a percentage such as \"25%\", not '" + value + "'" + hint);
    }
}
