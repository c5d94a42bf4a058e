package dev.opsctl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One {@code ansible.cfg} file, read as Ansible's ConfigParser reads it: {@code [section]} headers, {@code key = value}
 * or {@code key: value}, whole-line comments with {@code #} or {@code ;}, inline comments after {@code " ;"}.
 *
 * @param file the file read, or null when no configuration file was found
 */
public record AnsibleConfig(Path file, Map<String, Map<String, String>> sections) {
    /** No configuration file: every setting is Ansible's default. */
    public static final AnsibleConfig NONE = new AnsibleConfig(null, Map.of());

    /**
     * The file Ansible uses, the first of: {@code ANSIBLE_CONFIG} (a file, or a directory holding ansible.cfg),
     * {@code ansible.cfg} in the working directory, {@code ~/.ansible.cfg}, {@code /etc/ansible/ansible.cfg}.
     */
    public static AnsibleConfig find(Environment env) {
        String configured = env.variable("ANSIBLE_CONFIG");
        if (configured != null && !configured.isBlank()) {
            Path p = env.cwd().resolve(configured.strip());
            if (Files.isDirectory(p)) p = p.resolve("ansible.cfg");
            if (Files.isRegularFile(p)) return read(p);
        }
        for (Path p : List.of(env.cwd().resolve("ansible.cfg"), env.home().resolve(".ansible.cfg"), env.etcAnsible().resolve("ansible.cfg"))) {
            if (Files.isRegularFile(p)) return read(p);
        }
        return NONE;
    }

    /** The file's settings; an unreadable file counts as none (as Ansible skips it). */
    public static AnsibleConfig read(Path file) {
        if (!Files.isRegularFile(file)) return NONE;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            return NONE;
        }
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip(), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (current == null || sep <= 0) continue;
            String value = line.substring(sep + 1);
            int comment = value.indexOf(" ;");
            if (comment >= 0) value = value.substring(0, comment);
            current.put(line.substring(0, sep).strip().toLowerCase(), value.strip());
        }
        return new AnsibleConfig(file.toAbsolutePath().normalize(), sections);
    }

    /** A setting under {@code [defaults]}, if the file sets it. */
    public Optional<String> defaults(String key) {
        return Optional.ofNullable(sections.getOrDefault("defaults", Map.of()).get(key));
    }

    /** The directory the file's relative paths are taken from. */
    public Path dir() {
        return file.getParent();
    }
}
