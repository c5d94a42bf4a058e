package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.HashMap;
import java.util.Map;

/**
 * One service's state: through systemctl when systemd runs the host (tested as {@link SystemdQuery} does), else
 * through the sysvinit {@code service} command and /etc/init.d, as Ansible's service module does.
 */
public record ServiceQuery(String name) implements FactQuery<ServiceState> {
    @Override
    public String key() {
        return "service:" + name;
    }

    @Override
    public String script() {
        String n = Shell.quote(name);
        // A unit's file state is one word ("enabled", "static", "masked", ...); is-enabled exits 0 for the enabled kinds.
        return "if " + SystemdQuery.TEST + "; then echo manager=systemd; "
                // Not `show --value`: systemd before 230 (RHEL 7) lacks it; the parser drops the "LoadState=" itself.
                + "echo load=$(systemctl show -p LoadState -- " + n + "); "
                + "echo active=$(systemctl is-active -- " + n + "); "
                + "e=$(systemctl is-enabled -- " + n + "); echo enabled_rc=$?; echo enabled=$e; "
                + "else echo manager=sysvinit; "
                + "[ -f /etc/init.d/" + n + " ] && echo script=yes; "
                // service takes no "--": a name it would read as an option ("--status-all") is asked by its script's path.
                + (name.startsWith("-") ? "s=$(/etc/init.d/" + n + " status 2>&1 </dev/null); "
                        : "if command -v service >/dev/null 2>&1; then s=$(service " + n + " status 2>&1 </dev/null); "
                        + "else s=$(/etc/init.d/" + n + " status 2>&1 </dev/null); fi; ")
                + "echo status=$?; "
                + "if command -v update-rc.d >/dev/null 2>&1; then echo tool=update-rc.d; "
                + "for f in /etc/rc?.d/S??" + n + "; do [ -e \"$f\" ] && { echo enabled=yes; break; }; done; "
                + "for f in /etc/rc?.d/K??" + n + "; do [ -e \"$f\" ] && { echo klinks=yes; break; }; done; "
                + "elif command -v chkconfig >/dev/null 2>&1; then echo tool=chkconfig; "
                + "c=$(" + (name.startsWith("-") ? "true" : "chkconfig --list " + n) + " 2>&1); case $c in *3:on*5:on*) echo enabled=yes;; esac; "
                + "else echo tool=none; fi; fi";
    }

    @Override
    public ServiceState parse(String output) {
        Map<String, String> v = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) v.putIfAbsent(line.substring(0, eq), line.substring(eq + 1).strip());
        }
        if ("systemd".equals(v.get("manager"))) {
            String load = v.getOrDefault("load", "").replaceFirst("^LoadState=", "");
            String enabled = v.getOrDefault("enabled", "");
            boolean found = !load.isEmpty() && !load.equals("not-found");
            boolean active = v.getOrDefault("active", "").equals("active") || v.getOrDefault("active", "").equals("reloading");
            // As Ansible's systemd module: is-enabled exiting 0 means enabled, except for an "indirect" or "alias" unit.
            boolean isEnabled = "0".equals(v.get("enabled_rc")) && !enabled.equals("indirect") && !enabled.equals("alias");
            return new ServiceState(ServiceState.SYSTEMD, found, active, isEnabled,
                    enabled.startsWith("masked") || load.equals("masked"), "systemctl", false);
        }
        // LSB: status exits 0 when running; 1-4 (and 69) when not. No script and no status answer means no service.
        boolean script = v.containsKey("script");
        String status = v.getOrDefault("status", "");
        return new ServiceState(ServiceState.SYSVINIT, script, status.equals("0"), v.containsKey("enabled"), false,
                v.getOrDefault("tool", "none"), v.containsKey("klinks"));
    }
}
