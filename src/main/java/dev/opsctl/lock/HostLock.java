package dev.opsctl.lock;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import java.util.List;

/**
 * The lock that lets one opsctl apply at a time work on a host: a directory {@code opsctl.lock} made with
 * {@code mkdir} (atomic) in the first writable of {@code /run/lock}, {@code /var/lock}, {@code /run}, {@code /tmp}
 * on the host, holding who took it, when and from where. A lock whose SSH session is gone (the run was killed or lost
 * its connection) is stale: the next run takes it over. The session is the nearest {@code sshd} (or, from OpenSSH 9.8,
 * {@code sshd-session}) ancestor of the lock's shell (the controller itself for a local connection), with its start
 * time so a reused pid does not count.
 */
public final class HostLock {
    /** The first words of a refusal, so a run's result can tell a held lock from other failures. */
    public static final String HELD_PREFIX = "locked by another opsctl run";

    /**
     * Where the lock is, and helpers that read /proc and the holder file with the shell's own builtins: the lock costs
     * a host two execs per apply (take, release), and a process started for each read cost it a millisecond each.
     */
    private static final String FIND = """
            for d in /run/lock /var/lock /run /tmp; do [ -d "$d" ] && [ -w "$d" ] && break; done
            l="$d/opsctl.lock"
            nl='
            '
            # stat_of PID: sets ppid and start, fields 4 and 22 of /proc/PID/stat (words 2 and 20 after the name's last ") ").
            stat_of() { ppid=; start=; st=; read -r st < "/proc/$1/stat" 2>/dev/null; [ -n "$st" ] || return 1; set -f; set -- ${st##*") "}; set +f; ppid=${2-}; start=${20-}; }
            # holder_in FILE: sets rh to the file's lines without the last newline; empty when it cannot be read.
            holder_in() { rh=; [ -r "$1" ] || return 0; { while IFS= read -r fl || [ -n "$fl" ]; do rh="$rh$fl$nl"; done < "$1"; } 2>/dev/null; rh=${rh%"$nl"}; }
            # field TEXT KEY: sets v to the value of TEXT's line KEY=value (empty without one).
            field() { v=; r=$1$nl; while [ -n "$r" ]; do fl=${r%%"$nl"*}; r=${r#*"$nl"}; case $fl in "$2="*) v=${fl#"$2="}; return 0;; esac; done; }
            """;

    /**
     * Tries once; prints TAKEN (and the stale holder replaced, if any) or HELD and the holder's lines. The session is
     * the nearest ancestor named sshd (OpenSSH before 9.8) or sshd-session (9.8 and later, where sshd is the listener).
     */
    private static final String TAKE = FIND + """
            s=$PPID; p=$PPID
            while [ -n "$p" ] && [ "$p" -gt 1 ] 2>/dev/null; do
              c=; read -r c < "/proc/$p/comm" 2>/dev/null
              case $c in sshd|sshd-session) s=$p; break;; esac
              stat_of "$p" || break; p=$ppid
            done
            stat_of "$s"; ss=$start
            take() { mkdir "$l" 2>/dev/null || return 1; printf '%s\\n' "run=$1" "session=$s" "session_start=$ss" "$2" > "$l/holder.tmp" && mv "$l/holder.tmp" "$l/holder"; }
            if take "$1" "$2"; then echo TAKEN; exit 0; fi
            holder_in "$l/holder"; h=$rh
            field "$h" run; if [ "$v" = "$1" ]; then echo TAKEN; exit 0; fi
            field "$h" session; hs=$v; field "$h" session_start; hst=$v
            if [ -z "$h" ] || { [ -n "$hs" ] && [ -d "/proc/$hs" ] && { stat_of "$hs"; [ "$start" = "$hst" ]; }; }; then
              echo HELD; printf '%s\\n' "$h"; exit 0
            fi
            # Stale: move it aside, and make sure what was moved is the stale lock read above, not a fresh one.
            mv "$l" "$l.stale.$$" 2>/dev/null || { echo HELD; printf '%s\\n' "$h"; exit 0; }
            holder_in "$l.stale.$$/holder"
            if [ "$rh" != "$h" ]; then mv "$l.stale.$$" "$l" 2>/dev/null; echo HELD; printf '%s\\n' "$h"; exit 0; fi
            rm -rf "$l.stale.$$"
            if take "$1" "$2"; then echo TAKEN; printf '%s\\n' "$h"; exit 0; fi
            holder_in "$l/holder"; echo HELD; printf '%s\\n' "$rh"
            """;

    private static final String RELEASE = FIND + """
            holder_in "$l/holder"; field "$rh" run; if [ "$v" = "$1" ]; then rm -rf "$l"; fi
            """;

    /** What one attempt found: taken (perhaps over a stale lock, whose holder is then given), or held by {@code holder}. */
    public record Attempt(boolean taken, String holder) {}

    private HostLock() {}

    /** One attempt to take the lock for run {@code runId}; {@code holder} says who, when and from where (one line). */
    public static Attempt tryTake(Connection conn, String runId, String holder) throws TransportException {
        ExecResult r = conn.exec(Shell.command(List.of("sh", "-c", TAKE, "opsctl-lock", runId, holder)));
        String out = r.out();
        if (r.exitCode() != 0 || !(out.startsWith("TAKEN") || out.startsWith("HELD"))) {
            throw new TransportException(conn.host() + ": cannot take the host lock: " + (r.err().isBlank() ? out : r.err()).strip());
        }
        int eol = out.indexOf('\n');
        String rest = eol < 0 ? "" : out.substring(eol + 1);
        return new Attempt(out.startsWith("TAKEN"), describe(rest));
    }

    /** Removes the lock if run {@code runId} still holds it. */
    public static void release(Connection conn, String runId) throws TransportException {
        conn.exec(Shell.command(List.of("sh", "-c", RELEASE, "opsctl-lock", runId)));
    }

    /** "root@ctl (pid 4242) since 2026-12-07T03:50:00Z" from a holder file's lines. */
    static String describe(String lines) {
        String by = null;
        String since = null;
        String pid = null;
        for (String line : lines.split("\n")) {
            for (String word : line.strip().split(" ")) {
                if (word.startsWith("by=")) by = word.substring(3);
                if (word.startsWith("since=")) since = word.substring(6);
                if (word.startsWith("pid=")) pid = word.substring(4);
            }
        }
        if (by == null) return lines.isBlank() ? "" : "an opsctl run that is starting";
        return by + (pid == null ? "" : " (pid " + pid + ")") + (since == null ? "" : " since " + since);
    }
}
