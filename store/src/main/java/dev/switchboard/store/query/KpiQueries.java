package dev.switchboard.store.query;

import dev.switchboard.core.kpi.RangeKpis.ServiceFigures;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.routing.AgentStatus;
import dev.switchboard.store.Jdbc;
import dev.switchboard.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * KPIs per service and per agent for a time range, from the history read models. Definitions are
 * in docs/STORAGE.md and on {@link ServiceFigures} and {@link AgentKpis}.
 */
public final class KpiQueries {
    private static final String QUEUED = "(outcome IS NULL OR outcome NOT IN ('REJECTED', 'OVERFLOWED'))";

    private static final String SERVICE_SQL = "SELECT service_id,"
            + " COUNT(*) AS offered,"
            + " SUM(CASE WHEN " + QUEUED + " THEN 1 ELSE 0 END) AS queued,"
            + " SUM(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END) AS handled,"
            + " SUM(CASE WHEN outcome = 'ABANDONED' THEN 1 ELSE 0 END) AS abandoned,"
            + " SUM(CASE WHEN outcome = 'ABANDONED' AND reason = 'WHILE_RINGING' THEN 1 ELSE 0 END)"
            + " AS abandoned_ringing,"
            + " SUM(CASE WHEN outcome = 'OVERFLOWED' THEN 1 ELSE 0 END) AS overflowed,"
            + " SUM(CASE WHEN outcome = 'TIMED_OUT' THEN 1 ELSE 0 END) AS timed_out,"
            + " SUM(CASE WHEN outcome = 'REJECTED' THEN 1 ELSE 0 END) AS rejected,"
            + " SUM(CASE WHEN outcome IS NULL THEN 1 ELSE 0 END) AS active,"
            + " SUM(CASE WHEN answered_at IS NOT NULL AND queue_ms <= service_level_target_ms THEN 1 ELSE 0 END)"
            + " AS within_target,"
            + " SUM(CASE WHEN answered_at IS NOT NULL THEN queue_ms ELSE 0 END) AS answer_ms,"
            + " SUM(CASE WHEN queue_ms IS NOT NULL AND " + QUEUED + " THEN queue_ms ELSE 0 END) AS queue_ms,"
            + " SUM(CASE WHEN queue_ms IS NOT NULL AND " + QUEUED + " THEN 1 ELSE 0 END) AS queue_n,"
            + " SUM(CASE WHEN talk_ms IS NOT NULL THEN talk_ms ELSE 0 END) AS talk_ms,"
            + " SUM(CASE WHEN talk_ms IS NOT NULL THEN 1 ELSE 0 END) AS talk_n,"
            + " SUM(rona_count) AS rona"
            + " FROM call_history WHERE tenant = ? AND arrived_at >= ? AND arrived_at < ?";

    private static final String OFFER_SQL = "SELECT agent_id,"
            + " COUNT(*) AS offered,"
            + " SUM(CASE WHEN result = 'ACCEPTED' THEN 1 ELSE 0 END) AS accepted,"
            + " SUM(CASE WHEN result = 'DECLINED' THEN 1 ELSE 0 END) AS declined,"
            + " SUM(CASE WHEN result = 'EXPIRED' THEN 1 ELSE 0 END) AS missed,"
            + " SUM(CASE WHEN result = 'CANCELLED' THEN 1 ELSE 0 END) AS cancelled,"
            + " SUM(CASE WHEN result = 'CANCELLED' AND cancel_reason = 'CALLER_HUNG_UP' THEN 1 ELSE 0 END)"
            + " AS abandoned_ringing,"
            + " SUM(CASE WHEN rona THEN 1 ELSE 0 END) AS rona"
            + " FROM call_offer_agent WHERE tenant = ? AND offered_at >= ? AND offered_at < ?";

    private static final String ANSWERED_SQL = "SELECT answered_by AS agent_id,"
            + " COUNT(*) AS answered,"
            + " SUM(queue_ms) AS answer_ms,"
            + " SUM(CASE WHEN talk_ms IS NOT NULL THEN talk_ms ELSE 0 END) AS talk_ms,"
            + " SUM(CASE WHEN talk_ms IS NOT NULL THEN 1 ELSE 0 END) AS talk_n"
            + " FROM call_history WHERE tenant = ? AND answered_at >= ? AND answered_at < ?"
            + " AND answered_by IS NOT NULL";

