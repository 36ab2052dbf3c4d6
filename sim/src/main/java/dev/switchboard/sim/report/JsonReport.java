package dev.switchboard.sim.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.kpi.CallKpis;
import dev.switchboard.core.kpi.IntervalKpis;
import dev.switchboard.core.kpi.ServiceKpis;
import dev.switchboard.sim.erlang.Prediction;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object per run. Field names are stable (docs/SIMULATOR.md lists them); numbers that do
 * not exist (a rate without calls) are null.
 */
public final class JsonReport {
    private JsonReport() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    public static String render(SimulationReport report) {
        try {
            return JSON.writeValueAsString(tree(report));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render the report", e);
        }
    }

    public static ObjectNode tree(SimulationReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", report.scenario());
        root.put("seed", report.seed());
        if (!report.description().isBlank()) {
            root.put("description", report.description().strip());
        }
        if (report.hasModes()) {
            ArrayNode modes = root.putArray("modes");
            for (ModeResult m : report.modes()) {
                ObjectNode node = modes.addObject();
                node.put("mode", m.mode());
                if (!m.description().isBlank()) {
                    node.put("description", m.description().strip());
                }
                mode(node, m);
            }
        } else {
            mode(root, report.modes().get(0));
        }
        return root;
    }

    private static void mode(ObjectNode n, ModeResult m) {
        CallKpis c = m.calls();
        calls(n, c);
        n.put("occupancy", number(m.occupancy()));
        n.put("rona_count", m.kpis().ronaCount());
        GroundTruth t = m.truth();
        n.put("offers", t.offers());
        n.put("offers_to_agents_in_call", t.offersToAgentsInCall());
        n.put("offers_to_agents_in_switchboard_call", t.offersToAgentsInSwitchboardCall());
        n.put("offers_to_agents_in_call_inside_latency_window", t.insideLatencyWindow());
        n.put("offers_to_agents_in_call_outside_latency_window", t.outsideLatencyWindow());
        n.put("max_call_age_at_offer_inside_window_seconds", round(t.maxCallAgeInsideWindowSeconds()));
        n.put("offers_to_agents_in_meeting", t.offersToAgentsInMeeting());
        n.put("offers_to_agents_set_busy", t.offersToAgentsSetBusy());
        n.put("meetings", t.meetings());
        n.put("personal_calls", t.personalCalls());
        n.put("presence_updates", t.presenceUpdates());
        n.put("rejected_commands", t.rejectedCommands());
        if (t.rejectedCommands() > 0) {
            n.put("first_rejected_command", t.firstRejection());
        }
        if (m.erlang() != null) {
            erlang(n.putObject("erlang"), m.erlang());
        }
        if (m.failover() != null) {
            calls(n.putObject("failover_window"), m.failover());
        }
        Map<String, ServiceKpis> services = new LinkedHashMap<>();
        m.kpis().services().forEach((id, s) -> services.put(id.value(), s));
        if (services.size() > 1) {
            ObjectNode byService = n.putObject("services");
            services.forEach((id, s) -> {
                ObjectNode sn = byService.putObject(id);
                sn.put("target_seconds", round(s.target().toNanos() / 1e9));
                calls(sn, s.calls());
            });
        }
        List<IntervalKpis> hourly = hourly(services);
        if (!hourly.isEmpty()) {
            ArrayNode list = n.putArray("intervals");
            for (IntervalKpis i : hourly) {
                ObjectNode in = list.addObject();
                in.put("start", CLOCK.format(i.start()));
                in.put("offered", i.calls().offered());
                in.put("service_level", number(i.calls().serviceLevel()));
                in.put("asa_seconds", number(i.calls().asaSeconds()));
                in.put("abandon_rate", number(i.calls().abandonRate()));
            }
        }
        n.put("simulated_hours", round(m.simulated().toNanos() / 3600e9));
        n.put("wall_seconds", round(m.wallSeconds()));
        n.put("calls_per_wall_second", Math.round(m.callsPerWallSecond()));
        n.put("cpu_seconds", number(m.cpuSeconds()));
        n.put("calls_per_cpu_second", number(Math.rint(m.callsPerCpuSecond())));
        n.put("core_commands", m.coreCommands());
        n.put("core_events", m.coreEvents());
    }

    /** Intervals of all services summed per start time (one service: its own intervals). */
    static List<IntervalKpis> hourly(Map<String, ServiceKpis> services) {
        Map<java.time.Instant, List<IntervalKpis>> byStart = new java.util.TreeMap<>();
        for (ServiceKpis s : services.values()) {
            for (IntervalKpis i : s.intervals()) {
                byStart.computeIfAbsent(i.start(), k -> new java.util.ArrayList<>())
                        .add(i);
            }
        }
        List<IntervalKpis> out = new java.util.ArrayList<>();
        byStart.forEach((start, parts) -> out.add(new IntervalKpis(
                start,
                parts.get(0).end(),
                CallKpis.sum(parts.stream().map(IntervalKpis::calls).toList()))));
        return out;
    }

    private static void calls(ObjectNode n, CallKpis c) {
        n.put("offered", c.offered());
        n.put("answered", c.answered());
        n.put("abandoned", c.abandoned());
        n.put("abandoned_while_ringing", c.abandonedWhileRinging());
        n.put("timed_out", c.timedOut());
        n.put("overflowed", c.overflowed());
        n.put("rejected", c.rejected());
        n.put("service_level", number(c.serviceLevel()));
        n.put("asa_seconds", number(c.asaSeconds()));
        n.put("max_wait_seconds", round(c.maxAnswerWaitSeconds()));
        n.put("mean_queue_seconds", number(c.meanQueueSeconds()));
        n.put("p_wait", number(c.probabilityOfWaiting()));
        n.put("abandon_rate", number(c.abandonRate()));
        n.put("reachability", number(c.reachability()));
        n.put("mean_talk_seconds", number(c.meanTalkSeconds()));
    }

    private static void erlang(ObjectNode n, Prediction p) {
        n.put("model", p.model());
        n.put("agents", p.agents());
        n.put("offered_load_erlangs", round(p.offeredLoad()));
        n.put("stable", p.stable());
        n.put("service_level", number(p.serviceLevel()));
        n.put("asa_seconds", number(p.asaSeconds()));
        n.put("mean_queue_seconds", number(p.meanQueueSeconds()));
        n.put("abandon_rate", number(p.abandonRate()));
        n.put("p_wait", number(p.probabilityOfWaiting()));
        n.put("occupancy", number(p.occupancy()));
    }

    /** Rounded to 6 significant decimals; null for NaN. */
    private static Double number(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : round(v);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
