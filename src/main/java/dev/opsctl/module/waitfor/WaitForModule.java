package dev.opsctl.module.waitfor;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.group.GroupModule;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's {@code wait_for}: waits on the host, in a bounded {@code sh} loop, for a port to listen or stop, or for a
 * file to appear (holding {@code search_regex}) or go. It changes nothing, so it plans as a no-op and waits on apply.
 * A port on the host itself is read from /proc/net/tcp and tcp6, with no client program; another host's port needs
 * {@code nc} or {@code bash} there.
 */
public final class WaitForModule implements HostModule<WaitForModule.WaitArgs> {
    /** Typed arguments; {@code port} or {@code path} is null when not given. */
    public record WaitArgs(String host, Integer port, String path, String searchRegex, String state, int delay, int timeout,
                           int sleep, int connectTimeout, String msg) {}

    /** Names that mean the host itself, whose listening sockets /proc shows. */
    private static final Set<String> LOCAL = Set.of("127.0.0.1", "localhost", "0.0.0.0", "::1", "::");
    /** /proc/net/tcp{,6} local addresses that accept connections to 127.0.0.1: loopback and the wildcards. */
    private static final List<String> LOCAL_ADDRESSES = List.of("0100007F", "00000000", "00000000000000000000000000000000",
            "00000000000000000000000001000000", "0000000000000000FFFF00000100007F");

    @Override
    public String name() {
        return "wait_for";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("host", "port", "path", "search_regex", "state", "delay", "timeout", "sleep", "connect_timeout", "msg");
    }

    @Override
    public WaitArgs parse(Args args, ModuleContext ctx) {
        String state = args.choice("state", "started", "started", "stopped", "present", "absent", "drained");
        Integer port = GroupModule.integer(args, "port");
        String path = args.string("path");
        String regex = args.string("search_regex");
        if (port != null && path != null) throw new ArgException("port and path parameter can not both be passed to wait_for");
        if (path != null && state.equals("stopped")) throw new ArgException("state=stopped should only be used for checking a port in the wait_for module");
        if (state.equals("drained")) throw new ArgException("argument 'state': drained is not supported (it needs the connection table by remote host)");
        if (port != null && regex != null) {
            throw new ArgException("argument 'search_regex' with 'port' is not supported: reading from a socket needs a client the host may lack");
        }
        if (regex != null && regex.contains("\n")) throw new ArgException("argument 'search_regex': a multi-line pattern is not supported (lines are searched one at a time)");
        String host = args.string("host");
        return new WaitArgs(host == null ? "127.0.0.1" : host, port, path, regex, state, orDefault(args, "delay", 0),
                orDefault(args, "timeout", 300), orDefault(args, "sleep", 1), orDefault(args, "connect_timeout", 5), args.string("msg"));
    }

    private static int orDefault(Args args, String name, int fallback) {
        Integer v = GroupModule.integer(args, name);
        return v == null ? fallback : v;
    }

    @Override
    public List<FactQuery<?>> facts(WaitArgs a) {
        return List.of();
    }

    @Override
    public Planned plan(WaitArgs a, Facts facts) {
        return new Planned(new Change(Action.NO_OP, "wait_for " + target(a), List.of(describe(a)), null, List.of(new Step(script(a)))));
    }

    private static String target(WaitArgs a) {
        if (a.port() != null) return a.host() + ":" + a.port();
        return a.path() != null ? a.path() : a.timeout() + "s";
    }

    private static String describe(WaitArgs a) {
        boolean gone = a.state().equals("stopped") || a.state().equals("absent");
        String what;
        if (a.port() != null) what = "port " + a.port() + " on " + a.host() + (gone ? " to stop" : " to listen");
        else if (a.path() != null) what = a.path() + (gone ? " to be absent" : a.searchRegex() != null ? " to match /" + a.searchRegex() + "/" : " to exist");
        else return "sleep " + a.timeout() + " seconds";
        return "wait up to " + a.timeout() + "s for " + what + (a.delay() > 0 ? " after " + a.delay() + "s" : "");
    }

