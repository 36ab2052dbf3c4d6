package dev.switchboard.store.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.store.Jdbc;
import dev.switchboard.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The presence-source audit of a tenant: failovers and returns of presence tracking (projected
 * from the journal) and the health changes the presence adapter records here.
 */
public final class PresenceAudit {
    /** The health of a presence source or account, as the presence adapter classifies it. */
    public enum HealthStatus {
        OK,
        DEGRADED,
        DOWN
    }

    /**
     * One recorded health change.
     *
     * @param account the presence account (e.g. its user principal name), or null for the source as a whole
     * @param code the classified reason, e.g. {@code WRONG_PASSWORD (AADSTS50126)}, or null when OK
     * @param since since when the source is in this state
     * @param fix what an admin should do, or null
     */
    public record HealthChange(
            long id,
            Instant recordedAt,
            String source,
            String account,
            HealthStatus status,
            String code,
            Instant since,
            String fix) {}

    /**
     * One failover (tracking false) or return (true) from the journal.
     *
     * @param agents the agents whose tracking changed
     */
    public record TrackingChange(
            long seq,
            Instant at,
            String source,
            String fidelity,
            boolean tracking,
            String reason,
            List<AgentId> agents) {
        public TrackingChange {
            agents = List.copyOf(agents);
        }
    }

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final String tenant;
    private final InstantSource clock;

    public PresenceAudit(DataSource dataSource, ObjectMapper json, String tenant, InstantSource clock) {
        this.dataSource = dataSource;
        this.json = json;
        this.tenant = tenant;
        this.clock = clock;
    }

    /**
     * Records that a presence source's (or one of its accounts') health changed. Called by the
     * app when the presence adapter reports a change; never pass secrets in {@code code} or {@code fix}.
     */
    public HealthChange recordHealth(
            String source, String account, HealthStatus status, String code, Instant since, String fix) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(since, "since");
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO presence_source_health"
                                + " (tenant, recorded_at, source, account, status, code, since, fix)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        new String[] {"id"})) {
            ps.setString(1, tenant);
            Jdbc.setInstant(ps, 2, now);
            ps.setString(3, truncate(source, 200));
            Jdbc.setString(ps, 4, truncate(account, 400));
            ps.setString(5, status.name());
            Jdbc.setString(ps, 6, truncate(code, 200));
            Jdbc.setInstant(ps, 7, since);
            Jdbc.setString(ps, 8, truncate(fix, 2000));
            ps.executeUpdate();
            long id;
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
            return new HealthChange(id, now, source, account, status, code, since, fix);
        } catch (SQLException e) {
            throw new StoreException("recording the health of " + source + " failed: " + e.getMessage(), e);
        }
    }

    /** Health changes recorded in {@code [from, to)}, oldest first. */
    public List<HealthChange> healthChanges(Instant from, Instant to) {
        return health(
                "SELECT * FROM presence_source_health WHERE tenant = ? AND recorded_at >= ? AND recorded_at < ?"
                        + " ORDER BY id",
                from,
                to);
    }

    /** The latest recorded health of every source and account. */
    public List<HealthChange> currentHealth() {
        return health(
                "SELECT * FROM presence_source_health h WHERE tenant = ? AND id = (SELECT MAX(id)"
                        + " FROM presence_source_health l WHERE l.tenant = h.tenant AND l.source = h.source"
                        + " AND COALESCE(l.account, '') = COALESCE(h.account, '')) ORDER BY source, account",
                null,
                null);
    }

    /** Failovers and returns in {@code [from, to)}, in journal order. */
    public List<TrackingChange> trackingChanges(Instant from, Instant to) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT * FROM presence_tracking_audit"
                        + " WHERE tenant = ? AND at >= ? AND at < ? ORDER BY seq")) {
            ps.setString(1, tenant);
            Jdbc.setInstant(ps, 2, from);
            Jdbc.setInstant(ps, 3, to);
            List<TrackingChange> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TrackingChange(
                            rs.getLong("seq"),
                            Jdbc.getInstant(rs, "at"),
                            rs.getString("source"),
                            rs.getString("fidelity"),
                            rs.getBoolean("tracking"),
                            rs.getString("reason"),
                            agents(rs.getString("agents"))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("listing presence tracking changes failed: " + e.getMessage(), e);
        }
    }

    private List<HealthChange> health(String sql, Instant from, Instant to) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            if (from != null) {
                Jdbc.setInstant(ps, 2, from);
                Jdbc.setInstant(ps, 3, to);
            }
            List<HealthChange> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new HealthChange(
                            rs.getLong("id"),
                            Jdbc.getInstant(rs, "recorded_at"),
                            rs.getString("source"),
                            rs.getString("account"),
                            HealthStatus.valueOf(rs.getString("status")),
                            rs.getString("code"),
                            Jdbc.getInstant(rs, "since"),
                            rs.getString("fix")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("listing presence source health failed: " + e.getMessage(), e);
        }
    }

    /** The agents column is a JSON array of agent ids, written by the projection. */
    private List<AgentId> agents(String text) {
        try {
            List<AgentId> out = new ArrayList<>();
            for (String id : json.readValue(text, String[].class)) {
                out.add(AgentId.of(id));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read the agents of a tracking change: " + e.getOriginalMessage(), e);
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
