package dev.opsctl.module.uri;

import dev.opsctl.plan.Step;
import dev.opsctl.transport.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The request as one step for the host's {@code curl}. The URL, headers, credentials and body go to curl as a config
 * file on standard input, never on its command line (where other users of the host could read them in the process
 * list). The step prints the response (headers and body, {@code -i}) then {@link #MARKER} with the status, the final
 * URL and the time taken; it exits 0 whatever the status, which the module judges.
 */
record CurlRequest(UriArgs args) {
    static final String MARKER = "opsctl-uri-result ";
    static final String NO_CURL = "opsctl's uri needs curl on the host";

    Step step() {
        List<String> words = new ArrayList<>(List.of("curl", "-sS", "-i", "-K", "-", "-w", "\n" + MARKER + "%{http_code} %{time_total} %{url_effective}\n"));
        String script = "if ! command -v curl >/dev/null 2>&1; then echo " + Shell.quote(NO_CURL) + " >&2; exit 127; fi; "
                + Shell.command(words) + " 2>&1; true";
        return new Step(script, config().getBytes(StandardCharsets.UTF_8));
    }

    /** curl's config file: one option a line, each value quoted with curl's escapes. */
    String config() {
        StringBuilder c = new StringBuilder();
        option(c, "url", args.url());
        if (args.method().equals("HEAD")) c.append("head\n");
        else if (!args.method().equals("GET") || args.body() != null) option(c, "request", args.method());
        if (args.follow()) c.append("location\n");
        option(c, "max-time", String.valueOf(args.timeout()));
        option(c, "user-agent", args.agent());
        if (!args.validateCerts()) c.append("insecure\n");
        if (args.unixSocket() != null) option(c, "unix-socket", args.unixSocket());
        if (args.user() != null) option(c, "user", args.user() + ":" + (args.password() == null ? "" : args.password()));
        args.headers().forEach((k, v) -> option(c, "header", k + ": " + v));
        // data-raw, not data-binary: a body starting with '@' is text, not a file name.
        if (args.body() != null) option(c, "data-raw", args.body());
        return c.toString();
    }

    private static void option(StringBuilder c, String name, String value) {
        c.append(name).append(" = \"");
        for (char ch : value.toCharArray()) {
            switch (ch) {
                case '\\' -> c.append("\\\\");
                case '"' -> c.append("\\\"");
                case '\n' -> c.append("\\n");
                case '\r' -> c.append("\\r");
                case '\t' -> c.append("\\t");
                default -> c.append(ch);
            }
        }
        c.append("\"\n");
    }
}
