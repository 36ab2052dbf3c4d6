package dev.switchboard.http.dashboard;

import static dev.switchboard.http.dashboard.DashboardServer.SUPERVISOR;
import static dev.switchboard.http.dashboard.DashboardServer.TELEPHONY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.http.port.ComponentHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The supervisor console in headless Chromium against a real server and engine. */
@EnabledIfEnvironmentVariable(named = Browser.ENABLE, matches = "1", disabledReason = Browser.SKIPPED)
class SupervisorConsoleBrowserTest {
    private static Browser browser;
    private DashboardServer server;

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void startServer() {
        server = new DashboardServer();
        server.put("/api/agents/anna", "{\"displayName\":\"Anna Meier\",\"skills\":{\"english\":7}}");
        server.put("/api/agents/bob", "{\"displayName\":\"Bob Brown\",\"skills\":{\"english\":3}}");
        server.put("/api/agents/carla", "{\"displayName\":\"Carla Rossi\"}");
        server.put("/api/profiles/sales-day", "{\"name\":\"Sales day\",\"onDuty\":true,\"activeSkills\":[]}");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void openConsole() {
        browser.open(server.page("/", SUPERVISOR));
        browser.waitUntilReady();
        browser.waitForText("#live", "Live");
    }

    private static String row(String agent) {
        return "#agent-row-" + agent;
    }

    @Test
    void showsTheAgentsTheRoleAndFiltersByName() {
        server.service("sales", "", "anna", "bob");
        server.presence("carla", Availability.BUSY, Activity.IN_A_MEETING);

        openConsole();

        assertThat(browser.text(row("anna"))).contains("Anna Meier", "Available", "detailed", "presence-account:pa1");
        assertThat(browser.text(row("bob"))).contains("Bob Brown", "Selectable in 1 of 1");
        assertThat(browser.text(row("carla"))).contains("Carla Rossi", "In a meeting", "in no service");
        assertThat(browser.text("#agents-count")).isEqualTo("3 agents");
        assertThat(browser.text("#who")).contains("floor-supervisor", "Supervisor");
        // The token came in the fragment and left the address bar at once.
        assertThat(browser.driver.getCurrentUrl()).doesNotContain("token");
        assertThat(browser.text("#services-table tbody")).contains("sales", "Direct", "2 / 2");

        WebElement search = browser.find("#f-text");
        search.sendKeys("carl");
        browser.waitForText("#agents-count", "Showing 1 of 3 agents");
        assertThat(browser.findAll("#agent-viewport .vt-row:not([hidden])")).hasSize(1);
        search.clear();
        browser.waitFor("all agents again", d -> browser.text("#agents-count").equals("3 agents"));

        // Keyboard: focus the grid, move down, open the details with Enter.
        // Focus shows the first row as active; one step down is Bob.
        browser.find("#agent-grid").sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
        browser.waitForText("#detail-body", "Bob Brown");
    }

    @Test
    void aCallAppearsIsOfferedWithItsExplanationAndLeavesTheQueueWhenAnswered() {
        server.put("/api/services/sales", "{\"members\":[\"anna\"]}");
        server.presence("anna", Availability.AWAY, Activity.AWAY);
        openConsole();

        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-1\",\"service\":\"sales\",\"caller\":\"+41445550101\"}");
        String queued = "#queue-calls li[data-call='c-1']";
        browser.waitForText(queued, "Waiting");
        assertThat(browser.text(queued)).contains("no agent is selectable");
        browser.waitForText("#services-table tr[data-service='sales'] [data-col='waiting']", "1");

        server.available("anna");
        String offered = browser.waitForText(queued, "Offered to Anna Meier");
        assertThat(offered).contains("Ringing", "Direct:", "1 selectable at level 0");
        browser.click(queued + " summary");
        browser.waitForText(queued + " .candidates", "Anna Meier");
        assertThat(browser.text(queued + " .candidates")).contains("chosen");
        browser.waitForText(row("anna"), "Ringing");

        server.post("/api/calls/c-1/accept", TELEPHONY, "{\"agent\":\"anna\"}");
        browser.waitUntilGone(queued);
        browser.waitForText("#talking-calls li[data-call='c-1']", "Talking");
        assertThat(browser.text("#talking-calls li[data-call='c-1']")).contains("Anna Meier");
        browser.waitForText(row("anna"), "Talking");
        browser.waitForText("#feed", "Anna Meier answered call c-1");
    }

    @Test
    void theInStatusColumnCountsFromWhenTheStatusBegan() {
        server.service("sales", "", "anna", "bob");
        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-2\",\"service\":\"sales\"}");
        String agent = server.get("/api/calls/c-2").at("/ringing/0").asText();
        server.post("/api/calls/c-2/accept", TELEPHONY, "{\"agent\":\"" + agent + "\"}");
        server.clock.advance(Duration.ofMinutes(7));

        openConsole();

