package dev.opsctl.notify;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Sends run events as JSON POSTs to webhooks, in the background: a slow or dead endpoint never holds up or fails the
 * run. Each request waits at most {@link #TIMEOUT} and is tried at most {@link #RETRIES} more times; at exit
 * ({@link #close}) pending sends get at most one more {@link #TIMEOUT}, then are given up with a warning.
 */
public final class Notifier {
    /** How long one request may take, and how long the end of the run waits for sends still pending. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Retries after a failed attempt (a timeout, a refused connection, a 5xx, 408 or 429 answer). */
    public static final int RETRIES = 2;

    private final Duration timeout;
    /** One sender thread per webhook, so each receives a run's events in order and a dead one delays no other. */
    private final Map<URI, ExecutorService> senders = new LinkedHashMap<>();
    private final Queue<String> warnings = new ConcurrentLinkedQueue<>();
    /** Made on the first send: an HttpClient costs about 0.4 s to start (see get_url's Downloads), a run without webhooks pays nothing. */
    private HttpClient client;

    public Notifier(List<URI> targets) {
        this(targets, TIMEOUT);
    }

    Notifier(List<URI> targets, Duration timeout) {
        this.timeout = timeout;
        for (URI t : targets) {
            senders.computeIfAbsent(t, u -> Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "opsctl-notify");
                th.setDaemon(true);
                return th;
            }));
        }
    }

    /** The webhook URLs {@code texts} name: http or https with a host, or an IllegalArgumentException naming the bad one. */
    public static List<URI> targets(List<String> texts) {
        List<URI> out = new ArrayList<>();
        for (String t : texts) {
            try {
                URI u = new URI(t.strip());
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(java.util.Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) throw new URISyntaxException(t, "not an http(s) URL with a host");
                if (!out.contains(u)) out.add(u);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("notify: '" + shown(t) + "' is not an http:// or https:// URL with a host");
            }
        }
        return out;
    }

    /** Whether there is anywhere to send to. */
    public boolean any() {
        return !senders.isEmpty();
    }

    /** Queues {@code event} for every webhook and returns at once. */
    public void send(RunEvent event) {
        if (senders.isEmpty()) return;
        String body = NotifyPayload.json(event);
        senders.forEach((target, sender) -> sender.execute(() -> post(target, body, event.kind().wireName())));
    }

    private void post(URI target, String body, String what) {
        String last = "";
        for (int attempt = 0; attempt <= RETRIES; attempt++) {
            try {
                HttpRequest req = HttpRequest.newBuilder(target).timeout(timeout).header("Content-Type", "application/json")
                        .header("User-Agent", "opsctl").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                int status = client().send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) return;
                last = "HTTP " + status;
                // The endpoint understood and said no: asking again cannot help.
                if (status >= 400 && status < 500 && status != 408 && status != 429) break;
            } catch (HttpTimeoutException e) {
                last = "no answer within " + timeout.toSeconds() + " s";
            } catch (IOException e) {
                last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (attempt < RETRIES && !pause(200L << attempt)) return;
        }
        warnings.add("the " + what + " notification to " + shown(target.toString()) + " was not delivered: " + last);
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized HttpClient client() {
        if (client == null) client = HttpClient.newBuilder().connectTimeout(timeout).build();
        return client;
    }

    /**
     * Waits at most one timeout for the sends still pending, gives up the rest (their threads are daemons: they never
     * keep opsctl running), and prints a warning for each notification not delivered.
     */
    public void close(PrintWriter err) {
        long deadline = System.nanoTime() + timeout.toNanos();
        senders.values().forEach(ExecutorService::shutdown);
        senders.forEach((target, sender) -> {
            try {
                if (!sender.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    sender.shutdownNow();
                    warnings.add("notifications to " + shown(target.toString()) + " still pending after " + timeout.toSeconds()
                            + " s at exit were given up");
                }
            } catch (InterruptedException e) {
                sender.shutdownNow();
                Thread.currentThread().interrupt();
            }
        });
        for (String w; (w = warnings.poll()) != null; ) err.println("warning: " + w);
        err.flush();
    }

    /** A webhook URL as a warning shows it: scheme, host and port only, since the path of a Slack or DevLake URL is its secret. */
    static String shown(String url) {
        try {
            URI u = new URI(url.strip());
            if (u.getScheme() == null || u.getHost() == null) return "(an invalid URL)";
            boolean more = u.getRawPath() != null && !u.getRawPath().isEmpty() && !u.getRawPath().equals("/") || u.getRawQuery() != null;
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (more ? "/..." : "");
        } catch (URISyntaxException e) {
            return "(an invalid URL)";
        }
    }
}
