package dev.switchboard.store.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.event.Explanation;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.store.Jdbc;
import dev.switchboard.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Looks calls up in the history: one call with its offers and explanations, or a listing. */
public final class CallHistory {
    private final DataSource dataSource;
    private final ObjectMapper json;
    private final String tenant;

    public CallHistory(DataSource dataSource, ObjectMapper json, String tenant) {
        this.dataSource = dataSource;
        this.json = json;
        this.tenant = tenant;
    }

    /** The most recent call with this id, with every offer, the agents it rang on and why. */
    public Optional<CallRecord> find(CallId call) {
        List<CallRecord> all = findAll(call);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every call with this id (an id may come back after its call ended), newest first, with offers. */
    public List<CallRecord> findAll(CallId call) {
        try (Connection c = dataSource.getConnection()) {
            List<CallRecord> calls = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM call_history WHERE tenant = ? AND call_id = ? ORDER BY call_key DESC")) {
                ps.setString(1, tenant);
                ps.setString(2, call.value());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        calls.add(read(rs, List.of()));
                    }
                }
            }
            List<CallRecord> out = new ArrayList<>(calls.size());
            for (CallRecord r : calls) {
                out.add(withOffers(c, r));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("looking up call " + call + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Calls that arrived in {@code [from, to)}, oldest first, without offers; optionally of one
     * service only.
     */
    public List<CallRecord> list(Instant from, Instant to, ServiceId service, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be 1–10000");
        }
        String sql = "SELECT * FROM call_history WHERE tenant = ? AND arrived_at >= ? AND arrived_at < ?"
                + (service == null ? "" : " AND service_id = ?") + " ORDER BY arrived_at, call_key LIMIT " + limit;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            Jdbc.setInstant(ps, 2, from);
            Jdbc.setInstant(ps, 3, to);
            if (service != null) {
                ps.setString(4, service.value());
            }
            List<CallRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs, List.of()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("listing calls failed: " + e.getMessage(), e);
        }
    }

    /** Calls that have not ended, by arrival. */
    public List<CallRecord> active() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT * FROM call_history WHERE tenant = ? AND outcome IS NULL ORDER BY call_key")) {
            ps.setString(1, tenant);
            List<CallRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs, List.of()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("listing active calls failed: " + e.getMessage(), e);
        }
    }

    private CallRecord withOffers(Connection c, CallRecord r) throws SQLException {
        Map<Long, List<OfferResult>> results = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM call_offer_agent" + " WHERE tenant = ? AND call_key = ? ORDER BY offer_key, agent_id")) {
            ps.setString(1, tenant);
            ps.setLong(2, r.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Long ring = Jdbc.getLong(rs, "ring_ms");
                    results.computeIfAbsent(rs.getLong("offer_key"), k -> new ArrayList<>())
                            .add(new OfferResult(
                                    AgentId.of(rs.getString("agent_id")),
                                    rs.getString("result"),
                                    rs.getString("cancel_reason"),
                                    Jdbc.getInstant(rs, "ended_at"),
                                    ring == null ? null : Duration.ofMillis(ring),
                                    rs.getBoolean("rona")));
                }
            }
        }
        List<OfferRecord> offers = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("SELECT * FROM call_offer WHERE tenant = ? AND call_key = ? ORDER BY offer_key")) {
            ps.setString(1, tenant);
            ps.setLong(2, r.key());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long key = rs.getLong("offer_key");
                    offers.add(new OfferRecord(
                            key,
                            Jdbc.getInstant(rs, "offered_at"),
                            Jdbc.getInstant(rs, "expires_at"),
                            rs.getInt("level"),
                            explanation(rs.getString("explanation")),
                            results.getOrDefault(key, List.of())));
                }
            }
        }
        return new CallRecord(
                r.key(),
                r.call(),
                r.service(),
                r.priority(),
                r.caller(),
                r.arrivedAt(),
                r.serviceLevelTarget(),
                r.offeredCount(),
                r.firstOfferedAt(),
                r.maxLevel(),
                r.ronaCount(),
                r.answeredAt(),
                r.answeredBy(),
                r.queueTime(),
                r.talkTime(),
                r.endedAt(),
                r.outcome(),
                r.reason(),
                r.actionType(),
                r.actionTarget(),
                offers);
    }

    private Explanation explanation(String text) {
        if (text == null || text.equals("null")) {
            return null;
        }
        try {
            return json.readValue(text, Explanation.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot read a stored explanation: " + e.getOriginalMessage(), e);
        }
    }

    private static CallRecord read(ResultSet rs, List<OfferRecord> offers) throws SQLException {
        Long target = Jdbc.getLong(rs, "service_level_target_ms");
        Long queue = Jdbc.getLong(rs, "queue_ms");
        Long talk = Jdbc.getLong(rs, "talk_ms");
        String answeredBy = rs.getString("answered_by");
        return new CallRecord(
                rs.getLong("call_key"),
                CallId.of(rs.getString("call_id")),
                ServiceId.of(rs.getString("service_id")),
                rs.getString("priority"),
                rs.getString("caller"),
                Jdbc.getInstant(rs, "arrived_at"),
                target == null ? null : Duration.ofMillis(target),
                rs.getInt("offered_count"),
                Jdbc.getInstant(rs, "first_offered_at"),
                rs.getInt("max_level"),
                rs.getInt("rona_count"),
                Jdbc.getInstant(rs, "answered_at"),
                answeredBy == null ? null : AgentId.of(answeredBy),
                queue == null ? null : Duration.ofMillis(queue),
                talk == null ? null : Duration.ofMillis(talk),
                Jdbc.getInstant(rs, "ended_at"),
                rs.getString("outcome"),
                rs.getString("reason"),
                rs.getString("action_type"),
                rs.getString("action_target"),
                offers);
    }
}
