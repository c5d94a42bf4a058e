package dev.opsctl.journal;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the journal's tests: Debian's {@code postgresql} binaries, a fresh cluster in a temp
 * directory, run as {@code nobody} (PostgreSQL refuses root) on 127.0.0.1 and a free port, trust authentication for the
 * user {@code opsctl}. Stopped (and its directory removed) by {@link #close}, or by a shutdown hook.
 */
public final class PostgresServer implements AutoCloseable {
    private static final String USER = "nobody";

    private final Path dir;
    private final int port;
    private final Path bin;
    private final Thread hook;

    private PostgresServer(Path dir, int port, Path bin) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
        this.hook = new Thread(this::stop);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static PostgresServer start() throws Exception {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("opsctl-pg-");
        run(List.of("chown", USER, dir.toString()));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PostgresServer pg = new PostgresServer(dir, port, bin);
        asUser(pg, List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "opsctl", "--auth=trust",
                "--no-sync", "-E", "UTF8", "--locale=C"));
        asUser(pg, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l", dir.resolve("log").toString(),
                "-w", "-t", "120", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
        return pg;
    }

    /** {@code postgresql://opsctl@127.0.0.1:PORT/postgres}: what OPSCTL_JOURNAL takes. */
    public String url() {
        return "postgresql://opsctl@127.0.0.1:" + port + "/postgres";
    }

    /** Drops every table, so the next test starts from an empty journal. */
    public void reset() throws Exception {
        asUser(this, List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "opsctl", "-d", "postgres",
                "-v", "ON_ERROR_STOP=1", "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                var found = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))));
                if (found.isPresent()) return found.get();
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): apt-get install postgresql (bin/test does)");
    }

    private static void asUser(PostgresServer pg, List<String> cmd) throws Exception {
        List<String> full = new ArrayList<>(List.of("runuser", "-u", USER, "--"));
        full.addAll(cmd);
        run(full, pg.dir);
    }

    private static void run(List<String> cmd) throws Exception {
        run(cmd, Path.of("/"));
    }

    private static void run(List<String> cmd, Path cwd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + ": did not end");
        }
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
    }

    private synchronized void stop() {
        if (!Files.exists(dir)) return;
        try {
            asUser(this, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"));
        } catch (Exception e) {
            // already stopped: the directory goes anyway
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // left in /tmp
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
    }
}
