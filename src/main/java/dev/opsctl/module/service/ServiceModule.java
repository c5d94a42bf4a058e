package dev.opsctl.module.service;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.ServiceQuery;
import dev.opsctl.facts.ServiceState;
import dev.opsctl.facts.ServicesQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ansible's {@code service} and {@code systemd}: a service started, stopped, restarted or reloaded, enabled at boot or
 * not. Through systemctl when systemd runs the host; otherwise through the sysvinit {@code service} command with
 * update-rc.d (Debian) or chkconfig (Red Hat) for boot links. {@code systemd} adds daemon_reload and masked.
 */
public final class ServiceModule implements HostModule<ServiceModule.ServiceArgs> {
    /** What a task asks of the service's running state. */
    public enum Wanted { STARTED, STOPPED, RESTARTED, RELOADED }

    /** Typed arguments; {@code state}, {@code enabled} and {@code masked} are null when not asked for. */
    public record ServiceArgs(String name, Wanted state, Boolean enabled, Boolean masked, boolean daemonReload, int sleep,
                              String use) {}

    private final boolean systemd;

    /** {@code systemd}: the systemd module (systemctl only, daemon_reload and masked); else the service module. */
    public ServiceModule(boolean systemd) {
        this.systemd = systemd;
    }

    @Override
    public String name() {
        return systemd ? "systemd" : "service";
    }

    @Override
    public ArgSpec spec() {
        return systemd ? ArgSpec.of("name", "service", "unit", "state", "enabled", "masked", "daemon_reload", "daemon-reload")
                : ArgSpec.of("name", "state", "enabled", "sleep", "use", "pattern", "runlevel", "arguments", "args").require("name");
    }

    @Override
    public ServiceArgs parse(Args args, ModuleContext ctx) {
        String name = args.string("name", "service", "unit");
        String s = args.choice("state", null, "started", "stopped", "restarted", "reloaded");
        Wanted state = s == null ? null : Wanted.valueOf(s.toUpperCase());
        Boolean enabled = args.has("enabled") ? args.bool("enabled", false) : null;
        Boolean masked = args.has("masked") ? args.bool("masked", false) : null;
        boolean reload = args.bool("daemon_reload", args.bool("daemon-reload", false));
        if (name == null && (state != null || enabled != null || masked != null)) throw new ArgException("missing required argument 'name'");
        if (state == null && enabled == null && masked == null && !reload) {
            throw new ArgException(systemd ? "one of the following is required: state, enabled, masked, daemon_reload"
                    : "one of the following is required: state, enabled");
        }
        String sleep = args.string("sleep");
        if (sleep != null && !sleep.strip().matches("\\d{1,5}")) throw new ArgException("argument 'sleep' must be an integer, not '" + sleep + "'");
        // Ansible's service picks its backend by `use` (auto: the host's service manager); opsctl has systemd and sysvinit.
        String use = args.choice("use", "auto", "auto", "service", "sysvinit", "systemd");
        for (String unsupported : List.of("pattern", "arguments", "args")) {
            if (args.has(unsupported)) throw new ArgException("argument '" + unsupported + "' is not supported by opsctl's service");
        }
        if (args.has("runlevel") && !"default".equals(args.string("runlevel"))) {
            throw new ArgException("argument 'runlevel' is not supported by opsctl's service (only 'default')");
        }
        return new ServiceArgs(name, state, enabled, masked, reload, sleep == null ? 0 : Integer.parseInt(sleep.strip()), use);
    }

    @Override
    public List<FactQuery<?>> facts(ServiceArgs a) {
        return a.name() == null ? List.of() : List.of(new ServiceQuery(a.name()));
    }