    private final DataSource dataSource;
    private final String tenant;
    private final InstantSource clock;

    /**
     * @param clock "now", where an agent's current status interval ends
     */
    public KpiQueries(DataSource dataSource, String tenant, InstantSource clock) {
        this.dataSource = dataSource;
        this.tenant = tenant;
        this.clock = clock;
    }

    /** KPIs of every service that is configured now or had calls in the range, by service id. */
    public List<ServiceFigures> services(Instant from, Instant to) {
        checkRange(from, to);
        try (Connection c = dataSource.getConnection()) {
            Map<String, ServiceFigures> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(SERVICE_SQL + " GROUP BY service_id")) {
                bindRange(ps, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString("service_id");
                        out.put(id, serviceKpis(c, ServiceId.of(id), rs, from, to));
                    }
                }
            }
            for (String id : configuredServices(c)) {
                if (!out.containsKey(id)) {
                    out.put(id, serviceKpis(c, ServiceId.of(id), null, from, to));
                }
            }
            return List.copyOf(out.values());
        } catch (SQLException e) {
            throw failed("service KPIs", e);
        }
    }

    /** KPIs of one service; all zero when it had no calls in the range. */
    public ServiceFigures service(ServiceId service, Instant from, Instant to) {
        checkRange(from, to);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SERVICE_SQL + " AND service_id = ? GROUP BY service_id")) {
            bindRange(ps, from, to);
            ps.setString(4, service.value());
            try (ResultSet rs = ps.executeQuery()) {
                return serviceKpis(c, service, rs.next() ? rs : null, from, to);
            }
        } catch (SQLException e) {
            throw failed("service KPIs", e);
        }
    }

    private ServiceFigures serviceKpis(Connection c, ServiceId service, ResultSet rs, Instant from, Instant to)
            throws SQLException {
        long offered = rs == null ? 0 : rs.getLong("offered");
        long queued = rs == null ? 0 : rs.getLong("queued");
        long handled = rs == null ? 0 : rs.getLong("handled");
        long withinTarget = rs == null ? 0 : rs.getLong("within_target");
        long queueN = rs == null ? 0 : rs.getLong("queue_n");
        long talkN = rs == null ? 0 : rs.getLong("talk_n");
        long talkMs = rs == null ? 0 : rs.getLong("talk_ms");
        Map<AgentId, Times> team = times(c, members(c, service), from, to);
        long handling = 0;
        long staffed = 0;
        for (Times t : team.values()) {
            handling += t.handling();
            staffed += t.staffed();
        }
        return new ServiceFigures(
                service,
                offered,
                queued,
                handled,
                rs == null ? 0 : rs.getLong("abandoned"),
                rs == null ? 0 : rs.getLong("abandoned_ringing"),
                rs == null ? 0 : rs.getLong("overflowed"),
                rs == null ? 0 : rs.getLong("timed_out"),
                rs == null ? 0 : rs.getLong("rejected"),
                rs == null ? 0 : rs.getLong("active"),
                withinTarget,
                ratio(withinTarget, offered),
                average(rs == null ? 0 : rs.getLong("answer_ms"), handled),
                average(rs == null ? 0 : rs.getLong("queue_ms"), queueN),
                Duration.ofMillis(talkMs),
                average(talkMs, talkN),
                ratio(handled, queued),
                rs == null ? 0 : rs.getLong("rona"),
                ratio(handling, staffed));
    }

    /** KPIs of every agent configured now or active in the range, by agent id. */
    public List<AgentKpis> agents(Instant from, Instant to) {
        checkRange(from, to);
        try (Connection c = dataSource.getConnection()) {
            Map<String, long[]> offers = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(OFFER_SQL + " GROUP BY agent_id")) {
                bindRange(ps, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        offers.put(rs.getString("agent_id"), offerCounts(rs));
                    }
                }
            }
            Map<String, long[]> answered = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement(ANSWERED_SQL + " GROUP BY answered_by")) {
                bindRange(ps, from, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        answered.put(rs.getString("agent_id"), answeredCounts(rs));
                    }
                }
            }
            Map<AgentId, Times> times = times(c, null, from, to);
            Set<String> ids = new TreeSet<>();
            ids.addAll(offers.keySet());
            ids.addAll(answered.keySet());
            times.keySet().forEach(a -> ids.add(a.value()));
            ids.addAll(configuredAgents(c));
            List<AgentKpis> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                AgentId agent = AgentId.of(id);
                out.add(agentKpis(
                        agent, from, to, offers.get(id), answered.get(id), times.getOrDefault(agent, Times.NONE)));
            }
            return out;
        } catch (SQLException e) {
            throw failed("agent KPIs", e);
        }
    }

    /** KPIs of one agent; all zero when it did nothing in the range. */
    public AgentKpis agent(AgentId agent, Instant from, Instant to) {
        checkRange(from, to);
        try (Connection c = dataSource.getConnection()) {
            long[] offers = null;
            try (PreparedStatement ps = c.prepareStatement(OFFER_SQL + " AND agent_id = ? GROUP BY agent_id")) {
                bindRange(ps, from, to);
                ps.setString(4, agent.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        offers = offerCounts(rs);
                    }
                }
            }
            long[] answered = null;
            try (PreparedStatement ps =
                    c.prepareStatement(ANSWERED_SQL + " AND answered_by = ? GROUP BY answered_by")) {
                bindRange(ps, from, to);
                ps.setString(4, agent.value());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        answered = answeredCounts(rs);
                    }
                }
            }
            Times times = times(c, List.of(agent), from, to).getOrDefault(agent, Times.NONE);
            return agentKpis(agent, from, to, offers, answered, times);
        } catch (SQLException e) {
            throw failed("agent KPIs", e);
        }
    }

    private static long[] offerCounts(ResultSet rs) throws SQLException {
        return new long[] {
            rs.getLong("offered"),
            rs.getLong("accepted"),
            rs.getLong("declined"),
            rs.getLong("missed"),
            rs.getLong("cancelled"),
            rs.getLong("abandoned_ringing"),
            rs.getLong("rona")
        };
    }

    private static long[] answeredCounts(ResultSet rs) throws SQLException {
        return new long[] {rs.getLong("answered"), rs.getLong("answer_ms"), rs.getLong("talk_ms"), rs.getLong("talk_n")
        };
    }

    private static AgentKpis agentKpis(
            AgentId agent, Instant from, Instant to, long[] offers, long[] answered, Times times) {
        long[] o = offers == null ? new long[7] : offers;
        long[] a = answered == null ? new long[4] : answered;
        Map<AgentStatus, Duration> byStatus = new EnumMap<>(AgentStatus.class);
        times.byStatus().forEach((status, ms) -> byStatus.put(status, Duration.ofMillis(ms)));
        return new AgentKpis(
                agent,
                from,
                to,
                o[0],
                o[1],
                o[2],
                o[3],
                o[4],
                o[5],
                o[6],
                ratio(o[1], o[0]),
                average(a[1], a[0]),
                Duration.ofMillis(a[2]),
                average(a[2], a[3]),
                Duration.ofMillis(times.handling()),
                Duration.ofMillis(times.staffed()),
                ratio(times.handling(), times.staffed()),
                byStatus);
    }

    // ------------------------------------------------------------------------------------
    // Time in status
    // ------------------------------------------------------------------------------------

    /** Milliseconds per status inside the range. */
    private record Times(Map<AgentStatus, Long> byStatus) {
        static final Times NONE = new Times(Map.of());

        long handling() {
            return byStatus.getOrDefault(AgentStatus.CONNECTED, 0L)
                    + byStatus.getOrDefault(AgentStatus.AFTER_CALL_WORK, 0L);
        }

        long staffed() {
            long sum = 0;
            for (Map.Entry<AgentStatus, Long> e : byStatus.entrySet()) {
                if (e.getKey() != AgentStatus.OFFLINE) {
                    sum += e.getValue();
                }
            }
            return sum;
        }
    }

    /** Time in each status per agent inside {@code [from, to)}, clipped; agents null means all. */
    private Map<AgentId, Times> times(Connection c, List<AgentId> agents, Instant from, Instant to)
            throws SQLException {
        Map<AgentId, Map<AgentStatus, Long>> acc = new TreeMap<>();
        if (agents != null && agents.isEmpty()) {
            return Map.of();
        }
        String filter = agents == null ? "" : " AND agent_id IN (" + placeholders(agents.size()) + ")";
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, status, started_at, ended_at"
                + " FROM agent_state_history WHERE tenant = ? AND started_at < ? AND ended_at > ?" + filter)) {
            ps.setString(1, tenant);
            Jdbc.setInstant(ps, 2, to);
            Jdbc.setInstant(ps, 3, from);
            bindAgents(ps, 4, agents);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    add(acc, rs, Jdbc.getInstant(rs, "started_at"), Jdbc.getInstant(rs, "ended_at"), from, to);
                }
            }
        }
        Instant now = clock.instant();
        Instant end = now.isBefore(to) ? now : to;
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id, status, status_since FROM agent_current"
                + " WHERE tenant = ? AND status_since < ?" + filter)) {
            ps.setString(1, tenant);
            Jdbc.setInstant(ps, 2, end);
            bindAgents(ps, 3, agents);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    add(acc, rs, Jdbc.getInstant(rs, "status_since"), end, from, to);
                }
            }
        }
        Map<AgentId, Times> out = new TreeMap<>();
        acc.forEach((agent, byStatus) -> out.put(agent, new Times(byStatus)));
        return out;
    }

    private static void add(
            Map<AgentId, Map<AgentStatus, Long>> acc,
            ResultSet rs,
            Instant start,
            Instant end,
            Instant from,
            Instant to)
            throws SQLException {
        Instant a = start.isBefore(from) ? from : start;
        Instant b = end.isAfter(to) ? to : end;
        long ms = Duration.between(a, b).toMillis();
        if (ms <= 0) {
            return;
        }
        AgentId agent = AgentId.of(rs.getString("agent_id"));
        AgentStatus status = AgentStatus.valueOf(rs.getString("status"));
        acc.computeIfAbsent(agent, k -> new EnumMap<>(AgentStatus.class)).merge(status, ms, Long::sum);
    }

    private static String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    private static void bindAgents(PreparedStatement ps, int start, List<AgentId> agents) throws SQLException {
        if (agents != null) {
            for (int i = 0; i < agents.size(); i++) {
                ps.setString(start + i, agents.get(i).value());
            }
        }
    }

    private List<AgentId> members(Connection c, ServiceId service) throws SQLException {
        List<AgentId> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT agent_id FROM config_service_member"
                + " WHERE tenant = ? AND service_id = ? ORDER BY position")) {
            ps.setString(1, tenant);
            ps.setString(2, service.value());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(AgentId.of(rs.getString(1)));
                }
            }
        }
        return out;
    }

    private List<String> configuredServices(Connection c) throws SQLException {
        return ids(c, "SELECT service_id FROM config_service WHERE tenant = ?");
    }

    private List<String> configuredAgents(Connection c) throws SQLException {
        return ids(c, "SELECT agent_id FROM config_agent WHERE tenant = ?");
    }

    private List<String> ids(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tenant);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private void bindRange(PreparedStatement ps, Instant from, Instant to) throws SQLException {
        ps.setString(1, tenant);
        Jdbc.setInstant(ps, 2, from);
        Jdbc.setInstant(ps, 3, to);
    }

    private static void checkRange(Instant from, Instant to) {
        if (from == null || to == null || !from.isBefore(to)) {
            throw new IllegalArgumentException("the range must have from < to, was [" + from + ", " + to + ")");
        }
    }

    static Double ratio(long numerator, long denominator) {
        return denominator == 0 ? null : (double) numerator / denominator;
    }

    static Duration average(long totalMillis, long count) {
        return count == 0 ? null : Duration.ofMillis(Math.round((double) totalMillis / count));
    }

    private StoreException failed(String what, SQLException e) {
        return new StoreException("querying " + what + " of tenant " + tenant + " failed: " + e.getMessage(), e);
    }
}
