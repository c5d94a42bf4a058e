package dev.opsctl.transport.ssh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Works out how to reach a host, as Ansible with OpenSSH would: inventory variables first, then the command line,
 * then {@code ~/.ssh/config} for the address {@code ansible_host} names. A jump host comes from
 * {@code opsctl_jump_host}, a {@code ProxyJump} in {@code ansible_ssh_common_args}/{@code ansible_ssh_extra_args},
 * or the config; when it names an inventory host, that host's own variables say how to reach it.
 */
public final class SshTargets {
    private static final Pattern PROXY_JUMP = Pattern.compile("(?:-o\\s*ProxyJump[= ]|-J\\s*)['\"]?([^'\"\\s]+)");

    private final SshDefaults defaults;
    private final Function<String, Map<String, Object>> inventoryVars;

    /** @param inventoryVars an inventory host's variables by name, or null when there is no such host */
    public SshTargets(SshDefaults defaults, Function<String, Map<String, Object>> inventoryVars) {
        this.defaults = defaults;
        this.inventoryVars = inventoryVars;
    }

    /** The target for inventory host {@code name} with (rendered) variables {@code vars}. */
    public SshTarget resolve(String name, Map<String, ?> vars) {
        return resolve(name, vars, 0);
    }

    private SshTarget resolve(String name, Map<String, ?> vars, int depth) {
        String alias = string(vars, "ansible_host", name);
        SshConfig.HostEntry cfg = defaults.config().lookup(alias);
        String hostname = cfg.hostname() != null ? cfg.hostname() : alias;
        int port = vars.get("ansible_port") != null ? parsePort(name, vars.get("ansible_port"))
                : cfg.port() != null ? cfg.port() : 22;
        String user = firstNonNull(string(vars, "ansible_user", null), defaults.user(), cfg.user(), System.getProperty("user.name"));
        List<Path> keys = new ArrayList<>();
        String keyVar = string(vars, "ansible_ssh_private_key_file", null);
        if (keyVar != null) keys.add(expandHome(keyVar));
        else if (defaults.privateKey() != null) keys.add(defaults.privateKey());
        else cfg.identityFiles().forEach(f -> keys.add(Path.of(f)));
        String password = firstNonNull(string(vars, "ansible_password", null), string(vars, "ansible_ssh_pass", null), defaults.password());
        SshTarget target = new SshTarget(name, hostname, port, user, keys, password, connectTimeout(name, vars), null, null);

        String jump = jumpOf(vars, cfg);
        String proxy = proxyCommandOf(vars, cfg);
        if (proxy != null) {
            // OpenSSH uses whichever comes first; a host given both is more likely a mistake than a choice.
            if (jump != null) throw new IllegalArgumentException(name + ": both a jump host (" + jump + ") and a ProxyCommand are set; keep one");
            return target.withProxyCommand(expandTokens(proxy, alias, hostname, port, user));
        }
        if (jump == null) return target;
        if (depth > 0) throw new IllegalArgumentException(name + ": a jump host that needs a jump host of its own is not supported");
        return target.withJump(jumpTarget(jump, depth));
    }

    private String jumpOf(Map<String, ?> vars, SshConfig.HostEntry cfg) {
        String explicit = string(vars, "opsctl_jump_host", null);
        if (explicit != null && !explicit.isBlank()) return explicit.strip();
        for (String key : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            String args = string(vars, key, null);
            if (args == null) continue;
            Matcher m = PROXY_JUMP.matcher(args);
            if (m.find()) return m.group(1);
        }
        return cfg.proxyJump();
    }

    /** {@code -o ProxyCommand=...} in ansible_ssh_common_args/extra_args, else the ssh config's; null when none. */
    private static String proxyCommandOf(Map<String, ?> vars, SshConfig.HostEntry cfg) {
        for (String key : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            String args = string(vars, key, null);
            if (args == null) continue;
            List<String> words = dev.opsctl.transport.Shell.split(args);
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                String option = w.equals("-o") && i + 1 < words.size() ? words.get(i + 1) : w.startsWith("-o") ? w.substring(2) : null;
                if (option == null || !option.toLowerCase(java.util.Locale.ROOT).startsWith("proxycommand")) continue;
                String value = option.substring("proxycommand".length()).replaceFirst("^\\s*=?\\s*", "");
                return value.isBlank() || value.equalsIgnoreCase("none") ? null : value;
            }
        }
        return cfg.proxyCommand();
    }

    /** OpenSSH's tokens in a ProxyCommand: %h host, %p port, %r user, %n the name as given, %% a percent sign. */
    static String expandTokens(String command, String alias, String hostname, int port, String user) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c != '%' || i + 1 == command.length()) {
                out.append(c);
                continue;
            }
            char t = command.charAt(++i);
            switch (t) {
                case 'h' -> out.append(hostname);
                case 'p' -> out.append(port);
                case 'r' -> out.append(user);
                case 'n' -> out.append(alias);
                case '%' -> out.append('%');
                default -> throw new IllegalArgumentException("ProxyCommand " + command + ": unknown token %" + t);
            }
        }
        return out.toString();
    }

    /** A jump spec: an inventory host name, or {@code [user@]host[:port]} (the first hop of a list). */
    private SshTarget jumpTarget(String spec, int depth) {
        String first = spec.split(",", 2)[0].strip();
        Map<String, Object> inv = inventoryVars.apply(first);
        if (inv != null) return resolve(first, inv, depth + 1);
        String user = null;
        String hostPort = first;
        int at = first.lastIndexOf('@');
        if (at >= 0) {
            user = first.substring(0, at);
            hostPort = first.substring(at + 1);
        }
        Map<String, Object> vars = new java.util.LinkedHashMap<>();
        int colon = hostPort.lastIndexOf(':');
        if (colon > 0 && hostPort.indexOf(':') == colon) {
            vars.put("ansible_port", hostPort.substring(colon + 1));
            hostPort = hostPort.substring(0, colon);
        }
        vars.put("ansible_host", hostPort);
        if (user != null) vars.put("ansible_user", user);
        return resolve(first, vars, depth + 1);
    }

    /** {@code ansible_timeout} / {@code ansible_ssh_timeout} (seconds) when set, else {@code --timeout}. */
    private java.time.Duration connectTimeout(String name, Map<String, ?> vars) {
        String v = firstNonNull(string(vars, "ansible_ssh_timeout", null), string(vars, "ansible_timeout", null));
        if (v == null) return defaults.timeout();
        try {
            return java.time.Duration.ofSeconds(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": ansible_timeout '" + v + "' is not a number of seconds");
        }
    }

    private static int parsePort(String name, Object v) {
        try {
            return Integer.parseInt(String.valueOf(v).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": ansible_port '" + v + "' is not a number");
        }
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) if (v != null) return v;
        return null;
    }

    private static String string(Map<String, ?> vars, String key, String fallback) {
        Object v = vars.get(key);
        return v == null ? fallback : v.toString();
    }

    private static Path expandHome(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
    }
}
