package dev.opsctl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code ansible.cfg} Ansible would read, read as Ansible's ConfigParser reads it: {@code [section]} headers,
 * {@code key = value} or {@code key: value}, whole-line comments with {@code #} or {@code ;}, inline comments after
 * {@code " ;"}, indented continuation lines, {@code %%} for one {@code %}. An {@code ANSIBLE_*} environment variable
 * overrides its setting where the caller names one ({@link #setting}).
 *
 * @param file the file read, or null when no configuration file was found
 * @param sections each section's settings, keys in lower case, in file order
 * @param env the environment the file was found in (for {@code ANSIBLE_*} overrides)
 */
public record AnsibleConfig(Path file, Map<String, Map<String, String>> sections, Map<String, String> env) {
    /** No configuration file: every setting is Ansible's default. */
    public static final AnsibleConfig NONE = new AnsibleConfig(null, Map.of(), Map.of());

    /** The settings opsctl reads from ansible.cfg; any other the file sets is listed by {@code opsctl validate}. */
    public static final Set<String> HONOURED = honoured("defaults.roles_path", "defaults.collections_path", "defaults.collections_paths","defaults.ansible_managed", "defaults.inventory",
            "defaults.vault_password_file", "defaults.vault_identity_list",
            "opsctl.notify", "opsctl.notify_environment", "opsctl.allowed_signers");

    /** {@code names} and the connection, fork and become settings of {@link HonouredSettings} (branch loader). */
    private static Set<String> honoured(String... names) {
        Set<String> all = new java.util.HashSet<>(Set.of(names));
        all.addAll(HonouredSettings.KEYS);
        return Set.copyOf(all);
    }

    private static volatile AnsibleConfig current;

    public AnsibleConfig {
        env = Map.copyOf(env);
    }

    /** The configuration of this process (its environment and working directory), read once. */
    public static AnsibleConfig get() {
        AnsibleConfig c = current;
        if (c == null) {
            c = find(Environment.current());
            current = c;
        }
        return c;
    }

    /**
     * The file Ansible uses, the first of: {@code ANSIBLE_CONFIG} (a file, or a directory holding ansible.cfg),
     * {@code ansible.cfg} in the working directory, {@code ~/.ansible.cfg}, {@code /etc/ansible/ansible.cfg}.
     */
    public static AnsibleConfig find(Environment env) {
        List<Path> candidates = new ArrayList<>();
        String configured = env.variable("ANSIBLE_CONFIG");
        if (configured != null && !configured.isBlank()) {
            Path p = env.cwd().resolve(configured.strip());
            candidates.add(Files.isDirectory(p) ? p.resolve("ansible.cfg") : p);
        }
        candidates.add(env.cwd().resolve("ansible.cfg"));
        candidates.add(env.home().resolve(".ansible.cfg"));
        candidates.add(env.etcAnsible().resolve("ansible.cfg"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) return read(p, env.variables());
        }
        return new AnsibleConfig(null, Map.of(), env.variables());
    }

    /** The configuration found from {@code env}, the working directory {@code cwd} and the home directory {@code home}. */
    public static AnsibleConfig find(Map<String, String> env, Path cwd, Path home) {
        return find(new Environment(env, cwd, home, Path.of("/etc/ansible")));
    }

    /** The file's settings; an unreadable file counts as none (as Ansible skips it). */
    public static AnsibleConfig read(Path file) {
        return read(file, Map.of());
    }

    private static AnsibleConfig read(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) return new AnsibleConfig(null, Map.of(), env);
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return new AnsibleConfig(null, Map.of(), env);
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        String lastKey = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (Character.isWhitespace(raw.charAt(0)) && current != null && lastKey != null) {
                current.put(lastKey, current.get(lastKey) + "\n" + line);
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (current == null || sep <= 0) continue;
            lastKey = line.substring(0, sep).strip().toLowerCase();
            // configparser's interpolation, as Ansible reads the file: %% is one %.
            current.put(lastKey, stripComment(line.substring(sep + 1).strip()).replace("%%", "%"));
        }
        return new AnsibleConfig(file.toAbsolutePath().normalize(), sections, env);
    }

    /** An inline comment starts with {@code ;} after white space (Python's configparser, as Ansible sets it up). */
    private static String stripComment(String value) {
        int i = value.indexOf(" ;");
        return i < 0 ? value : value.substring(0, i).stripTrailing();
    }

    /** A setting under {@code [defaults]}, if the file sets it. */
    public Optional<String> defaults(String key) {
        return setting("defaults", key, null);
    }

    /** {@code [section] key}, overridden by the environment variable {@code envName} when set (null: none). */
    public Optional<String> setting(String section, String key, String envName) {
        if (envName != null && env.get(envName) != null) return Optional.of(env.get(envName));
        return Optional.ofNullable(sections.getOrDefault(section, Map.of()).get(key.toLowerCase()));
    }

    /** The file read, if any. */
    public Optional<Path> found() {
        return Optional.ofNullable(file);
    }

    /** The settings of the file that opsctl does not honour, as {@code [section] key}. */
    public List<String> unhonoured() {
        List<String> out = new ArrayList<>();
        sections.forEach((section, keys) -> keys.keySet().forEach(k -> {
            if (!HONOURED.contains(section + "." + k)) out.add("[" + section + "] " + k);
        }));
        return out;
    }

    /** The directory the file's relative paths are taken from. */
    public Path dir() {
        return file.getParent();
    }
}
