package dev.switchboard.http.dashboard;

import static dev.switchboard.http.dashboard.DashboardServer.SUPERVISOR;
import static dev.switchboard.http.dashboard.DashboardServer.TELEPHONY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Presence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;

/**
 * First paint of the supervisor console with 1,000 agents in 10 services, in headless Chromium:
 * from navigation start to the first render of the agent table with data (the page marks it as
 * {@code switchboard:agents-rendered}), which includes loading the page, checking the token,
 * {@code GET /api/state} and {@code GET /api/health}, parsing and rendering.
 *
 * <p>A benchmark, not a test: its name keeps it out of the normal test run, and it asserts no
 * timing. Run it with
 *
 * <pre>
 * ./mvnw -q -B -pl http -am test -Dtest=DashboardFirstPaintBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * cat http/target/dashboard-first-paint.txt
 * </pre>
 */
class DashboardFirstPaintBenchmark {
    private static final int AGENTS = 1000;
    private static final int SERVICES = 10;
    private static final int RUNS = 9;
    private static final long SEED = 20260105L;

    @Test
    void firstPaintWithAThousandAgents() throws IOException {
        try (Browser browser = Browser.start();
                DashboardServer server = new DashboardServer()) {
            populate(server);
            double[] rendered = new double[RUNS];
            double[] contentful = new double[RUNS];
            long stateBytes = 0;
            double stateMillis = 0;
            for (int run = 0; run < RUNS; run++) {
                browser.open(server.page("/", SUPERVISOR));
                browser.waitUntilReady();
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) browser.script("""
                        const mark = performance.getEntriesByName('switchboard:agents-rendered')[0];
                        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                        const state = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/api/state'));
                        return { rendered: mark.startTime, fcp: fcp ? fcp.startTime : -1,
                                 stateBytes: state ? state.encodedBodySize : -1,
                                 stateMillis: state ? state.responseEnd - state.requestStart : -1,
                                 rows: document.querySelectorAll('#agent-viewport .vt-row:not([hidden])').length,
                                 count: document.querySelector('#agents-count').textContent };
                        """);
                assertThat(m.get("count")).isEqualTo("1,000 agents");
                assertThat(((Number) m.get("rows")).intValue()).isBetween(10, 60);
                rendered[run] = ((Number) m.get("rendered")).doubleValue();
                contentful[run] = ((Number) m.get("fcp")).doubleValue();
                stateBytes = ((Number) m.get("stateBytes")).longValue();
                stateMillis = ((Number) m.get("stateMillis")).doubleValue();
            }
            Path shot = Path.of("target", "dashboard-1000-agents.png");
            Files.write(shot, browser.driver.getScreenshotAs(OutputType.BYTES));

            String report = String.format(
                    Locale.ROOT,
                    """
                    Supervisor console, first render of the agent table with data, %d agents in %d services
                    runs: %d (the first one is cold: the browser has not cached the page's files)
                    agents rendered: median %.0f ms, min %.0f ms, max %.0f ms, first run %.0f ms
                    first contentful paint: median %.0f ms
                    GET /api/state: %,d bytes, %.0f ms (last run)
                    all runs (ms): %s
                    screenshot: %s
                    """,
                    AGENTS,
                    SERVICES,
                    RUNS,
                    median(rendered),
                    Arrays.stream(rendered).min().orElseThrow(),
                    Arrays.stream(rendered).max().orElseThrow(),
                    rendered[0],
                    median(contentful),
                    stateBytes,
                    stateMillis,
                    Arrays.toString(Arrays.stream(rendered).map(Math::round).toArray()),
                    shot.toAbsolutePath());
            System.out.print(report);
            Files.writeString(Path.of("target", "dashboard-first-paint.txt"), report);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** 1,000 agents in 10 services (two each), mixed presence, some calls ringing and talking. */
    private static void populate(DashboardServer server) {
        Random random = new Random(SEED);
        String[] first = {"Anna", "Ben", "Carla", "David", "Elif", "Felix", "Greta", "Hugo", "Ines", "Jonas"};
        String[] last = {"Meier", "Keller", "Rossi", "Schmid", "Huber", "Weber", "Frei", "Baumann", "Brunner", "Graf"};
        server.put("/api/profiles/early", "{\"name\":\"Early shift\",\"onDuty\":true,\"activeSkills\":[]}");
        server.put("/api/profiles/late", "{\"name\":\"Late shift\",\"onDuty\":true,\"activeSkills\":[]}");
        List<List<String>> members = new ArrayList<>();
        for (int s = 0; s < SERVICES; s++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < AGENTS; i++) {
            String id = String.format(Locale.ROOT, "agent-%04d", i);
            String name = first[i % first.length] + " " + last[(i / first.length) % last.length] + " " + i;
            server.put(
                    "/api/agents/" + id,
                    "{\"displayName\":\"" + name + "\",\"skills\":{\"english\":" + (1 + random.nextInt(10))
                            + ",\"german\":" + (1 + random.nextInt(10)) + "}}");
            members.get(i % SERVICES).add(id);
            members.get((i * 7 + 3) % SERVICES).add(id);
        }
        for (int s = 0; s < SERVICES; s++) {
            String ids = String.join(
                    ",",
                    members.get(s).stream().distinct().map(a -> '"' + a + '"').toList());
            server.put(
                    "/api/services/service-" + s,
                    "{\"name\":\"Service " + s + "\",\"members\":[" + ids + "],"
                            + "\"policy\":{\"distributed\":[\"AVAILABLE\",\"IN_A_MEETING\"]},"
                            + "\"escalation\":[{\"afterSeconds\":0,\"requirements\":[{\"skill\":\"english\",\"minLevel\":5}]},"
                            + "{\"afterSeconds\":60,\"requirements\":[{\"skill\":\"english\",\"minLevel\":1}]}]}");
        }
        long sequence = 1;
        for (int i = 0; i < AGENTS; i++) {
            AgentId agent = AgentId.of(String.format(Locale.ROOT, "agent-%04d", i));
            int kind = random.nextInt(10);
            Presence p;
            if (kind < 4) {
                p = Presence.detailed(
                        Availability.AVAILABLE,
                        Activity.AVAILABLE,
                        "presence-account:pa1",
                        String.format(Locale.ROOT, "%08d", sequence++),
                        server.now());
            } else if (kind < 6) {
                p = Presence.detailed(
                        Availability.BUSY,
                        Activity.IN_A_MEETING,
                        "presence-account:pa2",
                        String.format(Locale.ROOT, "%08d", sequence++),
                        server.now());
            } else if (kind < 7) {
                p = Presence.detailed(
                        Availability.BUSY,
                        Activity.IN_A_CALL,
                        "presence-account:pa2",
                        String.format(Locale.ROOT, "%08d", sequence++),
                        server.now());
            } else if (kind < 9) {
                p = Presence.coarse(
                        random.nextBoolean() ? Availability.AVAILABLE : Availability.AWAY, "federation", server.now());
            } else {
                continue; // no presence at all
            }
            server.engine.submit(new Command.PresenceObserved(server.now(), agent, p));
            if (random.nextInt(3) > 0) {
                server.engine.submit(new Command.DutyChanged(
                        server.now(), agent, ProfileId.of(random.nextBoolean() ? "early" : "late")));
            }
        }
        server.engine.poke().join();
        for (int c = 0; c < 40; c++) {
            server.post(
                    "/api/calls",
                    TELEPHONY,
                    "{\"id\":\"call-" + c + "\",\"service\":\"service-" + (c % SERVICES) + "\"}");
        }
        for (int c = 0; c < 20; c++) {
            var call = server.get("/api/calls/call-" + c);
            if (call.path("status").asText().equals("RINGING")) {
                server.post(
                        "/api/calls/call-" + c + "/accept",
                        TELEPHONY,
                        "{\"agent\":\"" + call.path("ringing").get(0).asText() + "\"}");
            }
        }
    }
}