    @Override
    public Planned plan(ServiceArgs a, Facts facts) {
        List<String> details = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        if (a.daemonReload()) {
            details.add("daemon-reload");
            commands.add(Shell.command("systemctl", "daemon-reload"));
        }
        if (a.name() == null) return new Planned(changeOf("systemd", details, commands));
        ServiceState now = facts.get(new ServiceQuery(a.name()));
        if (systemd && !now.systemd()) throw new PlanException("systemd is not running on this host; use the service module");
        if (a.use().equals("systemd") && !now.systemd()) throw new PlanException("use: systemd, but systemd is not running on this host");
        String summary = "service " + a.name();
        if (!now.found()) {
            // An earlier task of the play may install it (a package shipping the unit or init script): planned from
            // "stopped, disabled", and the commands fail at apply if it is still missing.
            details.add("not on the host yet: planned as stopped and disabled");
        }
        ServiceState after = now;
        if (a.masked() != null && a.masked() != now.masked()) {
            details.add("masked " + yesNo(now.masked()) + " -> " + yesNo(a.masked()));
            commands.add(Shell.command("systemctl", a.masked() ? "mask" : "unmask", "--", a.name()));
            after = after.withMasked(a.masked());
        }
        if (a.enabled() != null && a.enabled() != now.enabled()) {
            details.add("enabled " + yesNo(now.enabled()) + " -> " + yesNo(a.enabled()));
            commands.add(enableCommand(now, a.name(), a.enabled()));
            after = after.withEnabled(a.enabled());
        }
        if (a.state() != null) {
            String run = runCommand(now, a.name(), a.state(), a.sleep());
            if (run != null) {
                details.add(switch (a.state()) {
                    case STARTED -> "stopped -> started";
                    case STOPPED -> "started -> stopped";
                    case RESTARTED -> now.running() ? "restart" : "stopped -> started (restart)";
                    case RELOADED -> now.running() ? "reload" : "stopped -> started (reload)";
                });
                commands.add(run);
                after = after.withRunning(a.state() != Wanted.STOPPED);
            }
        }
        if (commands.isEmpty()) {
            return new Planned(Change.none(summary, "service " + a.name() + " is " + (now.running() ? "running" : "stopped")
                    + (a.enabled() != null ? ", " + (now.enabled() ? "enabled" : "disabled") : "")), List.of(new FactUpdate<>(new ServiceQuery(a.name()), now)));
        }
        List<FactUpdate<?>> predicted = new ArrayList<>(List.of(new FactUpdate<>(new ServiceQuery(a.name()), after)));
        if (facts.has(ServicesQuery.INSTANCE)) predicted.add(new FactUpdate<>(ServicesQuery.INSTANCE, listed(facts.get(ServicesQuery.INSTANCE), a.name(), after)));
        return new Planned(changeOf(summary, details, commands), predicted);
    }

    /** The service_facts listing with this service as it will be, so a later service_facts task reports it so. */
    private static Map<String, Map<String, Object>> listed(Map<String, Map<String, Object>> services, String name, ServiceState s) {
        Map<String, Map<String, Object>> out = new TreeMap<>(services);
        String key = s.systemd() && !name.contains(".") ? name + ".service" : name;
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", key);
        entry.put("state", s.running() ? "running" : "stopped");
        if (s.systemd()) entry.put("status", s.masked() ? "masked" : s.enabled() ? "enabled" : "disabled");
        entry.put("source", s.systemd() ? "systemd" : "sysv");
        out.put(key, entry);
        return out;
    }

    private static Change changeOf(String summary, List<String> details, List<String> commands) {
        if (commands.isEmpty()) return Change.none(summary, "nothing to do");
        return new Change(Action.UPDATE, summary, details, null, List.of(new Step(Shell.and(commands))));
    }

    /** The command for a state change, or null when the service already is as asked (restart and reload always run). */
    private static String runCommand(ServiceState s, String name, Wanted state, int sleep) {
        String verb = switch (state) {
            case STARTED -> s.running() ? null : "start";
            case STOPPED -> s.running() ? "stop" : null;
            case RESTARTED -> s.running() ? "restart" : "start";
            case RELOADED -> s.running() ? "reload" : "start";
        };
        if (verb == null) return null;
        if (s.systemd()) return Shell.command("systemctl", verb, "--", name);
        refuseOption(name);
        // Ansible restarts a sysvinit service as stop, then start: the start's exit code counts.
        // sleep: seconds between the two, as Ansible's service waits.
        if (verb.equals("restart")) {
            return Shell.command("service", name, "stop") + "; " + (sleep > 0 ? Shell.command("sleep", String.valueOf(sleep)) + "; " : "")
                    + Shell.command("service", name, "start");
        }
        return Shell.command("service", name, verb);
    }

    /** systemctl enable/disable; update-rc.d (with {@code defaults} first when the script has no links yet); chkconfig. */
    private static String enableCommand(ServiceState s, String name, boolean enable) {
        if (s.systemd()) return Shell.command("systemctl", enable ? "enable" : "disable", "--", name);
        refuseOption(name);
        return switch (s.enableTool()) {
            case "update-rc.d" -> enable && !s.killLinks()
                    ? Shell.command("update-rc.d", name, "defaults") + " && " + Shell.command("update-rc.d", name, "enable")
                    : Shell.command("update-rc.d", name, enable ? "enable" : "disable");
            case "chkconfig" -> Shell.command("chkconfig", name, enable ? "on" : "off");
            default -> throw new PlanException("cannot detect command to enable service " + name + " (no update-rc.d or chkconfig)");
        };
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    @Override
    public Map<String, Object> registered(ServiceArgs a, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (a.name() != null) r.put("name", a.name());
        if (a.state() != null) r.put("state", a.state().name().toLowerCase());
        if (a.enabled() != null) r.put("enabled", a.enabled());
        return r;
    }

    /** service, update-rc.d and chkconfig take no "--": a name they would read as an option is refused, never run. */
    private static void refuseOption(String name) {
        if (name.startsWith("-")) {
            throw new PlanException("service name '" + name + "' starts with '-': the host's service tools would read it as an option");
        }
    }
}
