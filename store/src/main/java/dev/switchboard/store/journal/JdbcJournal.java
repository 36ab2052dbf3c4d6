package dev.switchboard.store.journal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.event.Event;
import dev.switchboard.engine.Journal;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.engine.codec.CoreJson;
import dev.switchboard.store.Jdbc;
import dev.switchboard.store.Store;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.readmodel.ReadModelProjector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal of one tenant in a SQL database (H2 or PostgreSQL).
 *
 * <p>Opening it takes the tenant's lease (a new epoch). Each {@link #append} is one transaction:
 * lock the lease row and check the epoch is still ours, insert the events with consecutive
 * sequence numbers, project them into the read models, commit. It returns only after the commit,
 * and the store configures both databases so that a commit survives the process being killed
 * (H2 writes at commit with WRITE_DELAY=0; PostgreSQL with synchronous_commit on).
 *
 * <p>{@link #replay} reads in pages by sequence, so a long journal is never held in memory.
 * Thread-safe, though the engine uses it from its writer thread only.
 */
public final class JdbcJournal implements Journal {
    private static final Logger log = LoggerFactory.getLogger(JdbcJournal.class);

    /** Events read per query while replaying. */
    static final int REPLAY_PAGE = 2_000;

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final String tenant;
    private final TenantLease lease;
    private final ReadModelProjector projector;
    private final Object lock = new Object();

    private volatile long lastSequence;
    private volatile boolean closed;
    /** A failed append left the projector's memory ahead of the tables: reload before the next. */
    private boolean projectorStale;

    private JdbcJournal(
            DataSource dataSource,
            ObjectMapper json,
            String tenant,
            TenantLease lease,
            ReadModelProjector projector,
            long lastSequence) {
        this.dataSource = dataSource;
        this.json = json;
        this.tenant = tenant;
        this.lease = lease;
        this.projector = projector;
        this.lastSequence = lastSequence;
    }

    /** Takes over {@code tenant} in the store's database as {@code owner} (e.g. host name and pid). */
    public static JdbcJournal open(Store store, String tenant, String owner) {
        return open(store.dataSource(), store.json(), tenant, owner, Clock.systemUTC());
    }

    /**
     * Takes over {@code tenant}: raises its epoch, so any earlier owner's appends are refused from
     * now on, and loads the read models' open state.
     */
    public static JdbcJournal open(
            DataSource dataSource, ObjectMapper json, String tenant, String owner, InstantSource clock) {
        requireName(tenant, "tenant", 100);
        requireName(owner, "owner", 200);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                TenantLease lease = TenantLease.acquire(c, tenant, owner, clock.instant());
                long last = 0;
                try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM journal WHERE tenant = ?")) {
                    ps.setString(1, tenant);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            last = rs.getLong(1);
                        }
                    }
                }
                ReadModelProjector projector = ReadModelProjector.load(c, tenant, json);
                c.commit();
                log.info(
                        "tenant {}: journal opened by {} at epoch {}, last sequence {}",
                        tenant,
                        owner,
                        lease.epoch(),
                        last);
                return new JdbcJournal(dataSource, json, tenant, lease, projector, last);
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("cannot open the journal of tenant " + tenant + ": " + e.getMessage(), e);
        }
    }

    private static void requireName(String value, String what, int max) {
        if (value == null || value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(what + " must be 1–" + max + " characters");
        }
    }

    public String tenant() {
        return tenant;
    }

    /** The lease this journal appends under. */
    public TenantLease lease() {
        return lease;
    }

    @Override
    public List<JournaledEvent> append(List<Event> events) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            return List.of();
        }
        synchronized (lock) {
            if (closed) {
                throw new StoreException("the journal of tenant " + tenant + " is closed");
            }
            long first = lastSequence + 1;
            List<JournaledEvent> entries = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) {
                entries.add(new JournaledEvent(first + i, Objects.requireNonNull(events.get(i), "event")));
            }
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    checkEpoch(c);
                    if (projectorStale) {
                        projector.reload(c);
                        projectorStale = false;
                    }
                    insert(c, entries);
                    projector.project(c, entries);
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    projectorStale = true;
                    if (e instanceof StoreException se) {
                        throw se;
                    }
                    throw new StoreException(
                            "appending " + events.size() + " events to tenant " + tenant + " failed: " + e.getMessage(),
                            e);
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                projectorStale = true;
                throw new StoreException("appending to tenant " + tenant + " failed: " + e.getMessage(), e);
            }
            projector.committed();
            lastSequence = first + events.size() - 1;
            return entries;
        }
    }

    /** Refuses the append unless this journal's epoch is still the tenant's; holds the row lock until commit. */
    private void checkEpoch(Connection c) throws SQLException {
        TenantLease current = TenantLease.lockCurrent(c, tenant)
                .orElseThrow(() -> new StoreException("tenant " + tenant + " has no lease row"));
        if (current.epoch() != lease.epoch()) {
            throw new StaleOwnerException(tenant, lease.epoch(), current.epoch(), current.owner());
        }
    }

    private void insert(Connection c, List<JournaledEvent> entries) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO journal (tenant, seq, epoch, at, type, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (JournaledEvent entry : entries) {
                Event event = entry.event();
                ps.setString(1, tenant);
                ps.setLong(2, entry.sequence());
                ps.setLong(3, lease.epoch());
                Jdbc.setInstant(ps, 4, event.at());
                ps.setString(5, event.getClass().getSimpleName());
                ps.setString(6, CoreJson.eventToJson(json, event));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Feeds every event after {@code afterSequence} in order, a page at a time.
     *
     * @throws StoreException if the journal has a gap or an event cannot be read
     */
    @Override
    public void replay(long afterSequence, Consumer<JournaledEvent> consumer) {
        long after = Math.max(0, afterSequence);
        List<JournaledEvent> page = new ArrayList<>(REPLAY_PAGE);
        try (Connection c = dataSource.getConnection()) {
            while (true) {
                page.clear();
                readPage(c, after, page);
                for (JournaledEvent e : page) {
                    consumer.accept(e);
                }
                if (page.size() < REPLAY_PAGE) {
                    return;
                }
                after = page.get(page.size() - 1).sequence();
            }
        } catch (SQLException e) {
            throw new StoreException("replaying tenant " + tenant + " failed: " + e.getMessage(), e);
        }
    }

    /** The read-model tables a rebuild clears; presence_source_health is not derived from events. */
    private static final List<String> READ_MODEL_TABLES = List.of(
            "config_service_member",
            "config_service",
            "config_agent_skill",
            "config_agent",
            "config_profile",
            "call_offer_agent",
            "call_offer",
            "call_history",
            "agent_state_history",
            "agent_current",
            "presence_tracking_audit");

    /**
     * Clears this tenant's read models and projects the whole journal again, a page per
     * transaction, e.g. after an upgrade changed a projection. Appends wait meanwhile. Returns
     * the number of events projected.
     */
    public long rebuildReadModels() {
        synchronized (lock) {
            if (closed) {
                throw new StoreException("the journal of tenant " + tenant + " is closed");
            }
            projectorStale = true;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    checkEpoch(c);
                    for (String table : READ_MODEL_TABLES) {
                        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE tenant = ?")) {
                            ps.setString(1, tenant);
                            ps.executeUpdate();
                        }
                    }
                    projector.reload(c);
                    c.commit();
                    long projected = 0;
                    List<JournaledEvent> page = new ArrayList<>(REPLAY_PAGE);
                    long[] last = {0};
                    while (true) {
                        page.clear();
                        readPage(c, last[0], page);
                        if (page.isEmpty()) {
                            break;
                        }
                        checkEpoch(c);
                        projector.project(c, page);
                        c.commit();
                        projector.committed();
                        projected += page.size();
                        last[0] = page.get(page.size() - 1).sequence();
                    }
                    projectorStale = false;
                    log.info("tenant {}: rebuilt the read models from {} events", tenant, projected);
                    return projected;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    if (e instanceof StoreException se) {
                        throw se;
                    }
                    throw new StoreException(
                            "rebuilding the read models of tenant " + tenant + " failed: " + e.getMessage(), e);
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new StoreException(
                        "rebuilding the read models of tenant " + tenant + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** One page of events after {@code after}, checked for gaps. */
    private void readPage(Connection c, long after, List<JournaledEvent> out) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, payload FROM journal WHERE tenant = ? AND seq > ?"
                + " ORDER BY seq LIMIT " + REPLAY_PAGE)) {
            ps.setString(1, tenant);
            ps.setLong(2, after);
            long expected = after + 1;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    if (seq != expected) {
                        throw new StoreException("the journal of tenant " + tenant + " has a gap: expected sequence "
                                + expected + ", found " + seq);
                    }
                    out.add(new JournaledEvent(seq, decode(seq, rs.getString(2))));
                    expected++;
                }
            }
        }
    }

    private Event decode(long seq, String payload) {
        try {
            return CoreJson.eventFromJson(json, payload);
        } catch (RuntimeException e) {
            throw new StoreException("cannot read event " + seq + " of tenant " + tenant + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long lastSequence() {
        return lastSequence;
    }

    /** Refuses further appends; the lease stays taken (the next owner takes it over). */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed", e);
        }
    }
}
