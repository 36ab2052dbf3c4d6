package dev.switchboard.sim.report;

import dev.switchboard.core.kpi.CallKpis;
import dev.switchboard.core.kpi.IntervalKpis;
import dev.switchboard.core.kpi.ServiceKpis;
import dev.switchboard.sim.erlang.Prediction;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The readable report: one table row per mode, then what stands out. */
public final class TextReport {
    private TextReport() {}

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    public static String render(SimulationReport report) {
        StringBuilder out = new StringBuilder();
        line(out, "Scenario %s (seed %d)", report.scenario(), report.seed());
        if (!report.description().isBlank()) {
            for (String l : wrap("  " + report.description().strip(), 100)) {
                line(out, "%s", l);
            }
        }
        out.append('\n');
        line(
                out,
                "%-26s %9s %8s %8s %8s %9s %6s %14s %11s",
                "mode",
                "offered",
                "SL",
                "ASA",
                "abandon",
                "occupancy",
                "RONA",
                "offers→in call",
                "calls/wall s");
        for (ModeResult m : report.modes()) {
            CallKpis c = m.calls();
            line(
                    out,
                    "%-26s %9d %8s %8s %8s %9s %6d %14s %11s",
                    m.mode(),
                    c.offered(),
                    percent(c.serviceLevel()),
                    seconds(c.asaSeconds()),
                    percent(c.abandonRate()),
                    percent(m.occupancy()),
                    m.kpis().ronaCount(),
                    m.truth().offersToAgentsInCall(),
                    String.format(Locale.ROOT, "%,.0f", m.callsPerWallSecond()));
        }
        for (ModeResult m : report.modes()) {
            out.append('\n');
            details(out, m, report.hasModes());
        }
        return out.toString();
    }

    private static void details(StringBuilder out, ModeResult m, boolean named) {
        CallKpis c = m.calls();
        line(
                out,
                "%s",
                named
                        ? m.mode()
                                + (m.description().isBlank()
                                        ? ""
                                        : ": " + m.description().strip())
                        : "Results");
        line(
                out,
                "  calls: %d offered, %d answered, %d abandoned (%d while ringing), %d timed out, %d overflowed",
                c.offered(),
                c.answered(),
                c.abandoned(),
                c.abandonedWhileRinging(),
                c.timedOut(),
                c.overflowed());
        line(
                out,
                "  service level %s, ASA %s, waited %s, mean queue time %s, longest wait %s, mean talk %s",
                percent(c.serviceLevel()),
                seconds(c.asaSeconds()),
                percent(c.probabilityOfWaiting()),
                seconds(c.meanQueueSeconds()),
                seconds(c.maxAnswerWaitSeconds()),
                seconds(c.meanTalkSeconds()));
        GroundTruth t = m.truth();
        line(
                out,
                "  offers: %d, to agents in a call: %d (inside the presence latency window: %d, outside: %d), "
                        + "in a Switchboard call: %d",
                t.offers(),
                t.offersToAgentsInCall(),
                t.insideLatencyWindow(),
                t.outsideLatencyWindow(),
                t.offersToAgentsInSwitchboardCall());
        if (t.meetings() + t.personalCalls() + t.offersToAgentsInMeeting() + t.offersToAgentsSetBusy() > 0) {
            line(
                    out,
                    "  agents' day: %d meetings, %d personal calls; offers to agents in a meeting: %d, set Busy: %d",
                    t.meetings(),
                    t.personalCalls(),
                    t.offersToAgentsInMeeting(),
                    t.offersToAgentsSetBusy());
        }
        if (m.failover() != null) {
            CallKpis f = m.failover();
            line(
                    out,
                    "  while detailed presence was down: %d offered, service level %s, ASA %s, abandoned %s",
                    f.offered(),
                    percent(f.serviceLevel()),
                    seconds(f.asaSeconds()),
                    percent(f.abandonRate()));
        }
        Prediction p = m.erlang();
        if (p != null) {
            if (p.stable()) {
                line(
                        out,
                        "  %s for %d agents, %.2f Erl: service level %s, ASA %s, waited %s, abandoned %s, occupancy %s",
                        p.model().equals("erlang-c") ? "Erlang C" : "Erlang A",
                        p.agents(),
                        p.offeredLoad(),
                        percent(p.serviceLevel()),
                        seconds(p.asaSeconds()),
                        percent(p.probabilityOfWaiting()),
                        percent(p.abandonRate()),
                        percent(p.occupancy()));
            } else {
                line(
                        out,
                        "  Erlang C has no steady state: %.2f Erl offered to %d agents (the queue grows until "
                                + "the core's limits turn callers away)",
                        p.offeredLoad(),
                        p.agents());
            }
        }
        Map<String, ServiceKpis> services = new LinkedHashMap<>();
        m.kpis().services().forEach((id, s) -> services.put(id.value(), s));
        List<IntervalKpis> intervals = JsonReport.hourly(services);
        if (!intervals.isEmpty() && intervals.size() <= 48) {
            StringBuilder row = new StringBuilder("  service level by arrival interval:");
            for (IntervalKpis i : intervals) {
                row.append(' ')
                        .append(CLOCK.format(i.start()))
                        .append(' ')
                        .append(percent(i.calls().serviceLevel()).replace(" %", "%"));
            }
            for (String l : wrap(row.toString(), 100)) {
                line(out, "%s", l);
            }
        }
        if (t.rejectedCommands() > 0) {
            line(out, "  the core refused %d commands; first: %s", t.rejectedCommands(), t.firstRejection());
        }
        line(
                out,
                "  simulated %.1f h in %.2f s wall time, %.2f s CPU (%s calls per wall second, %s per CPU second;"
                        + " %d commands, %d events)",
                m.simulated().toNanos() / 3600e9,
                m.wallSeconds(),
                m.cpuSeconds(),
                String.format(Locale.ROOT, "%,.0f", m.callsPerWallSecond()),
                String.format(Locale.ROOT, "%,.0f", m.callsPerCpuSecond()),
                m.coreCommands(),
                m.coreEvents());
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
    }

    private static String seconds(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f s", v);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    /** Wraps at spaces; continuation lines are indented two more than the first line's indent. */
    private static List<String> wrap(String text, int width) {
        int indent = 0;
        while (indent < text.length() && text.charAt(indent) == ' ') {
            indent++;
        }
        String first = " ".repeat(indent);
        String next = " ".repeat(indent + 2);
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder(first);
        boolean empty = true;
        for (String word : text.strip().split("\\s+")) {
            if (!empty && current.length() + 1 + word.length() > width) {
                lines.add(current.toString());
                current.setLength(0);
                current.append(next);
                empty = true;
            }
            if (!empty) {
                current.append(' ');
            }
            current.append(word);
            empty = false;
        }
        if (!empty) {
            lines.add(current.toString());
        }
        return lines;
    }
}