    /** A POSIX sh loop: the check, every {@code sleep} seconds until it holds (exit 0) or {@code timeout} passes (exit 1). */
    static String script(WaitArgs a) {
        if (a.port() == null && a.path() == null) return Shell.command("sleep", String.valueOf(a.timeout())) + " && echo elapsed=" + a.timeout();
        boolean gone = a.state().equals("stopped") || a.state().equals("absent");
        StringBuilder s = new StringBuilder();
        // elapsed is the whole seconds of the wait, as wait_for.py's timedelta.seconds: in nanoseconds where date has %N
        // (else whole seconds), so a wait of 20 ms across a second's turn is 0, not 1.
        s.append("ns() { t=$(date +%s%N); case $t in *[!0-9]*|'') t=$(date +%s)000000000;; esac; echo \"$t\"; }\n");
        s.append("start_ns=$(ns); start=${start_ns%?????????}; end=$((start + ").append(a.timeout()).append("))\n");
        if (a.delay() > 0) s.append(Shell.command("sleep", String.valueOf(a.delay()))).append('\n');
        s.append("check() {\n").append(check(a)).append("\n}\n");
        s.append("while :; do\n");
        s.append("  if ").append(gone ? "! check" : "check").append("; then echo elapsed=$((($(ns) - start_ns) / 1000000000)); exit 0; fi\n");
        s.append("  if [ \"$(date +%s)\" -ge \"$end\" ]; then echo elapsed=$((($(ns) - start_ns) / 1000000000)); ")
         .append(Shell.command("printf", "%s\\n", failure(a, gone))).append(" >&2; exit 1; fi\n");
        s.append("  ").append(Shell.command("sleep", String.valueOf(a.sleep()))).append('\n');
        s.append("done");
        return s.toString();
    }

    private static String check(WaitArgs a) {
        if (a.path() != null) {
            String p = Shell.quote(a.path());
            if (a.searchRegex() == null || a.state().equals("absent")) return "  [ -e " + p + " ]";
            return "  [ -r " + p + " ] && " + Shell.command("grep", "-Eq", "--", a.searchRegex()) + " " + p;
        }
        if (LOCAL.contains(a.host())) {
            String port = String.format("%04X", a.port());
            StringBuilder addrs = new StringBuilder();
            for (String addr : LOCAL_ADDRESSES) addrs.append(addrs.length() == 0 ? "" : "|").append(addr).append(':').append(port);
            // Field 4 of /proc/net/tcp is the socket state; 0A is LISTEN.
            return "  for f in /proc/net/tcp /proc/net/tcp6; do\n"
                    + "    [ -r \"$f\" ] || continue\n"
                    + "    while read -r _ local _ st _; do\n"
                    + "      [ \"$st\" = 0A ] || continue\n"
                    + "      case $local in " + addrs + ") return 0;; esac\n"
                    + "    done < \"$f\"\n"
                    + "  done\n"
                    + "  return 1";
        }
        String host = Shell.quote(a.host());
        String port = String.valueOf(a.port());
        String t = String.valueOf(a.connectTimeout());
        return "  if command -v nc >/dev/null 2>&1; then " + Shell.command("nc", "-z", "-w", t, "--") + " " + host + " " + port + " >/dev/null 2>&1\n"
                + "  elif command -v bash >/dev/null 2>&1; then " + Shell.command("timeout", t, "bash", "-c", "exec 3<>\"/dev/tcp/$0/$1\"")
                + " " + host + " " + port + " 2>/dev/null\n"
                + "  else echo 'wait_for: the host has neither nc nor bash to connect to another host' >&2; exit 2; fi";
    }

    private static String failure(WaitArgs a, boolean gone) {
        if (a.msg() != null) return a.msg();
        if (a.port() != null) return "Timeout when waiting for " + a.host() + ":" + a.port() + (gone ? " to stop." : "");
        if (gone) return "Timeout when waiting for " + a.path() + " to be absent.";
        return a.searchRegex() != null ? "Timeout when waiting for search string " + a.searchRegex() + " in " + a.path()
                : "Timeout when waiting for file " + a.path();
    }

    @Override
    public Map<String, Object> registered(WaitArgs a, Planned planned, ExecResult last) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", a.state());
        out.put("port", a.port());
        out.put("path", a.path());
        out.put("search_regex", a.searchRegex());
        out.put("match_groups", List.of());
        out.put("match_groupdict", Map.of());
        if (last != null) {
            for (String line : last.out().split("\n")) {
                if (line.matches("elapsed=\\d+")) out.put("elapsed", Integer.parseInt(line.substring(8)));
            }
        }
        return out;
    }
}
