package dev.switchboard.http.dashboard;

import static dev.switchboard.http.dashboard.DashboardServer.ANNA;
import static dev.switchboard.http.dashboard.DashboardServer.SUPERVISOR;
import static dev.switchboard.http.dashboard.DashboardServer.TELEPHONY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.ServiceId;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The agent view in headless Chromium against a real server and engine. */
@EnabledIfEnvironmentVariable(named = Browser.ENABLE, matches = "1", disabledReason = Browser.SKIPPED)
class AgentViewBrowserTest {
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
        server.put("/api/agents/anna", "{\"displayName\":\"Anna Meier\"}");
        server.service(
                "sales", "\"afterCallWorkSeconds\":600,\"rona\":{\"enabled\":true,\"resetAfterSeconds\":600}", "anna");
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private void openAgentView(String token) {
        browser.open(server.page("/agent.html", token));
        browser.waitUntilReady();
        browser.waitForText("#live", "Live");
    }

    @Test
    void showsTheAgentsAfterCallWorkAndEndsItWithTheButton() {
        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-1\",\"service\":\"sales\"}");
        server.post("/api/calls/c-1/accept", TELEPHONY, "{\"agent\":\"anna\"}");
        server.post("/api/calls/c-1/end", TELEPHONY, null);

        openAgentView(ANNA);

        assertThat(browser.text("#who")).contains("anna", "Agent");
        assertThat(browser.text("#me-name")).isEqualTo("Anna Meier");
        assertThat(browser.text("#me-status")).isEqualTo("After-call work");
        assertThat(browser.text("#acw-body")).contains("After-call work", "until", "left");
        assertThat(browser.find("#acw-end").isEnabled()).isTrue();

        browser.click("#acw-end");

        browser.waitForText("#acw-body", "Not in after-call work");
        assertThat(browser.find("#acw-end").isEnabled()).isFalse();
        browser.waitForText("#me-status", "Available");
        browser.waitForText("#feedback", "End after-call work: done.");
        assertThat(server.get("/api/agents/anna").path("afterCallWorkUntil").isNull())
                .isTrue();
    }

    @Test
    void anOfferRingsWithItsExplanationAndIsAcceptedFromThePage() {
        openAgentView(ANNA);
        assertThat(browser.text("#offer-body")).contains("No call right now");

        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-2\",\"service\":\"sales\"}");

        // The offer's explanation and expiry come with the CallOffered event on the agent's stream.
        String offer = browser.waitForText("#offer-body", "Why you: Direct");
        assertThat(offer).contains("Ringing", "c-2", "Answer within");
        browser.click("#accept");
        browser.waitForText("#offer-body", "Talking");
        assertThat(server.get("/api/calls/c-2").path("status").asText()).isEqualTo("CONNECTED");
    }

    @Test
    void theAgentResetsItsOwnRonaAndSeesWhyItGetsNoCallsMeanwhile() {
        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-3\",\"service\":\"sales\"}");
        server.post("/api/calls/c-3/decline", TELEPHONY, "{\"agent\":\"anna\"}");
        server.post("/api/calls/c-3/hangup", TELEPHONY, null);

        openAgentView(ANNA);
        assertThat(browser.text("#rona-body")).contains("RONA");
        assertThat(browser.text("#my-services li[data-service='sales']"))
                .contains("No calls now", "redirected on no answer (RONA)");

        browser.click("#rona-reset");

        browser.waitForText("#my-services li[data-service='sales']", "Calls can reach you");
        browser.waitForText("#rona-body", "No missed call holds you back");
        assertThat(server.get("/api/agents/anna").path("ronaUntil").isNull()).isTrue();
    }

    @Test
    void aCallThatRangBeforeThePageOpenedShowsItsDeadlineAndWhy() {
        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-4\",\"service\":\"sales\"}");

        openAgentView(ANNA);

        // Not from a CallOffered event (the page was not open): read from the call itself.
        String offer = browser.waitForText("#offer-body", "Why you: Direct");
        assertThat(offer).contains("Ringing", "c-4", "Answer within 0:");
        assertThat(browser.text("#me-status")).isEqualTo("Ringing");
    }

    @Test
    void theAgentSeesHowLongItIsInItsStatusAndItsFiguresOfTheDay() {
        server.kpis.record(new InMemoryKpiHistory.PastCall(
                ServiceId.of("sales"),
                server.now().minus(Duration.ofMinutes(30)),
                Duration.ofSeconds(5),
                Duration.ofSeconds(90),
                AgentId.of("anna")));
        server.post("/api/calls", TELEPHONY, "{\"id\":\"c-5\",\"service\":\"sales\"}");
        server.post("/api/calls/c-5/accept", TELEPHONY, "{\"agent\":\"anna\"}");
        server.clock.advance(Duration.ofMinutes(7));

        openAgentView(ANNA);

        assertThat(browser.text("#me-status")).isEqualTo("Talking");
        // Seven minutes on the server's clock, and the few seconds the page has been open.
        assertThat(browser.text("#me-status-since")).startsWith("7 min");
        browser.waitForText("#me-today", "Today: 1 handled, 0 missed");
    }

    @Test
    void aSupervisorOpensTheAgentViewOfAnyAgent() {
        browser.open(server.page("/agent.html?agent=anna", SUPERVISOR));
        browser.waitUntilReady();
        assertThat(browser.text("#who")).contains("Supervisor");
        assertThat(browser.text("#me-name")).isEqualTo("Anna Meier");
        assertThat(browser.find("#console-link").isDisplayed()).isTrue();
    }
}
