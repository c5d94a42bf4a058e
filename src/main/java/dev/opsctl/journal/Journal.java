package dev.opsctl.journal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.opsctl.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.flywaydb.core.Flyway;

/**
 * The run journal's database (SQLite or PostgreSQL, one schema: db/journal/V*.sql, migrated by Flyway). Every write is
 * its own statement in auto-commit, so what a killed run managed to write stays written. One connection, used by one
 * run's threads in turn; for PostgreSQL it is also the session that holds the runs's advisory host locks.
 */
public final class Journal implements AutoCloseable {
    /** The newest migration; when the database already has it, opening skips Flyway's classpath scan. */
    static final String LATEST_VERSION = "2";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final Connection db;
    private final JournalLocation where;

    private Journal(Connection db, JournalLocation where) {
        this.db = db;
        this.where = where;
    }

    /** Opens (making and migrating where needed) the journal at {@code where}, which must not be {@code off}. */
    public static Journal open(JournalLocation where) throws SQLException {
        if (where instanceof JournalLocation.Sqlite s) makePrivateDirectory(s.file().toAbsolutePath().getParent());
        boolean fresh = where instanceof JournalLocation.Sqlite s && !Files.exists(s.file());
        Connection db = DriverManager.getConnection(jdbcUrl(where), properties(where));
        if (where instanceof JournalLocation.Sqlite s) {
            try (Statement st = db.createStatement()) {
                // Several opsctl processes may write at once: they wait for each other rather than fail.
                st.execute("PRAGMA busy_timeout = 15000");
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA foreign_keys = ON");
            }
            if (fresh) ownerOnly(s.file());
        }
        try {
            if (!migrated(db)) migrate(where);
        } catch (RuntimeException e) {
            db.close();
            throw new SQLException("cannot bring the journal's schema up to date: " + e.getMessage(), e);
        }
        return new Journal(db, where);
    }

    public JournalLocation location() {
        return where;
    }

    /** The session the PostgreSQL host locks are taken in. */
    Connection connection() {
        return db;
    }

