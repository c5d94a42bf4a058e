package dev.opsctl.transport;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Runs a script as another user through sudo, as Ansible's {@code become}. A sudo password never appears
 * in a command line, in output or in {@link #toString()}: it travels as the first line of stdin.
 *
 * <p>With a password the wrapped script first asks {@code sudo -n USER true}. When sudo needs no password
 * (NOPASSWD, cached credentials) the password line is read away by the shell and the script runs under
 * {@code sudo -n}; otherwise {@code sudo -S -p ''} reads the line itself. Either way the caller's own stdin
 * bytes reach the script untouched: sudo and sh's {@code read} take exactly one line from the pipe. A wrong
 * password makes sudo retry with the next lines of stdin and then fail; nothing of it is printed.
 *
 * @param user the user to become ({@code become_user}; root by default)
 * @param password the sudo password ({@code ansible_become_password}), or null
 */
public record Become(String user, String password) {
    public Become {
        Objects.requireNonNull(user, "user");
        if (password != null && (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0)) {
            throw new IllegalArgumentException("a become password cannot contain a line break");
        }
    }

    /** Become root with passwordless sudo. */
    public static Become root() {
        return new Become("root", null);
    }

    /** The script that runs {@code script} as {@link #user()} through sudo. */
    public String wrap(String script) {
        String run = Shell.command("sh", "-c", script);
        String as = "-H -u " + Shell.quote(user) + " --";
        if (password == null) return "exec sudo -n " + as + " " + run;
        return "if sudo -n -u " + Shell.quote(user) + " true 2>/dev/null; then IFS= read -r _opsctl_line; exec sudo -n " + as + " " + run + "; "
                + "else exec sudo -S -p '' " + as + " " + run + "; fi";
    }

    /** The stdin to send with {@link #wrap}: the password line first when there is a password. */
    public byte[] stdin(byte[] callerStdin) {
        if (password == null) return callerStdin;
        byte[] line = (password + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[line.length + callerStdin.length];
        System.arraycopy(line, 0, all, 0, line.length);
        System.arraycopy(callerStdin, 0, all, line.length, callerStdin.length);
        return all;
    }

    /**
     * Why sudo itself refused, when {@code r} is its refusal (exit 1, nothing on stdout, sudo's own message on stderr:
     * the script never ran); null otherwise. Ansible says "Incorrect sudo password" / "Missing sudo password".
     */
    public String refusal(ExecResult r) {
        if (r.exitCode() != 1 || !r.out().isEmpty()) return null;
        String said = r.err().lines().filter(l -> l.startsWith("sudo: ") || l.startsWith("Sorry, try again")).findFirst().orElse(null);
        if (said == null) return null;
        String err = r.err();
        String as = "become as " + user + " failed: ";
        if (err.contains("incorrect password attempt") || err.contains("Sorry, try again")) {
            return as + "incorrect sudo password (" + said.strip() + ")";
        }
        if (err.contains("a password is required") || err.contains("no password was provided") || err.contains("a terminal is required")) {
            return as + "missing sudo password: sudo asks for one (give --ask-become-pass or ansible_become_password)";
        }
        if (unknownUser(r) || err.contains("sudoers") || err.contains("is not allowed to")) return as + said.strip();
        return null;
    }

    /** Whether {@code r} is sudo refusing because {@link #user()} does not exist on the host. */
    private boolean unknownUser(ExecResult r) {
        return r.exitCode() == 1 && r.out().isEmpty() && r.err().lines().anyMatch(l -> l.startsWith("sudo: unknown user"));
    }

    /** {@code r}, unless it is sudo's refusal: then {@link BecomeRefused}. */
    private ExecResult accepted(Connection conn, ExecResult r) {
        String refusal = refusal(r);
        if (refusal != null) throw new BecomeRefused(conn.host() + ": " + refusal, unknownUser(r) ? user : null);
        return r;
    }

    /** {@link #stdin(byte[])} for input that may be streamed. */
    public Payload stdin(Payload callerInput) {
        return password == null ? callerInput : callerInput.after((password + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Runs {@code script} as {@link #user()} on {@code conn}, its input streamed where {@code conn} can. */
    public ExecResult exec(Connection conn, String script, Payload input) throws TransportException {
        ScriptOnStdin.Streamed hidden = ScriptOnStdin.of(script, input);
        return conn.exec(wrap(hidden.script()), stdin(hidden.input()));
    }

    /** {@link #exec(Connection, String, Payload)} with the output streamed to {@code stdout} (see {@link Connection#execInto}). */
    public ExecResult execInto(Connection conn, String script, Payload input, OutputStream stdout) throws TransportException {
        ScriptOnStdin.Streamed hidden = ScriptOnStdin.of(script, input);
        return conn.execInto(wrap(hidden.script()), stdin(hidden.input()), stdout);
    }

    /** Runs {@code script} as {@link #user()} on {@code conn}. */
    public ExecResult exec(Connection conn, String script, byte[] stdin) throws TransportException {
        // The inner script is the one that may hold a secret; sudo's command line would show it.
        ScriptOnStdin hidden = ScriptOnStdin.of(script, stdin);
        return conn.exec(wrap(hidden.script()), stdin(hidden.stdin()));
    }

    /** {@code conn} with every exec run as {@link #user()}; execs are counted on {@code conn}. */
    public Connection on(Connection conn) {
        Become become = this;
        return new Connection() {
            @Override
            public String host() {
                return conn.host();
            }

            @Override
            public ExecResult exec(String script, byte[] stdin) throws TransportException {
                return become.accepted(conn, become.exec(conn, script, stdin));
            }

            @Override
            public ExecResult exec(String script, Payload input) throws TransportException {
                return become.accepted(conn, become.exec(conn, script, input));
            }

            @Override
            public ExecResult execInto(String script, Payload input, OutputStream stdout) throws TransportException {
                return become.accepted(conn, become.execInto(conn, script, input, stdout));
            }

            @Override
            public ExecCounter counter() {
                return conn.counter();
            }

            @Override
            public void close() {
                conn.close();
            }
        };
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "Become[user=" + user + (password == null ? "" : ", password=***") + "]";
    }
}
