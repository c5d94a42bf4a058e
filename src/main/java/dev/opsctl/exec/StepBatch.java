package dev.opsctl.exec;

import dev.opsctl.plan.Step;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
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
 * Carries out several changes' steps in ONE remote exec: the steps go as a script on standard input to
 * {@code sh}, each with its own input as a here-document (text as it is, anything else in base64), in order,
 * stopping at the first that fails.
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
            String text = s.stdin().length == 0 ? null : hereDocText(s.stdin());
            if (s.stdin().length == 0) {
                script.append("opsctl_step </dev/null 2>&1\n");
            } else if (text != null) {
                // Text that a here-document carries exactly goes as it is: no base64 process to decode it.
                script.append("opsctl_step 2>&1 <<'").append(marker).append("-data'\n").append(text).append(marker).append("-data\n");
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
