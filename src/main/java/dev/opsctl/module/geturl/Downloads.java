package dev.opsctl.module.geturl;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.PlanException;
import java.io.IOException;
import dev.opsctl.transport.Payload;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Files the controller downloads for its hosts (get_url, apt_key url). Each request is made once per run however
 * many hosts need it, and only when a plan needs the content (a file that is already right is never fetched).
 */
public final class Downloads {
    /** What Ansible's url module sends, so servers that tell clients apart treat opsctl the same. */
    static final String USER_AGENT = "ansible-httpget";

    /** One GET: the URL, extra request headers and the timeout in seconds. */
    public record Request(URI url, Map<String, String> headers, int timeoutSeconds) {
        public Request {
            headers = new TreeMap<>(headers);
        }

        /** A request for {@code url}, which must be http or https (the controller would read its own file: URLs, not the host's). */
        public static Request of(String url, Map<String, String> headers, int timeoutSeconds) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new ArgException("argument 'url': invalid URL '" + url + "'");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new ArgException("argument 'url': only http and https URLs are supported, not '" + url + "'");
            }
            return new Request(uri, headers, timeoutSeconds);
        }

        /** The last path component, as Ansible's {@code url_filename}; index.html for a bare host. */
        public String fileName() {
            String path = url.getPath() == null ? "" : url.getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            return name.isEmpty() ? "index.html" : name;
        }
    }

    /**
     * Made on the first download: an HttpClient starts a selector thread and java.util.logging, which cost every
     * run some 0.3 s at start and exit (measured with the quickstart plan) even when no playbook downloads anything.
     */
    private HttpClient client;
    private final Map<Request, CompletableFuture<byte[]>> fetched = new ConcurrentHashMap<>();
    private final Map<Request, CompletableFuture<Payload>> saved = new ConcurrentHashMap<>();

    private synchronized HttpClient client() {
        if (client == null) client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        return client;
    }

    /** The body of a 200 response to {@code request}; a failure is a {@link PlanException} saying why. */
    public byte[] get(Request request) {
        return once(fetched, request, () -> fetch(request, HttpResponse.BodyHandlers.ofByteArray()));
    }

    /**
     * {@link #get} for content that goes to hosts (get_url's file): the body is written to a temp file on the
     * controller (owner-only, removed at exit) as it arrives, and streamed from there to each host, never held whole.
     */
    public Payload file(Request request) {
        return once(saved, request, () -> {
            try {
                Path tmp = Files.createTempFile("opsctl-download-", ".part");
                tmp.toFile().deleteOnExit();
                fetch(request, HttpResponse.BodyHandlers.ofFile(tmp));
                return Payload.file(tmp);
            } catch (IOException e) {
                throw new PlanException("Request failed: " + request.url() + ": cannot keep the download: " + e.getMessage());
            }
        });
    }

    /** {@code fetch} made once per request, however many hosts ask at once. */
    private static <T> T once(Map<Request, CompletableFuture<T>> done, Request request, java.util.function.Supplier<T> fetch) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> f = done.putIfAbsent(request, mine);
        if (f == null) {
            f = mine;
            try {
                mine.complete(fetch.get());
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
            }
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new PlanException(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while downloading " + request.url());
        }
    }

    private <T> T fetch(Request r, HttpResponse.BodyHandler<T> body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(r.url()).timeout(Duration.ofSeconds(r.timeoutSeconds())).GET()
                .header("User-Agent", USER_AGENT);
        r.headers().forEach(b::header);
        try {
            HttpResponse<T> rsp = client().send(b.build(), body);
            if (rsp.statusCode() != 200) throw new PlanException("Request failed: HTTP status " + rsp.statusCode() + " for " + r.url());
            return rsp.body();
        } catch (java.net.ConnectException e) {
            throw new PlanException("Request failed: " + r.url() + ": cannot connect from the controller");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new PlanException("Request failed: " + r.url() + ": no answer within " + r.timeoutSeconds() + " seconds");
        } catch (IOException e) {
            throw new PlanException("Request failed: " + r.url() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlanException("interrupted while downloading " + r.url());
        }
    }
}
