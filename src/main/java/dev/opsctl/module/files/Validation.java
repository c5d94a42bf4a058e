package dev.opsctl.module.files;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Ansible's {@code validate:} on the modules that write a file: a command run on the written temp file ({@code %s})
 * before it is renamed onto its path. Like Ansible's {@code run_command}, the command is split into words and run
 * without a shell; a non-zero exit leaves the file at the path untouched and fails the task with the command's output.
 */
public record Validation(List<String> words) {
    /** Starts the message of a failed validation, as Ansible's is {@code failed to validate}. */
    public static final String FAILED = "failed to validate";

    public Validation {
        words = List.copyOf(words);
    }

    /** The task's {@code validate} argument, or null when there is none. */
    public static Validation parse(Args args) {
        String v = args.string("validate");
        if (v == null) return null;
        if (!v.contains("%s")) throw new ArgException("validate must contain %s: " + v);
        try {
            List<String> words = Shell.split(v);
            if (words.isEmpty()) throw new ArgException("validate must contain %s: " + v);
            return new Validation(words);
        } catch (IllegalArgumentException e) {
            throw new ArgException("argument 'validate': " + e.getMessage());
        }
    }

    /**
     * The command for a script in which {@code tmpVar} (a shell variable name) holds the temp file's path: the
     * validator runs with every {@code %s} replaced by it ({@code %%} is a literal {@code %}, as Python's {@code %}
     * formatting reads it), and on failure its output goes to standard error after {@link #FAILED}.
     */
    public String command(String tmpVar) {
        List<String> shellWords = new ArrayList<>();
        for (String w : words) shellWords.add(word(w, "\"$" + tmpVar + "\""));
        return "{ opsctl_v=$(" + String.join(" ", shellWords) + " 2>&1) || { printf '%s: %s\\n' "
                + Shell.quote(FAILED) + " \"$opsctl_v\" >&2; false; }; }";
    }

    /** One word with each {@code %s} standing for {@code tmp} (an already quoted shell expansion). */
    private static String word(String w, String tmp) {
        StringBuilder out = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c == '%' && i + 1 < w.length() && w.charAt(i + 1) == 's') {
                if (!literal.isEmpty()) out.append(Shell.quote(literal.toString()));
                literal.setLength(0);
                out.append(tmp);
                i++;
            } else if (c == '%' && i + 1 < w.length() && w.charAt(i + 1) == '%') {
                literal.append('%');
                i++;
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty() || out.isEmpty()) out.append(Shell.quote(literal.toString()));
        return out.toString();
    }
}
