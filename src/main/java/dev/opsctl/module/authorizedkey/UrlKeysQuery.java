package dev.opsctl.module.authorizedkey;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/**
 * The keys behind a {@code key:} URL, fetched by the host as Ansible's authorized_key fetches them there (fetch_url:
 * one GET, redirects followed, 10 s, user agent {@code ansible-httpget}, only a 200 counts), with the host's
 * {@code curl}, else its {@code wget}. A read only, so a plan asks it too; asked when its task runs, never for a
 * task that is skipped.
 */
record UrlKeysQuery(String url, boolean validateCerts) implements FactQuery<UrlKeysQuery.Answer> {
    /** What the host got: the body of a 200 response, or why there is none. */
    sealed interface Answer permits Keys, Failed {}

    /** The response body: key lines. */
    record Keys(String text) implements Answer {}

    /** No keys: {@code why} says what went wrong (an HTTP status, the tool's error, no tool). */
    record Failed(String why) implements Answer {}

    /** Ends the output; a body that holds the same text ends before it, since the last one is read. */
    private static final String STATUS = "@@opsctl-keys-status ";
    static final String NO_TOOL = "neither curl nor wget is on the host (opsctl fetches keys with one of them)";
    /** fetch_url's default timeout, in seconds. */
    private static final String TIMEOUT = "10";

    @Override
    public String key() {
        return "url-keys:" + validateCerts + ":" + url;
    }

    @Override
    public boolean upFront() {
        return false;
    }

    @Override
    public String script() {
        String u = "u=" + Shell.quote(url) + "; ";
        // curl prints the status after the body (and its own error, if any, between them).
        String curl = Shell.command("curl", "-sS", "-L", "--max-time", TIMEOUT, "-A", "ansible-httpget", "-w", "\n" + STATUS + "%{http_code}\n")
                + (validateCerts ? "" : " -k") + " \"$u\" 2>&1";
        // wget says nothing but its exit status (4 network, 5 certificate, 8 an error response); success is a 2xx.
        String wget = "if b=$(" + Shell.command("wget", "-q", "-O", "-", "-T", TIMEOUT, "-U", "ansible-httpget")
                + (validateCerts ? "" : " --no-check-certificate") + " \"$u\"); then printf '%s\\n" + STATUS + "200\\n' \"$b\"; "
                + "else printf '" + STATUS + "wget-%s\\n' \"$?\"; fi";
        return u + "if command -v curl >/dev/null 2>&1; then " + curl + "; elif command -v wget >/dev/null 2>&1; then " + wget
                + "; else echo '" + STATUS + "none'; fi";
    }

    @Override
    public Answer parse(String output) {
        int at = output.lastIndexOf(STATUS);
        if (at < 0) return new Failed("the fetch printed no result");
        String status = output.substring(at + STATUS.length()).strip();
        String before = output.substring(0, at);
        String body = before.endsWith("\n") ? before.substring(0, before.length() - 1) : before;
        return switch (status) {
            case "200" -> new Keys(body);
            case "none" -> new Failed(NO_TOOL);
            case "000" -> new Failed(body.isBlank() ? "no response" : body.strip());
            case "wget-4" -> new Failed("wget: network failure");
            case "wget-5" -> new Failed("wget: SSL verification failure");
            case "wget-8" -> new Failed("wget: the server answered with an error");
            default -> new Failed(status.startsWith("wget-") ? "wget exited " + status.substring(5) : "HTTP status " + status);
        };
    }
}
