package dev.opsctl.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A JSON file of deployments (docs/metrics.md, "Importing history"): a list of objects with {@code run_id}, {@code kind},
 * {@code playbook}, {@code start}, {@code end}, {@code result}, {@code commit}, {@code commit_time} and {@code hosts}.
 * A mistake is reported as {@code FILE:LINE:COLUMN: what is wrong}.
 */
public final class DeploymentFile implements DeploymentSource {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path file;

    public DeploymentFile(Path file) {
        this.file = file;
    }

    /** A file that does not hold the documented shape; the message names the file, line and column. */
    public static final class Invalid extends IOException {
        Invalid(String message) {
            super(message);
        }
    }

    @Override
    public List<Deployment> deployments(Instant since) throws IOException {
        return read(file);
    }

    @Override
    public String describe() {
        return file.toString();
    }

    /** Every deployment of {@code file}. */
    public static List<Deployment> read(Path file) throws IOException {
        List<Deployment> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file); JsonParser p = new JsonFactory(MAPPER).createParser(r)) {
            if (p.nextToken() != JsonToken.START_ARRAY) throw invalid(file, p.currentTokenLocation(), "expected a JSON list of deployments");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonLocation at = p.currentTokenLocation();
                JsonNode node = MAPPER.readTree(p);
                try {
                    out.add(deployment(node));
                } catch (IllegalArgumentException e) {
                    throw invalid(file, at, "deployment " + (out.size() + 1) + ": " + e.getMessage());
                }
            }
            if (p.currentToken() != JsonToken.END_ARRAY) throw invalid(file, p.currentTokenLocation(), "expected a deployment object");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new Invalid(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": not JSON: " + e.getOriginalMessage());
        }
        return out;
    }

    private static Invalid invalid(Path file, JsonLocation at, String what) {
        return new Invalid(file + ":" + at.getLineNr() + ":" + at.getColumnNr() + ": " + what);
    }

    private static Deployment deployment(JsonNode n) {
        List<Deployment.DeployedHost> hosts = new ArrayList<>();
        JsonNode hostList = n.path("hosts");
        if (!hostList.isMissingNode() && !hostList.isArray()) throw new IllegalArgumentException("'hosts' must be a list");
        for (JsonNode h : hostList) {
            List<String> groups = new ArrayList<>();
            h.path("groups").forEach(g -> groups.add(g.asText()));
            hosts.add(new Deployment.DeployedHost(required(h, "name"), groups,
                    choice(Deployment.HostOutcome.class, text(h, "outcome", "ok"), "outcome")));
        }
        return new Deployment(required(n, "run_id"), choice(Deployment.Kind.class, text(n, "kind", "apply"), "kind"),
                text(n, "playbook", null), time(n, "start", true), time(n, "end", false),
                choice(Deployment.Result.class, required(n, "result"), "result"), text(n, "commit", null),
                time(n, "commit_time", false), hosts);
    }

    private static String required(JsonNode n, String key) {
        String v = text(n, key, null);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("'" + key + "' is missing");
        return v;
    }

    private static String text(JsonNode n, String key, String fallback) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? fallback : v.asText();
    }

    private static Instant time(JsonNode n, String key, boolean needed) {
        String v = needed ? required(n, key) : text(n, key, null);
        if (v == null) return null;
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + key + "' is not a time with an offset such as 2026-11-02T10:00:00Z: " + v);
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String key) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException("'" + key + "' must be one of " + String.join(", ", names) + ", not '" + value + "'");
        }
    }
}
