package dev.opsctl.journal;

import dev.opsctl.lock.SharedHostLock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The per-host apply lock in PostgreSQL, as Terraform's pg backend locks a state: a session advisory lock
 * ({@code pg_try_advisory_lock}) on a 64-bit hash of the host's inventory name, held by the journal's connection for
 * as long as the host is worked on. A killed run's session ends, and PostgreSQL frees its locks with it. Who holds a
 * host is written to {@code host_locks}, read back to name the holder to a run that finds the host locked.
 */
final class PgHostLock implements SharedHostLock {
    private final Journal journal;
    private final String runId;
    private final String holder;
    /** Told when the database fails: the run goes on with the host's own lock only (journal failures never block a run). */
    private final Consumer<Exception> failed;
    private final Set<String> held = new HashSet<>();

    PgHostLock(Journal journal, String runId, String holder, Consumer<Exception> failed) {
        this.journal = journal;
        this.runId = runId;
        this.holder = holder;
        this.failed = failed;
    }

    @Override
    public String tryTake(String host) {
        try {
            return take(host);
        } catch (SQLException e) {
            // Told outside the journal's monitor: the journal's owner may be waiting for it.
            failed.accept(e);
            return null;
        }
    }

    private String take(String host) throws SQLException {
        synchronized (journal) {
            if (held.contains(host)) return null;
            Connection db = journal.connection();
            boolean taken;
            try (PreparedStatement st = db.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                st.setLong(1, key(host));
                try (ResultSet rs = st.executeQuery()) {
                    taken = rs.next() && rs.getBoolean(1);
                }
            }
            if (!taken) return holderOf(db, host);
            held.add(host);
            try (PreparedStatement st = db.prepareStatement("INSERT INTO host_locks (host, run_id, holder, taken_at) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (host) DO UPDATE SET run_id = EXCLUDED.run_id, holder = EXCLUDED.holder, taken_at = EXCLUDED.taken_at")) {
                st.setString(1, host);
                st.setString(2, runId);
                st.setString(3, holder);
                st.setLong(4, System.currentTimeMillis());
                st.executeUpdate();
            }
            return null;
        }
    }

    @Override
    public void release(String host) {
        SQLException problem = null;
        synchronized (journal) {
            if (!held.remove(host)) return;
            Connection db = journal.connection();
            try {
                try (PreparedStatement st = db.prepareStatement("DELETE FROM host_locks WHERE host = ? AND run_id = ?")) {
                    st.setString(1, host);
                    st.setString(2, runId);
                    st.executeUpdate();
                }
                try (PreparedStatement st = db.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                    st.setLong(1, key(host));
                    st.executeQuery().close();
                }
            } catch (SQLException e) {
                // The session ends with the run at the latest, and the lock with it.
                problem = e;
            }
        }
        if (problem != null) failed.accept(problem);
    }

    private static String holderOf(Connection db, String host) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT holder, run_id FROM host_locks WHERE host = ?")) {
            st.setString(1, host);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) + " (journal run " + rs.getString(2) + ")" : "another opsctl run (journal lock)";
            }
        }
    }

    /** The advisory lock's key: the first 8 bytes of SHA-256 over a prefix and the host's name. */
    static long key(String host) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("opsctl-host-lock:" + host).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
