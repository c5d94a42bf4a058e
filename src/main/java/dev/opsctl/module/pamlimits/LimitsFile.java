package dev.opsctl.module.pamlimits;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.PlanException;
import java.util.List;

/** limits.conf rewritten as pam_limits.py rewrites it, quirks included (a comment carried over from an earlier line). */
final class LimitsFile {
    /** The new text, whether it differs, and the line pam_limits reports as {@code msg}. */
    record Result(String text, boolean changed, String message) {}

    private static final List<String> UNLIMITED = List.of("unlimited", "infinity", "-1");

    private LimitsFile() {}

    /** pam_limits.py's value check; {@code prefix} empty for the task's own value (an argument error). */
    static void checkValue(String item, String value, String prefix) {
        String msg = null;
        if (item.equals("nice") || item.equals("priority")) {
            boolean valid;
            try {
                int v = Integer.parseInt(value.strip());
                valid = v >= -20 && v <= 19;
            } catch (NumberFormatException e) {
                valid = false;
            }
            if (!valid) msg = prefix + " Value of '" + value + "' for item '" + item + "' is invalid. Value must be a number in the range -20 to 19 "
                    + "inclusive. Refer to the limits.conf(5) manual pages for more details.";
        } else if (!(UNLIMITED.contains(value) || value.matches("\\d+"))) {
            msg = prefix + " Value of '" + value + "' for item '" + item + "' is invalid. Value must either be 'unlimited', 'infinity' or -1, all "
                    + "of which indicate no limit, or a limit of 0 or larger. Refer to the limits.conf(5) manual pages for more details.";
        }
        if (msg == null) return;
        if (prefix.isEmpty()) throw new ArgException(msg);
        throw new PlanException(msg);
    }

    static Result apply(String text, PamLimitsModule.LimitArgs a) {
        StringBuilder out = new StringBuilder();
        boolean found = false;
        boolean changed = false;
        String message = "";
        String newValue = a.value();
        String comment = a.comment();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            String line = text.substring(start, nl < 0 ? text.length() : nl + 1);
            start += line.length();
            if (line.startsWith("#")) {
                out.append(line);
                continue;
            }
            String squeezed = line.replaceAll("\\s+", " ").strip();
            if (squeezed.isEmpty()) {
                out.append(line);
                continue;
            }
            String content = squeezed.split("#", 2)[0].stripTrailing();
            int hash = line.indexOf('#');
            String oldComment = hash < 0 ? "" : line.substring(hash + 1);
            if (comment.isEmpty()) comment = oldComment;
            String[] fields = content.split(" ", -1);
            if (fields.length != 4) {
                out.append(line);
                continue;
            }
            checkValue(fields[2], fields[3], "Invalid configuration found in '" + a.dest() + "'.");
            if (!(fields[0].equals(a.domain()) && fields[1].equals(a.type()) && fields[2].equals(a.item()))) {
                out.append(line);
                continue;
            }
            found = true;
            String actual = fields[3];
            if (a.value().equals(actual)) {
                message = line;
                out.append(line);
                continue;
            }
            // pam_limits.py tests the type, not the item, for nice and priority: never true, so both are compared as limits.
            boolean actualUnlimited = UNLIMITED.contains(actual);
            boolean valueUnlimited = UNLIMITED.contains(a.value());
            if (a.useMax()) {
                newValue = actualUnlimited ? actual : valueUnlimited ? a.value()
                        : String.valueOf(Math.max(Long.parseLong(a.value()), Long.parseLong(actual)));
            }
            if (a.useMin()) {
                newValue = actualUnlimited && valueUnlimited ? actual : actualUnlimited ? a.value() : valueUnlimited ? actual
                        : String.valueOf(Math.min(Long.parseLong(a.value()), Long.parseLong(actual)));
            }
            if (!newValue.equals(actual)) {
                changed = true;
                if (!comment.isEmpty()) comment = "\t#" + comment;
                String limit = a.domain() + "\t" + a.type() + "\t" + a.item() + "\t" + newValue + comment + "\n";
                message = limit;
                out.append(limit);
            } else {
                message = line;
                out.append(line);
            }
        }
        if (!found) {
            changed = true;
            if (!comment.isEmpty()) comment = "\t#" + comment;
            String limit = a.domain() + "\t" + a.type() + "\t" + a.item() + "\t" + newValue + comment + "\n";
            message = limit;
            out.append(limit);
        }
        return new Result(out.toString(), changed, message);
    }
}
