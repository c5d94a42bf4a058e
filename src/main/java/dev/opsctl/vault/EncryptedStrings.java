package dev.opsctl.vault;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code encrypt_string}'s YAML, exactly as ansible-vault prints it: {@code NAME: !vault |} and the envelope indented 10. */
public final class EncryptedStrings {
    private static final String INDENT = " ".repeat(10);

    private EncryptedStrings() {}

    /** One string to encrypt, where it came from (for the notes), and its variable name or null. */
    public record Plain(String text, String from, String name) {}

    /** The YAML blocks joined by newlines (no final newline), and the notes for stderr that tell several apart. */
    public record Output(String yaml, List<String> notes) {}

    public static Output format(List<Plain> plains, VaultSecret secret) {
        List<String> blocks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < plains.size(); i++) {
            Plain p = plains.get(i);
            String envelope = Keyring.encrypt(p.text().getBytes(StandardCharsets.UTF_8), secret);
            List<String> lines = new ArrayList<>();
            lines.add((p.name() != null ? p.name() + ": " : "") + "!vault |");
            for (String l : envelope.split("\n")) lines.add(INDENT + l);
            blocks.add(String.join("\n", lines));
            if (plains.size() > 1) {
                notes.add(p.name() != null
                        ? "# The encrypted version of variable (\"" + p.name() + "\", the string #" + (i + 1) + " from " + p.from() + ").\n"
                        : "# The encrypted version of the string #" + (i + 1) + " from " + p.from() + ".)\n");
            }
        }
        return new Output(String.join("\n", blocks), notes);
    }
}
