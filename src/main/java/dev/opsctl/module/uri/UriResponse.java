package dev.opsctl.module.uri;

import dev.opsctl.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the request step printed, read back: the last response's status line, headers and body, or curl's error.
 *
 * @param status  the HTTP status, or -1 when there was no response (uri.py's value)
 * @param reason  the status line's reason phrase ("Not Found"), or curl's error message when status is -1
 * @param headers the last response's headers, names as they came, repeated ones joined with ", "
 */
record UriResponse(int status, String reason, Map<String, String> headers, String body, String finalUrl, double seconds) {
    static UriResponse parse(String output) {
        int at = output.lastIndexOf(CurlRequest.MARKER);
        if (at < 0) return new UriResponse(-1, output.strip(), Map.of(), "", null, 0);
        String[] result = output.substring(at + CurlRequest.MARKER.length()).strip().split(" ", 3);
        String raw = output.substring(0, at);
        if (raw.endsWith("\n")) raw = raw.substring(0, raw.length() - 1);
        int status = Integer.parseInt(result[0]);
        double seconds = Double.parseDouble(result[1]);
        String finalUrl = result.length > 2 ? result[2] : null;
        if (status == 0) return new UriResponse(-1, raw.strip(), Map.of(), "", finalUrl, seconds);
        // -i prints every response's head (redirects, 100 Continue); the body follows the last one.
        String rest = raw;
        String head = "";
        while (rest.startsWith("HTTP/")) {
            int end = rest.indexOf("\r\n\r\n");
            int skip = 4;
            if (end < 0) {
                end = rest.indexOf("\n\n");
                skip = 2;
            }
            if (end < 0) {
                head = rest;
                rest = "";
                break;
            }
            head = rest.substring(0, end);
            rest = rest.substring(end + skip);
        }
        List<String> lines = head.lines().toList();
        String statusLine = lines.isEmpty() ? "" : lines.get(0);
        String[] sl = statusLine.split(" ", 3);
        String reason = sl.length > 2 ? sl[2].strip() : "";
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
            int colon = l.indexOf(':');
            if (colon <= 0) continue;
            headers.merge(l.substring(0, colon).strip(), l.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
        }
        return new UriResponse(status, reason, headers, rest, finalUrl, seconds);
    }

    String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return null;
    }

    /** Whether uri.py would parse the body as JSON: a media subtype (or its +suffix) of json or javascript. */
    boolean maybeJson() {
        String type = header("Content-Type");
        if (type == null) return false;
        String media = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        String sub = media.contains("/") ? media.substring(media.indexOf('/') + 1) : "";
        if (sub.contains("+")) sub = sub.substring(sub.indexOf('+') + 1);
        return sub.equals("json") || sub.equals("javascript");
    }

    /** The body as JSON, or null when it is not. */
    Object json() {
        try {
            return Json.read(body);
        } catch (Exception e) {
            return null;
        }
    }
}