        browser.waitForText(row(agent) + " .c-status", "Talking");
        assertThat(browser.text(row(agent) + " .c-since")).isEqualTo("7m");
        assertThat(browser.find(row(agent) + " .c-since").getDomAttribute("title"))
                .startsWith("Talking since")
                .contains("Teams presence Available since");
    }

    @Test
    void aPresenceAccountFailureShowsInTheHealthPanelWithCodeSinceAndFix() {
        server.service("sales", "", "anna");
        server.health.set(ComponentHealth.ok("presence-account:pa1", "presence-account"));
        openConsole();
        browser.waitForText("#health-list li[data-name='presence-account:pa1']", "OK");

        Instant since = server.now().minus(Duration.ofMinutes(7));
        server.health.set(new ComponentHealth(
                "presence-account:pa1",
                "presence-account",
                ComponentHealth.Status.DOWN,
                "WRONG_PASSWORD (AADSTS50126)",
                "sign-in refused: the password is wrong",
                since,
                "set the account's current password in the configuration and restart the presence tracking",
                false,
                Map.of("agents", 0)));
        // The adapter fails the agents over to coarse presence: the event makes the page look again.
        server.detailedTracking(false, "presence-account:pa1", "WRONG_PASSWORD (AADSTS50126)", "anna");

        String item = "#health-list li[data-name='presence-account:pa1']";
        String failed = browser.waitForText(item, "Down");
        assertThat(failed)
                .contains(
                        "WRONG_PASSWORD (AADSTS50126)",
                        "sign-in refused: the password is wrong",
                        "set the account's current password",
                        "7 min");
        assertThat(browser.find(item + " time").getDomAttribute("datetime")).isEqualTo(since.toString());
        assertThat(browser.text("#health-overall")).contains("Degraded");
        assertThat(browser.text("#sum-health")).contains("presence-account:pa1");
        browser.waitForText("#presence-usage", "1 agents without detailed tracking");
        browser.waitForText("#feed", "detailed presence tracking lost for Anna Meier");
    }

    @Test
    void aSupervisorResetsRonaFromThePageAndTheAgentBecomesSelectable() {
        server.service("sales", "\"rona\":{\"enabled\":true,\"resetAfterSeconds\":600}", "anna");
        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-7\",\"service\":\"sales\"}");
        server.post("/api/calls/c-7/decline", TELEPHONY, "{\"agent\":\"anna\"}");
        server.post("/api/calls/c-7/hangup", TELEPHONY, null);
        assertThat(server.get("/api/agents/anna").path("ronaUntil").isNull()).isFalse();

        openConsole();
        assertThat(browser.text(row("anna"))).contains("RONA");
        browser.click(row("anna"));
        String sales = browser.waitForText("#detail-body li[data-service='sales']", "Not selectable");
        assertThat(sales).contains("redirected on no answer (RONA)");

        browser.click("#detail-body [data-focus-key='reset-rona']");

        browser.waitForText("#detail-body li[data-service='sales']", "Selectable");
        assertThat(browser.text("#detail-body li[data-service='sales']")).doesNotContain("Not selectable");
        browser.waitForText(row("anna"), "Selectable in 1 of 1");
        browser.waitForText("#detail-feedback", "done");
        browser.waitForText("#feed", "Anna Meier RONA cleared: reset by hand");
        JsonNode anna = server.get("/api/agents/anna");
        assertThat(anna.path("ronaUntil").isNull()).isTrue();
        assertThat(anna.path("services").get(0).path("selectable").asBoolean()).isTrue();
    }

    @Test
    void aSupervisorChangesDutyAndTheChangeShowsInTheActivityFeed() {
        server.service("sales", "\"requiresDuty\":true", "anna");
        openConsole();
        browser.click(row("anna"));
        browser.waitForText("#detail-body li[data-service='sales']", "off duty");

        // The details may be redrawn meanwhile (the agent's figures arrive): choose on whatever is there.
        browser.select("#detail-body select[data-focus-key='duty']", "sales-day");
        browser.click("#detail-body [data-focus-key='set-duty']");

        browser.waitForText("#feed", "Anna Meier on duty with profile sales-day");
        browser.waitForText("#detail-body li[data-service='sales']", "Selectable");
        assertThat(server.get("/api/agents/anna").path("profile").asText()).isEqualTo("sales-day");
    }

    @Test
    void reconnectsWhenTheServerReturnsAndCatchesUpOnWhatItMissed() {
        server.service("sales", "", "anna");
        openConsole();
        assertThat(browser.text(row("anna"))).contains("Available");

        int port = server.stopHttp();
        browser.waitFor(
                "the reconnecting indicator",
                d -> "reconnecting".equals(browser.find("#live").getDomAttribute("data-state")));
        assertThat(browser.text("#live")).contains("Reconnecting");
        // The engine goes on meanwhile; the new server cannot replay this event to the page.
        server.presence("anna", Availability.BUSY, Activity.IN_A_MEETING);
        server.startHttpAgain(port);

        browser.waitForText("#live", "Live");
        browser.waitForText(row("anna"), "In a meeting");
        // And the stream carries new events again.
        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-9\",\"service\":\"sales\"}");
        browser.waitForText("#queue-calls li[data-call='c-9']", "Waiting");
    }

    @Test
    void kpiChartsDrawTheHistoryFromTheKpiPort() {
        server.service("sales", "", "anna");
        Instant now = server.now();
        for (int i = 0; i < 5; i++) {
            server.kpis.record(new InMemoryKpiHistory.PastCall(
                    dev.switchboard.core.model.ServiceId.of("sales"),
                    now.minus(Duration.ofMinutes(90 + i)),
                    Duration.ofSeconds(i < 4 ? 10 : 40),
                    Duration.ofSeconds(120)));
        }
        server.kpis.record(new InMemoryKpiHistory.PastCall(
                dev.switchboard.core.model.ServiceId.of("sales"), now.minus(Duration.ofMinutes(80)), null, null));
        openConsole();

        browser.waitFor(
                "bars in the volume chart",
                d -> browser.findAll("#chart-volume .bars rect.s-handled").size() == 1);
        assertThat(browser.findAll("#chart-volume .bars rect.s-abandoned")).hasSize(1);
        String table = (String)
                browser.script("return document.querySelector('#chart-volume .chart-table table').textContent");
        // 4 of 6 calls answered within 20 s.
        assertThat(table).contains("67 %");
        browser.waitForText("#kpi-table tbody", "sales");
        List<WebElement> cells = browser.findAll("#kpi-table tbody td");
        assertThat(cells.get(0).getText()).isEqualTo("6");
    }
}
