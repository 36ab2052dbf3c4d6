package dev.switchboard.store.snapshot;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.routing.CoreState;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.store.Jdbc;
import dev.switchboard.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of one tenant's core state at a journal sequence: gzip-compressed CoreJson of {@link
 * CoreState}, stored in chunks. Start-up restores the latest usable one and replays the journal
 * after it; a snapshot that cannot be read or does not restore to its recorded state hash is
 * skipped (with a warning) in favour of an older one, or of a full replay.
 */
public final class SnapshotStore {
    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

    /** The format written now; readers skip formats they do not know. */
    public static final String FORMAT = "corejson-gzip-1";

    static final int CHUNK_BYTES = 512 * 1024;

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final String tenant;

    public SnapshotStore(DataSource dataSource, ObjectMapper json, String tenant) {
        this.dataSource = dataSource;
        this.json = json;
        this.tenant = tenant;
    }

    public String tenant() {
        return tenant;
    }

    /**
     * Stores the state the core had after applying the journal up to {@code sequence}. Saving a
     * sequence that is already stored does nothing.
     */
    public SnapshotInfo save(long sequence, CoreState state, long stateHash, Instant takenAt) {
        if (sequence < 1) {
            throw new IllegalArgumentException("a snapshot needs a sequence of at least 1");
        }
        if (state.version() != sequence) {
            throw new IllegalArgumentException("the state has applied " + state.version() + " events, not " + sequence);
        }
        byte[] bytes = compress(state);
        int chunks = Math.max(1, (bytes.length + CHUNK_BYTES - 1) / CHUNK_BYTES);
        SnapshotInfo info = new SnapshotInfo(sequence, takenAt, stateHash, FORMAT, bytes.length, chunks);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (exists(c, sequence)) {
                    c.rollback();
                    return info;
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO snapshot (tenant, seq, taken_at,"
                        + " state_hash, format, size_bytes, chunk_count) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, tenant);
                    ps.setLong(2, sequence);
                    Jdbc.setInstant(ps, 3, takenAt);
                    ps.setLong(4, stateHash);
                    ps.setString(5, FORMAT);
                    ps.setLong(6, bytes.length);
                    ps.setInt(7, chunks);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO snapshot_chunk (tenant, seq, chunk_no, data) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < chunks; i++) {
                        ps.setString(1, tenant);
                        ps.setLong(2, sequence);
                        ps.setInt(3, i);
                        ps.setBytes(
                                4,
                                Arrays.copyOfRange(
                                        bytes, i * CHUNK_BYTES, Math.min(bytes.length, (i + 1) * CHUNK_BYTES)));
                        ps.executeUpdate();
                    }
                }
                c.commit();
                return info;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("saving a snapshot of tenant " + tenant + " failed: " + e.getMessage(), e);
        }
    }

    /** Snapshots of the tenant, newest first. */
    public List<SnapshotInfo> list() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT seq, taken_at, state_hash, format, size_bytes,"
                        + " chunk_count FROM snapshot WHERE tenant = ? ORDER BY seq DESC")) {
            ps.setString(1, tenant);
            List<SnapshotInfo> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SnapshotInfo(
                            rs.getLong(1),
                            Jdbc.getInstant(rs, "taken_at"),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getLong(5),
                            rs.getInt(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("listing snapshots of tenant " + tenant + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The newest snapshot at or before {@code atMostSequence} that reads back and restores to the
     * state hash it was saved with; empty when there is none.
     */
    public Optional<Snapshot> loadLatest(long atMostSequence) {
        return latest(atMostSequence).map(r -> new Snapshot(r.info(), r.state()));
    }

    /**
     * The core restored from the newest usable snapshot at or before {@code atMostSequence}; its
     * {@code version()} is the snapshot's sequence.
     */
    public Optional<RestoredCore> restoreLatest(long atMostSequence) {
        return latest(atMostSequence).map(r -> new RestoredCore(r.info(), r.core()));
    }

    /** A core restored from a snapshot, owned by the caller. */
    public record RestoredCore(SnapshotInfo info, RoutingCore core) {}

    private record Loaded(SnapshotInfo info, CoreState state, RoutingCore core) {}

    private Optional<Loaded> latest(long atMostSequence) {
        for (SnapshotInfo info : list()) {
            if (info.sequence() > atMostSequence) {
                log.warn(
                        "tenant {}: snapshot at {} is ahead of the journal (last sequence {}); skipped",
                        tenant,
                        info.sequence(),
                        atMostSequence);
                continue;
            }
            if (!info.format().equals(FORMAT)) {
                log.warn("tenant {}: snapshot at {} has format {}; skipped", tenant, info.sequence(), info.format());
                continue;
            }
            try {
                CoreState state = read(info);
                RoutingCore core = RoutingCore.restore(state);
                long hash = core.stateHash();
                if (hash != info.stateHash() || state.version() != info.sequence()) {
                    log.warn(
                            "tenant {}: snapshot at {} restores to state hash {}, not {}; skipped",
                            tenant,
                            info.sequence(),
                            Long.toHexString(hash),
                            Long.toHexString(info.stateHash()));
                    continue;
                }
                return Optional.of(new Loaded(info, state, core));
            } catch (RuntimeException e) {
                log.warn(
                        "tenant {}: snapshot at {} cannot be read; skipped: {}", tenant, info.sequence(), e.toString());
            }
        }
        return Optional.empty();
    }

    /** Deletes all but the newest {@code keep} snapshots; returns how many it deleted. */
    public int prune(int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one snapshot");
        }
        List<SnapshotInfo> all = list();
        if (all.size() <= keep) {
            return 0;
        }
        long oldestKept = all.get(keep - 1).sequence();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (String table : new String[] {"snapshot_chunk", "snapshot"}) {
                    try (PreparedStatement ps =
                            c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ? AND seq < ?")) {
                        ps.setString(1, tenant);
                        ps.setLong(2, oldestKept);
                        ps.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
            return all.size() - keep;
        } catch (SQLException e) {
            throw new StoreException("pruning snapshots of tenant " + tenant + " failed: " + e.getMessage(), e);
        }
    }

    private boolean exists(Connection c, long sequence) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM snapshot WHERE tenant = ? AND seq = ?")) {
            ps.setString(1, tenant);
            ps.setLong(2, sequence);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private CoreState read(SnapshotInfo info) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(info.sizeBytes(), Integer.MAX_VALUE));
        int chunks = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT chunk_no, data FROM snapshot_chunk WHERE tenant = ? AND seq = ? ORDER BY chunk_no")) {
            ps.setString(1, tenant);
            ps.setLong(2, info.sequence());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) != chunks) {
                        throw new StoreException("snapshot chunk " + chunks + " is missing");
                    }
                    bytes.writeBytes(rs.getBytes(2));
                    chunks++;
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading a snapshot of tenant " + tenant + " failed: " + e.getMessage(), e);
        }
        if (chunks != info.chunks() || bytes.size() != info.sizeBytes()) {
            throw new StoreException("snapshot at " + info.sequence() + " is incomplete");
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return json.readValue(in, CoreState.class);
        } catch (IOException e) {
            throw new StoreException("snapshot at " + info.sequence() + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    private byte[] compress(CoreState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            json.writeValue(gzip, state);
        } catch (IOException e) {
            throw new StoreException("encoding a snapshot failed: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
