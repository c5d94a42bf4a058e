package dev.opsctl.module.uri;

import dev.opsctl.json.Json;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The uri module's typed arguments, read as uri.py reads them: the method upper-cased, a json body serialised and a
 * form body encoded, with the Content-Type uri.py adds; {@code follow} is whether curl follows redirects.
 */
public record UriArgs(String url, String method, String body, Map<String, String> headers, List<Integer> statusCodes,
                      boolean returnContent, boolean follow, int timeout, boolean validateCerts, String user,
                      String password, String unixSocket, String creates, String removes, String agent) {
    public UriArgs {
        headers = Map.copyOf(headers);
        statusCodes = List.copyOf(statusCodes);
    }

    static UriArgs parse(Args args) {
        String url = args.requiredString("url");
        String method = args.string("method") == null ? "GET" : args.string("method").toUpperCase(java.util.Locale.ROOT);
        if (!method.matches("[A-Z]+")) {
            throw new ArgException("Parameter 'method' needs to be a single word in uppercase, like GET or POST.");
        }
        for (String unsupported : List.of("dest", "src", "ca_path", "ciphers", "client_cert", "client_key")) {
            if (args.has(unsupported)) throw new ArgException("argument '" + unsupported + "' is not supported by opsctl's uri");
        }
        List<String> unredirected = args.list("unredirected_headers");
        if (unredirected != null && !unredirected.isEmpty()) throw new ArgException("argument 'unredirected_headers' is not supported by opsctl's uri");
        String format = args.choice("body_format", "raw", "raw", "json", "form-urlencoded", "form-multipart");
        if (format.equals("form-multipart")) throw new ArgException("body_format form-multipart is not supported by opsctl's uri");
        Map<String, String> headers = new LinkedHashMap<>();
        Object h = args.raw("headers");
        if (h != null) {
            if (!(h instanceof Map<?, ?> m)) throw new ArgException("argument 'headers' must be a mapping");
            m.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        String body = body(args.raw("body"), format, headers);
        String follow = args.choice("follow_redirects", "safe", "all", "no", "none", "safe", "urllib2", "yes");
        boolean follows = switch (follow) {
            case "all", "yes" -> true;
            case "safe", "urllib2" -> method.equals("GET") || method.equals("HEAD");
            default -> false;
        };
        return new UriArgs(url, method, body, headers, statusCodes(args), args.bool("return_content", false), follows,
                integer(args, "timeout", 30), args.bool("validate_certs", true), args.string("url_username", "user"),
                args.string("url_password", "password"), args.string("unix_socket"), args.string("creates"), args.string("removes"),
                args.string("http_agent") == null ? "ansible-httpget" : args.string("http_agent"));
    }

    private static String body(Object raw, String format, Map<String, String> headers) {
        if (raw == null) return null;
        boolean typed = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("content-type"));
        switch (format) {
            case "json" -> {
                if (!typed) headers.put("Content-Type", "application/json");
                return raw instanceof String s ? s : Json.write(raw);
            }
            case "form-urlencoded" -> {
                if (!typed) headers.put("Content-Type", "application/x-www-form-urlencoded");
                if (raw instanceof String s) return s;
                if (!(raw instanceof Map<?, ?> m)) throw new ArgException("failed to parse body as form_urlencoded: not a mapping");
                List<String> pairs = new ArrayList<>();
                m.forEach((k, v) -> pairs.add(URLEncoder.encode(String.valueOf(k), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
                return String.join("&", pairs);
            }
            default -> {
                return String.valueOf(raw);
            }
        }
    }

    private static List<Integer> statusCodes(Args args) {
        List<String> codes = args.list("status_code");
        if (codes == null) return List.of(200);
        List<Integer> out = new ArrayList<>();
        for (String c : codes) {
            try {
                out.add(Integer.parseInt(c.strip()));
            } catch (NumberFormatException e) {
                throw new ArgException("argument 'status_code': '" + c + "' is not an integer");
            }
        }
        return out;
    }

    private static int integer(Args args, String name, int fallback) {
        String v = args.string(name);
        if (v == null) return fallback;
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new ArgException("argument '" + name + "' must be an integer, not '" + v + "'");
        }
    }
}