    private static boolean migrated(Connection db) {
        try (PreparedStatement st = db.prepareStatement("SELECT COUNT(*) FROM flyway_schema_history WHERE version = ? AND success = ?")) {
            st.setString(1, LATEST_VERSION);
            st.setBoolean(2, true);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    private static void migrate(JournalLocation where) {
        java.util.Properties p = properties(where);
        var config = Flyway.configure(Journal.class.getClassLoader()).locations("classpath:db/journal")
                .dataSource(jdbcUrl(where), p.getProperty("user"), p.getProperty("password"));
        config.load().migrate();
    }

    private static String jdbcUrl(JournalLocation where) {
        if (where instanceof JournalLocation.Sqlite s) return "jdbc:sqlite:" + s.file().toAbsolutePath();
        if (where instanceof JournalLocation.Postgres p) return p.jdbcUrl();
        throw new IllegalArgumentException("the journal is off");
    }

    private static java.util.Properties properties(JournalLocation where) {
        return where instanceof JournalLocation.Postgres p ? p.properties() : new java.util.Properties();
    }

    private static void makePrivateDirectory(Path dir) throws SQLException {
        if (dir == null || Files.isDirectory(dir)) return;
        try {
            Files.createDirectories(dir);
            ownerOnly(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new SQLException("cannot make the directory " + dir + ": " + e.getFile() + " is not a directory", e);
        } catch (IOException e) {
            throw new SQLException("cannot make the directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The journal names who changed what: only its owner reads it. */
    private static void ownerOnly(Path p) {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwx------" : "rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults apply
        }
    }

    /** The start of a run: its row (unfinished) and a not-started row per host. */
    synchronized void started(RunRecord r) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("INSERT INTO runs (id, kind, result, exit_code, started_at, ended_at, os_user, controller, "
                + "key_fingerprints, command_line, playbook, git_commit, git_branch, git_dirty, git_author_time, inventory, pattern, "
                + "limit_pattern, reason, ticket, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            st.setString(++i, r.id());
            st.setString(++i, r.kind());
            st.setString(++i, r.result().word());
            setInt(st, ++i, r.exitCode());
            st.setLong(++i, r.start().toEpochMilli());
            setTime(st, ++i, r.end());
            st.setString(++i, r.osUser());
            st.setString(++i, r.controller());
            st.setString(++i, Json.write(r.keyFingerprints()));
            st.setString(++i, r.commandLine());
            st.setString(++i, r.playbook());
            st.setString(++i, r.git().commit());
            st.setString(++i, r.git().branch());
            if (r.git().dirty() == null) st.setNull(++i, Types.BOOLEAN);
            else st.setBoolean(++i, r.git().dirty());
            setTime(st, ++i, r.git().authorTime());
            st.setString(++i, r.inventory());
            st.setString(++i, r.pattern());
            st.setString(++i, r.limit());
            st.setString(++i, r.reason());
            st.setString(++i, r.ticket());
            st.setString(++i, r.message());
            st.executeUpdate();
        }
        for (HostRecord h : r.hosts()) insertHost(r.id(), h);
    }

    private void insertHost(String runId, HostRecord h) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("INSERT INTO run_hosts (run_id, host, groups_json, outcome, error, changes_json, "
                + "plan_json, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            st.setString(1, runId);
            st.setString(2, h.host());
            st.setString(3, Json.write(h.groups()));
            st.setString(4, h.outcome());
            st.setString(5, h.error());
            st.setString(6, Json.write(h.changes()));
            st.setString(7, h.planJson());
            setTime(st, 8, h.start());
            setTime(st, 9, h.end());
            st.executeUpdate();
        }
    }

    /** The people whose approvals of the saved plan the run applies were accepted (docs/approvals.md). */
    synchronized void approved(String runId, List<String> approvers) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("UPDATE runs SET approvers = ? WHERE id = ?")) {
            st.setString(1, Json.write(approvers));
            st.setString(2, runId);
            st.executeUpdate();
        }
    }

    /** The host began (connecting): its start time, once. */
    synchronized void hostStarted(String runId, String host, Instant at) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("UPDATE run_hosts SET started_at = ? WHERE run_id = ? AND host = ? AND started_at IS NULL")) {
            st.setLong(1, at.toEpochMilli());
            st.setString(2, runId);
            st.setString(3, host);
            st.executeUpdate();
        }
    }

    /** The host is done: its outcome, changes, plan and end (a host not selected at the start gets a row now). */
    synchronized void hostFinished(String runId, HostRecord h) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("UPDATE run_hosts SET outcome = ?, error = ?, changes_json = ?, plan_json = ?, "
                + "started_at = COALESCE(started_at, ?), ended_at = ? WHERE run_id = ? AND host = ?")) {
            st.setString(1, h.outcome());
            st.setString(2, h.error());
            st.setString(3, Json.write(h.changes()));
            st.setString(4, h.planJson());
            setTime(st, 5, h.start());
            setTime(st, 6, h.end());
            st.setString(7, runId);
            st.setString(8, h.host());
            if (st.executeUpdate() == 0) insertHost(runId, h);
        }
    }

    /** The end of a run. */
    synchronized void ended(String runId, RunRecord.Result result, int exitCode, String message, Instant at) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("UPDATE runs SET result = ?, exit_code = ?, message = ?, ended_at = ? WHERE id = ?")) {
            st.setString(1, result.word());
            st.setInt(2, exitCode);
            st.setString(3, message);
            st.setLong(4, at.toEpochMilli());
            st.setString(5, runId);
            st.executeUpdate();
        }
    }

    /** Every run that started at or after {@code since}, oldest first, with its hosts. */
    public synchronized List<RunRecord> runs(Instant since) throws SQLException {
        Map<String, RunRecord> runs = new LinkedHashMap<>();
        try (PreparedStatement st = db.prepareStatement("SELECT * FROM runs WHERE started_at >= ? ORDER BY started_at, id")) {
            st.setLong(1, since.toEpochMilli());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) runs.put(rs.getString("id"), run(rs));
            }
        }
        Map<String, List<HostRecord>> hosts = new LinkedHashMap<>();
        try (PreparedStatement st = db.prepareStatement("SELECT h.* FROM run_hosts h JOIN runs r ON r.id = h.run_id WHERE r.started_at >= ? "
                + "ORDER BY h.run_id, h.host")) {
            st.setLong(1, since.toEpochMilli());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) hosts.computeIfAbsent(rs.getString("run_id"), k -> new ArrayList<>()).add(host(rs));
            }
        }
        List<RunRecord> all = new ArrayList<>();
        runs.forEach((id, r) -> all.add(r.withHosts(hosts.getOrDefault(id, List.of()))));
        return all;
    }

    /** The run with this id, or the one run whose id starts with it; empty when none (or several) match. */
    public synchronized Optional<RunRecord> run(String idOrPrefix) throws SQLException {
        List<RunRecord> found = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT * FROM runs WHERE id = ? OR id LIKE ? ORDER BY started_at")) {
            st.setString(1, idOrPrefix);
            st.setString(2, idOrPrefix.replace("%", "").replace("_", "") + "%");
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) found.add(run(rs));
            }
        }
        Optional<RunRecord> exact = found.stream().filter(r -> r.id().equals(idOrPrefix)).findFirst();
        if (exact.isEmpty() && found.size() != 1) return Optional.empty();
        RunRecord r = exact.orElse(found.get(0));
        List<HostRecord> hosts = new ArrayList<>();
        try (PreparedStatement st = db.prepareStatement("SELECT * FROM run_hosts WHERE run_id = ? ORDER BY host")) {
            st.setString(1, r.id());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) hosts.add(host(rs));
            }
        }
        return Optional.of(r.withHosts(hosts));
    }

    private static RunRecord run(ResultSet rs) throws SQLException {
        boolean dirty = rs.getBoolean("git_dirty");
        Boolean gitDirty = rs.wasNull() ? null : dirty;
        GitInfo git = new GitInfo(rs.getString("git_commit"), rs.getString("git_branch"), gitDirty, time(rs, "git_author_time"));
        int exit = rs.getInt("exit_code");
        Integer exitCode = rs.wasNull() ? null : exit;
        return new RunRecord(rs.getString("id"), rs.getString("kind"), RunRecord.Result.of(rs.getString("result")), exitCode,
                time(rs, "started_at"), time(rs, "ended_at"), rs.getString("os_user"), rs.getString("controller"),
                strings(rs.getString("key_fingerprints")), rs.getString("command_line"), rs.getString("playbook"), git,
                rs.getString("inventory"), rs.getString("pattern"), rs.getString("limit_pattern"), rs.getString("reason"),
                rs.getString("ticket"), rs.getString("message"), List.of(), strings(rs.getString("approvers")));
    }

    private static HostRecord host(ResultSet rs) throws SQLException {
        return new HostRecord(rs.getString("host"), strings(rs.getString("groups_json")), rs.getString("outcome"), rs.getString("error"),
                strings(rs.getString("changes_json")), rs.getString("plan_json"), time(rs, "started_at"), time(rs, "ended_at"));
    }

    private static List<String> strings(String json) throws SQLException {
        if (json == null || json.isBlank()) return List.of();
        try {
            return Json.mapper().readValue(json, STRINGS);
        } catch (IOException e) {
            return Arrays.asList(json);
        }
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static void setTime(PreparedStatement st, int i, Instant t) throws SQLException {
        if (t == null) st.setNull(i, Types.BIGINT);
        else st.setLong(i, t.toEpochMilli());
    }

    private static void setInt(PreparedStatement st, int i, Integer v) throws SQLException {
        if (v == null) st.setNull(i, Types.INTEGER);
        else st.setInt(i, v);
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing: nothing left to write
        }
    }
}
