package dev.opsctl.exec;

import dev.opsctl.plan.Step;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Carries out several changes' steps in ONE remote exec: the steps go as a script on standard input to
 * {@code sh}, each with its own input as a base64 here-document, in order, stopping at the first that fails.
 * The script travels on stdin because a command line has a size limit and file content does not.
 */
final class StepBatch {
    /** How each step ended: its exit code and output (stdout and stderr together), or null when it did not run. */
    record Outcome(Integer exitCode, String output) {}

    private StepBatch() {}

    static List<Outcome> run(Connection conn, List<Step> steps) throws TransportException {
        if (steps.size() == 1) {
            ExecResult r = conn.exec(steps.get(0).script(), steps.get(0).stdin());
            return List.of(new Outcome(r.exitCode(), r.out() + r.err()));
        }
        String marker = "@@opsctl-" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            script.append("echo '").append(marker).append(" begin ").append(i).append("'\n");
            // A function with a subshell body: the step may span lines or exit, and its here-document
            // must start on the line after the command that reads it.
            script.append("opsctl_step() (\n").append(s.script()).append("\n)\n");
            if (s.stdin().length == 0) {
                script.append("opsctl_step </dev/null 2>&1\n");
            } else {
                script.append("base64 -d <<'").append(marker).append("-data' | opsctl_step 2>&1\n");
                script.append(Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(s.stdin())).append('\n');
                script.append(marker).append("-data\n");
            }
            script.append("rc=$?; echo; echo \"").append(marker).append(" rc ").append(i).append(" $rc\"; [ $rc -eq 0 ] || exit 0\n");
        }
        ExecResult r = conn.exec("sh", script.toString().getBytes(StandardCharsets.UTF_8));
        return parse(r.out(), marker, steps.size());
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
