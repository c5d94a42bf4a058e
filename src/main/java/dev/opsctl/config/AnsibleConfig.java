package dev.opsctl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ansible.cfg} Ansible would read, found as Ansible finds it: {@code ANSIBLE_CONFIG}, then
 * {@code ./ansible.cfg}, {@code ~/.ansible.cfg}, {@code /etc/ansible/ansible.cfg}, the first that exists.
 * Settings are read by section and key; an {@code ANSIBLE_*} environment variable overrides its setting.
 */
public final class AnsibleConfig {
    private static volatile AnsibleConfig current;

    private final Path file;
    private final Map<String, String> settings;
    private final Map<String, String> env;

    AnsibleConfig(Path file, Map<String, String> settings, Map<String, String> env) {
        this.file = file;
        this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.env = Map.copyOf(env);
    }

    /** The configuration of this process (its environment and working directory), read once. */
    public static AnsibleConfig get() {
        AnsibleConfig c = current;
        if (c == null) {
            c = find(System.getenv(), Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
            current = c;
        }
        return c;
    }

    /** The configuration found from {@code env}, the working directory {@code cwd} and the home directory {@code home}. */
    public static AnsibleConfig find(Map<String, String> env, Path cwd, Path home) {
        List<Path> candidates = new java.util.ArrayList<>();
        String named = env.get("ANSIBLE_CONFIG");
        if (named != null && !named.isBlank()) {
            Path p = cwd.resolve(named);
            candidates.add(Files.isDirectory(p) ? p.resolve("ansible.cfg") : p);
        }
        candidates.add(cwd.resolve("ansible.cfg"));
        candidates.add(home.resolve(".ansible.cfg"));
        candidates.add(Path.of("/etc/ansible/ansible.cfg"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return new AnsibleConfig(p, read(p), env);
        }
        return new AnsibleConfig(null, Map.of(), env);
    }

    /** The file read, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** {@code [section] key}, overridden by the environment variable {@code envName} when set (null: none). */
    public Optional<String> setting(String section, String key, String envName) {
        if (envName != null && env.get(envName) != null) return Optional.of(env.get(envName));
        return Optional.ofNullable(settings.get(section + "." + key));
    }

    /** The settings opsctl reads from ansible.cfg; any other the file sets is listed by {@code opsctl validate}. */
    public static final java.util.Set<String> HONOURED = java.util.Set.of("defaults.roles_path", "defaults.ansible_managed");

    /** The settings of the file that opsctl does not honour, as {@code [section] key}. */
    public java.util.List<String> unhonoured() {
        return settings.keySet().stream().filter(k -> !HONOURED.contains(k))
                .map(k -> "[" + k.substring(0, k.indexOf('.')) + "] " + k.substring(k.indexOf('.') + 1)).toList();
    }

    /** Every {@code section.key} the file sets, in file order. */
    public Map<String, String> all() {
        return settings;
    }

    /** ansible.cfg's INI dialect: {@code key = value} or {@code key: value}, {@code #} and {@code ;} comments, indented continuation lines. */
    static Map<String, String> read(Path p) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(p);
        } catch (IOException e) {
            return out;
        }
        String section = "";
        String lastKey = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (Character.isWhitespace(raw.charAt(0)) && lastKey != null) {
                out.put(lastKey, out.get(lastKey) + "\n" + line);
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                lastKey = null;
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (at <= 0) continue;
            lastKey = section + "." + line.substring(0, at).strip();
            // configparser's interpolation, as Ansible reads the file: %% is one %.
            out.put(lastKey, stripComment(line.substring(at + 1).strip()).replace("%%", "%"));
        }
        return out;
    }

    /** An inline comment starts with {@code ;} after white space (Python's configparser, as Ansible sets it up). */
    private static String stripComment(String value) {
        int i = value.indexOf(" ;");
        return i < 0 ? value : value.substring(0, i).stripTrailing();
    }
}
