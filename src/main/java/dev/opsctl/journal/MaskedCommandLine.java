package dev.opsctl.journal;

import dev.opsctl.secret.Secrets;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * A command line as the journal keeps it: {@code opsctl} and its arguments, quoted as a shell would need them, with
 * every {@code -e}/{@code --extra-vars} value replaced by the mask (a value may be a password; even a file name is
 * not kept) and any secret opsctl knows masked as everywhere else.
 */
public final class MaskedCommandLine {
    private MaskedCommandLine() {}

    public static String of(List<String> args) {
        List<String> words = new ArrayList<>(List.of("opsctl"));
        boolean valueNext = false;
        for (String a : args) {
            if (valueNext) {
                words.add(Secrets.MASK);
                valueNext = false;
            } else if (a.equals("-e") || a.equals("--extra-vars")) {
                words.add(a);
                valueNext = true;
            } else if (a.startsWith("--extra-vars=")) {
                words.add("--extra-vars=" + Secrets.MASK);
            } else if (a.startsWith("-e") && !a.startsWith("--")) {
                words.add("-e" + Secrets.MASK);
            } else {
                words.add(a);
            }
        }
        List<String> quoted = words.stream().map(w -> w.matches("[A-Za-z0-9_@%+=:,./*-]+") ? w : Shell.quote(w)).toList();
        return Secrets.mask(String.join(" ", quoted));
    }
}
