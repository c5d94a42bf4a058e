package dev.opsctl.facts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every service on the host, as Ansible's {@code service_facts} reports them: by name, each
 * {@code {name, state, status, source}}; from systemctl's unit listings when systemd runs the host, else from
 * {@code service --status-all} (sysvinit scripts, without a status).
 */
public record ServicesQuery() implements FactQuery<Map<String, Map<String, Object>>> {
    public static final ServicesQuery INSTANCE = new ServicesQuery();
    private static final Pattern SYSV = Pattern.compile("^\\s*\\[ ([+-]) \\]\\s+(.+)$");

    @Override
    public String key() {
        return "services";
    }

    @Override
    public String script() {
        return "if " + SystemdQuery.TEST + "; then "
                + "echo @units; systemctl list-units --no-pager --type service --all --plain --no-legend; "
                + "echo @files; systemctl list-unit-files --no-pager --type service --no-legend; "
                + "elif command -v service >/dev/null 2>&1; then echo @sysv; service --status-all 2>&1 </dev/null; fi";
    }

    @Override
    public Map<String, Map<String, Object>> parse(String output) {
        Map<String, Map<String, Object>> services = new TreeMap<>();
        String section = "";
        for (String line : output.split("\n")) {
            if (line.startsWith("@")) {
                section = line;
                continue;
            }
            String[] f = line.strip().split("\\s+");
            switch (section) {
                case "@units" -> {
                    // UNIT LOAD ACTIVE SUB DESCRIPTION; a failed unit may start with a bullet.
                    int i = f.length > 0 && (f[0].equals("●") || f[0].equals("*")) ? 1 : 0;
                    if (f.length < i + 4 || !f[i].endsWith(".service")) continue;
                    services.put(f[i], service(f[i], f[i + 3].equals("running") ? "running" : "stopped", "unknown", "systemd"));
                }
                case "@files" -> {
                    if (f.length < 2 || !f[0].endsWith(".service")) continue;
                    Map<String, Object> s = services.computeIfAbsent(f[0], n -> service(n, "inactive", f[1], "systemd"));
                    if (!"not-found".equals(s.get("status")) && !"masked".equals(s.get("status"))) s.put("status", f[1]);
                }
                case "@sysv" -> {
                    Matcher m = SYSV.matcher(line);
                    if (m.matches()) {
                        String name = m.group(2).strip();
                        Map<String, Object> s = new LinkedHashMap<>();
                        s.put("name", name);
                        s.put("state", m.group(1).equals("+") ? "running" : "stopped");
                        s.put("source", "sysv");
                        services.put(name, s);
                    }
                }
                default -> { }
            }
        }
        return services;
    }

    private static Map<String, Object> service(String name, String state, String status, String source) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", name);
        s.put("state", state);
        s.put("status", status);
        s.put("source", source);
        return s;
    }
}
