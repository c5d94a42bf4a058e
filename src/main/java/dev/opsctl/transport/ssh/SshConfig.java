package dev.opsctl.transport.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parts of an OpenSSH client config ({@code ~/.ssh/config}) that opsctl honours: {@code Host} blocks with
 * HostName, Port, User, IdentityFile and ProxyJump. As in ssh, the first value found for a keyword wins, and
 * {@code Match} blocks are passed over.
 */
public final class SshConfig {
    private static final List<String> KEYWORDS = List.of("hostname", "port", "user", "identityfile", "proxyjump", "proxycommand");

    private record Block(List<String> patterns, List<String[]> settings) {}

    /** What the config says for one host alias; null fields are unset. */
    /** @param proxyCommand as written (tokens not expanded), or null; "none" is null */
    public record HostEntry(String hostname, Integer port, String user, List<String> identityFiles, String proxyJump,
                            String proxyCommand) {}

    private final List<Block> blocks;

    private SshConfig(List<Block> blocks) {
        this.blocks = blocks;
    }

    public static SshConfig empty() {
        return new SshConfig(List.of());
    }

    /** Reads {@code file}; a missing file is an empty config. */
    public static SshConfig load(Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) return empty();
        return parse(Files.readAllLines(file));
    }

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".ssh", "config");
    }

    static SshConfig parse(List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        Block current = new Block(List.of("*"), new ArrayList<>());
        blocks.add(current);
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (key.equals("host")) {
                current = new Block(List.of(value.split("\\s+")), new ArrayList<>());
                blocks.add(current);
            } else if (key.equals("match")) {
                current = new Block(List.of(), new ArrayList<>());
                blocks.add(current);
            } else if (KEYWORDS.contains(key)) {
                current.settings().add(new String[] {key, value});
            }
        }
        return new SshConfig(blocks);
    }

    /** The settings that apply to {@code alias}, with ssh's tokens %h, %p, %r, %u and ~ expanded. */
    public HostEntry lookup(String alias) {
        Map<String, String> first = new LinkedHashMap<>();
        List<String> identities = new ArrayList<>();
        for (Block b : blocks) {
            if (!matches(b.patterns(), alias)) continue;
            for (String[] s : b.settings()) {
                if (s[0].equals("identityfile")) identities.add(s[1]);
                else first.putIfAbsent(s[0], s[1]);
            }
        }
        String hostname = first.containsKey("hostname") ? first.get("hostname").replace("%h", alias) : null;
        Integer port = first.containsKey("port") ? Integer.valueOf(first.get("port")) : null;
        String user = first.get("user");
        String effectiveHost = hostname != null ? hostname : alias;
        String effectiveUser = user != null ? user : System.getProperty("user.name");
        List<String> files = new ArrayList<>();
        for (String f : identities) {
            String e = f.replace("%h", effectiveHost).replace("%r", effectiveUser).replace("%u", System.getProperty("user.name"))
                    .replace("%d", System.getProperty("user.home"));
            if (e.startsWith("~/")) e = System.getProperty("user.home") + e.substring(1);
            files.add(e);
        }
        String jump = first.get("proxyjump");
        if (jump != null && jump.equalsIgnoreCase("none")) jump = null;
        String command = first.get("proxycommand");
        if (command != null && (command.equalsIgnoreCase("none") || command.isBlank())) command = null;
        return new HostEntry(hostname, port, user, files, jump, command);
    }

    private static boolean matches(List<String> patterns, String alias) {
        boolean hit = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String glob = negated ? p.substring(1) : p;
            if (glob(glob).matcher(alias).matches()) {
                if (negated) return false;
                hit = true;
            }
        }
        return hit;
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }
}
