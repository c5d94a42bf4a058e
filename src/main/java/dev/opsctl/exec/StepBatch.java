package dev.opsctl.exec;

import dev.opsctl.plan.Step;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries out several changes' steps in ONE remote exec: the steps go as one script, each with its own input as a
 * here-document (text as it is, anything else in base64), in order, stopping at the first that fails. A large script
 * travels on stdin, because a command line has a size limit and file content does not.
 */
final class StepBatch {
    /** How each step ended: its exit code and output (stdout and stderr together), or null when it did not run. */
    record Outcome(Integer exitCode, String output) {}

    /** The longest script sent as the exec's command line rather than on its standard input. */
    private static final int INLINE_LIMIT = 100_000;

    private StepBatch() {}

    /**
     * A batch that ended with a step whose own result matters: the batched steps' outcomes, that step's result as an
     * exec of its own gives it (null when an earlier step failed), and what the script after it printed (null when
     * it did not run).
     */
    record Finished(List<Outcome> outcomes, ExecResult last, String after) {}

    /**
     * The connection broke while a batch ran: per step, how far its output says it got (see {@link Progress}).
     */
    static final class Broken extends Exception {
        final TransportException cause;
        final List<Progress> progress;

        Broken(TransportException cause, List<Progress> progress) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
            this.progress = List.copyOf(progress);
        }
    }

    /** How far one step of a broken batch got: ended with status 0, begun (it may have landed), or not begun. */
    enum Progress { ENDED, BEGUN, NOT_BEGUN }

    static List<Outcome> run(Connection conn, List<Step> steps) throws TransportException {
        try {
            return run(conn, steps, null, null).outcomes();
        } catch (Broken e) {
            throw e.cause;
        }
    }

    /**
     * Runs {@code steps}, then, when they all succeeded, {@code last} (its stdout and stderr kept apart), then the
     * script {@code after} (a fact script, its errors dropped) whatever {@code last} exited with: one exec for what
     * would otherwise take three.
     */
    static Finished run(Connection conn, List<Step> steps, Step last, String after) throws Broken {
        int large = firstLarge(steps);
        if (large >= 0 && (steps.size() > 1 || last != null || after != null)) return runAround(conn, steps, large, last, after);
        if (last != null && after == null && !steps.isEmpty() && firstLarge(List.of(last)) == 0) return runBeforeLarge(conn, steps, last);
        if (after == null && (last == null ? steps.size() == 1 : steps.isEmpty())) {
            Step only = last == null ? steps.get(0) : last;
            ExecResult r;
            try {
                r = conn.exec(only.script(), only.input());
            } catch (TransportException e) {
                throw new Broken(e, steps.isEmpty() ? List.of() : List.of(Progress.BEGUN));
            }
            return last == null ? new Finished(List.of(new Outcome(r.exitCode(), r.out() + r.err())), null, null)
                    : new Finished(List.of(), r, null);
        }
        String marker = "@@opsctl-" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            script.append("echo '").append(marker).append(" begin ").append(i).append("'\n");
            invoke(script, steps.get(i), marker, " 2>&1");
            script.append("rc=$?; echo; echo \"").append(marker).append(" rc ").append(i).append(" $rc\"; [ $rc -eq 0 ] || exit 0\n");
        }
        if (last != null) {
            // Its standard error stays the exec's own, so the step's stdout and stderr come back apart.
            script.append("echo '").append(marker).append(" last'\n");
            invoke(script, last, marker, "");
            script.append("rc=$?; echo; echo \"").append(marker).append(" last-rc $rc\"\n");
        }
        if (after != null) script.append("echo '").append(marker).append(" after'\n{\n").append(after).append("\n} 2>/dev/null\n");
        // A script that fits a command line (one argument may hold 128 KiB on Linux; quoting, twice under sudo, adds to
        // it) runs as the exec's own script; a larger one goes on standard input to a shell that replaces the one the
        // exec started (exec), one process fewer than a shell below it.
        String text = script.toString();
        ExecResult r;
        try {
            r = Shell.quote(Shell.quote(text)).length() <= INLINE_LIMIT ? conn.exec(text)
                    : conn.exec("exec sh", text.getBytes(StandardCharsets.UTF_8));
        } catch (TransportException e) {
            throw new Broken(e, progress(e.partialOutput(), marker, steps.size()));
        }
        String out = r.out();
        ExecResult lastResult = null;
        int lastAt = out.indexOf(marker + " last\n");
        Matcher rc = Pattern.compile("\n" + Pattern.quote(marker) + " last-rc (\\d+)\n").matcher(out);
        if (lastAt >= 0 && rc.find(lastAt)) {
            String stdout = out.substring(lastAt + marker.length() + 6, rc.start());
            lastResult = new ExecResult(Integer.parseInt(rc.group(1)), stdout.getBytes(StandardCharsets.UTF_8), r.stderr());
        } else if (last != null && parse(out, marker, steps.size()).stream().allMatch(o -> o.exitCode() != null && o.exitCode() == 0)) {
            // The earlier steps succeeded but the last one never reported: the shell itself failed; say how.
            lastResult = new ExecResult(r.exitCode() == 0 ? 1 : r.exitCode(), new byte[0], r.stderr());
        }
        int afterAt = out.indexOf(marker + " after\n");
        return new Finished(parse(out, marker, steps.size()), lastResult,
                afterAt < 0 ? null : out.substring(afterAt + marker.length() + 7));
    }

    /**
     * Input above which a step runs in an exec of its own: its bytes go up as they are, not as base64 in a script.
     * Input streamed from a file always does: a script would hold it in memory.
     */
    static final int LARGE_INPUT = 1 << 20;

    private static int firstLarge(List<Step> steps) {
        for (int i = 0; i < steps.size(); i++) {
            if (!steps.get(i).input().inMemory() || steps.get(i).input().size() > LARGE_INPUT) return i;
        }
        return -1;
    }

    /**
     * The steps before the large one in one exec, the large one alone (its content streamed from memory or disk
     * rather than copied into a script, which cost three copies of it per host), then the rest with {@code last} and
     * {@code after}; stopping at the first failure, as one batch would.
     */
    private static Finished runAround(Connection conn, List<Step> steps, int large, Step last, String after) throws Broken {
        List<Outcome> outcomes = new ArrayList<>();
        List<List<Step>> parts = List.of(steps.subList(0, large), List.of(steps.get(large)));
        for (List<Step> part : parts) {
            if (part.isEmpty()) continue;
            List<Outcome> done;
            try {
                done = run(conn, part, null, null).outcomes();
            } catch (Broken e) {
                throw shifted(e, outcomes.size(), steps.size());
            }
            outcomes.addAll(done);
            if (done.stream().anyMatch(o -> o.exitCode() == null || o.exitCode() != 0)) {
                while (outcomes.size() < steps.size()) outcomes.add(new Outcome(null, null));
                return new Finished(outcomes, null, null);
            }
        }
        List<Step> rest = steps.subList(large + 1, steps.size());
        if (rest.isEmpty() && last == null && after == null) return new Finished(outcomes, null, null);
        Finished tail;
        try {
            tail = run(conn, rest, last, after);
        } catch (Broken e) {
            throw shifted(e, outcomes.size(), steps.size());
        }
        outcomes.addAll(tail.outcomes());
        return new Finished(outcomes, tail.last(), tail.after());
    }

    /**
     * The batched steps in one exec, then {@code last}, whose input is large or streamed from disk, alone: in the
     * batch's script it would be held in memory, as base64.
     */
    private static Finished runBeforeLarge(Connection conn, List<Step> steps, Step last) throws Broken {
        List<Outcome> done = run(conn, steps, null, null).outcomes();
        if (done.stream().anyMatch(o -> o.exitCode() == null || o.exitCode() != 0)) return new Finished(done, null, null);
        try {
            return new Finished(done, run(conn, List.of(), last, null).last(), null);
        } catch (Broken e) {
            throw shifted(e, steps.size(), steps.size());
        }
    }

    /** A part's breakage as the whole batch's: the steps before it ended, the ones after it never began. */
    private static Broken shifted(Broken e, int before, int total) {
        List<Progress> progress = new ArrayList<>();
        for (int i = 0; i < before; i++) progress.add(Progress.ENDED);
        progress.addAll(e.progress);
        while (progress.size() < total) progress.add(Progress.NOT_BEGUN);
        return new Broken(e.cause, progress);
    }

    /**
     * A step as a function with a subshell body (it may span lines or exit), called with its input: nothing, its text
     * as a here-document (which must start on the line after the call), or base64 decoded into it.
     */
    private static void invoke(StringBuilder script, Step s, String marker, String redirect) {
        script.append("opsctl_step() (\n").append(s.script()).append("\n)\n");
        String text = s.stdin().length == 0 ? null : hereDocText(s.stdin());
        if (s.stdin().length == 0) {
            script.append("opsctl_step </dev/null").append(redirect).append('\n');
        } else if (text != null) {
            // Text that a here-document carries exactly goes as it is: no base64 process to decode it.
            script.append("opsctl_step").append(redirect).append(" <<'").append(marker).append("-data'\n").append(text)
                  .append(marker).append("-data\n");
        } else {
            script.append("base64 -d <<'").append(marker).append("-data' | opsctl_step").append(redirect).append('\n');
            script.append(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(s.stdin())).append('\n');
            script.append(marker).append("-data\n");
        }
    }

    /**
     * {@code stdin} as text a quoted here-document reproduces byte for byte, or null: it must be UTF-8 (the script is
     * sent as UTF-8), hold no NUL (shells drop it) and end with a newline (a here-document always ends with one).
     * The end-marker has a random id, so no line of content can end the document early.
     */
    static String hereDocText(byte[] stdin) {
        if (stdin[stdin.length - 1] != '\n') return null;
        for (byte b : stdin) if (b == 0) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(stdin)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Per step, how far the output of a batch cut short says it got; a step that ended failing counts as begun. */
    static List<Progress> progress(String out, String marker, int count) {
        List<Outcome> ended = parse(out, marker, count);
        List<Progress> progress = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Integer rc = ended.get(i).exitCode();
            boolean begun = out.contains(marker + " begin " + i + "\n");
            progress.add(rc != null && rc == 0 ? Progress.ENDED : begun ? Progress.BEGUN : Progress.NOT_BEGUN);
        }
        return progress;
    }

    static List<Outcome> parse(String out, String marker, int count) {
        List<Outcome> outcomes = new ArrayList<>();
        Pattern begin = Pattern.compile("^" + Pattern.quote(marker) + " begin (\\d+)$", Pattern.MULTILINE);
        Pattern end = Pattern.compile("\\n?^" + Pattern.quote(marker) + " rc (\\d+) (\\d+)$", Pattern.MULTILINE);
        for (int i = 0; i < count; i++) outcomes.add(new Outcome(null, null));
        Matcher b = begin.matcher(out);
        while (b.find()) {
            int i = Integer.parseInt(b.group(1));
            Matcher e = end.matcher(out);
            if (!e.find(b.end()) || Integer.parseInt(e.group(1)) != i) continue;
            String output = out.substring(Math.min(b.end() + 1, e.start()), e.start());
            if (output.endsWith("\n")) output = output.substring(0, output.length() - 1);
            outcomes.set(i, new Outcome(Integer.parseInt(e.group(2)), output));
        }
        return outcomes;
    }
}
