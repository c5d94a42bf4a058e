package dev.opsctl.journal;

import dev.opsctl.lock.DownSlots;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The fleet-wide reboot limit in PostgreSQL: slot i of a group is a session advisory lock on a hash of the group and
 * i, held by the journal's connection while one host is down. Every runner of the group tries the same keys, so at
 * most {@code size} hosts are down across them; a killed runner's session ends and PostgreSQL frees its slots with it
 * (no lease to expire). A session takes an advisory lock it already holds again, so the slots this run holds are
 * skipped here rather than counted twice.
 */
final class PgDownSlots implements DownSlots {
    private final Journal journal;
    private final String group;
    private final int size;
    private final Map<String, Integer> held = new HashMap<>();

    PgDownSlots(Journal journal, String group, int size) {
        this.journal = journal;
        this.group = group;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean tryTake(String host) throws Unavailable {
        synchronized (journal) {
            if (held.containsKey(host)) return true;
            try {
                for (int slot = 0; slot < size; slot++) {
                    if (held.containsValue(slot)) continue;
                    if (tryLock(journal.connection(), key(group, slot))) {
                        held.put(host, slot);
                        return true;
                    }
                }
                return false;
            } catch (SQLException e) {
                throw new Unavailable("the fleet-wide reboot limit in the journal cannot be read: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void release(String host) {
        synchronized (journal) {
            Integer slot = held.remove(host);
            if (slot == null) return;
            try (PreparedStatement st = journal.connection().prepareStatement("SELECT pg_advisory_unlock(?)")) {
                st.setLong(1, key(group, slot));
                st.executeQuery().close();
            } catch (SQLException e) {
                // The slot stays taken until the session ends with this run; the limit is kept either way.
            }
        }
    }

    private static boolean tryLock(Connection db, long key) throws SQLException {
        try (PreparedStatement st = db.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The slot's advisory lock key: the first 8 bytes of SHA-256 over a prefix, the group and the slot's number. */
    static long key(String group, int slot) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("opsctl-reboot-slot:" + slot + ":" + group).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(d).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
