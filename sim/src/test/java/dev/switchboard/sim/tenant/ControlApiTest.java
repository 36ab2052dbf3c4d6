package dev.switchboard.sim.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The /_fake/ control API over HTTPS, as curl or a non-Java test would use it. */
class ControlApiTest {
    static FakeTeamsTenant tenant;
    static TenantClient client;

    @BeforeAll
    static void start() {
        tenant = FakeTeamsTenant.start(
                FakeTenantOptions.builder().users(300).seed(99).build());
        client = new TenantClient(tenant);
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    @BeforeEach
    void reset() {
        assertThat(client.post("/_fake/reset", null, null).status()).isEqualTo(204);
    }

    @Test
    void infoAndUsersDescribeTheTenant() {
        JsonNode info = client.get("/_fake/info", null).json();
        assertThat(info.get("tenantId").asText()).isEqualTo(tenant.tenantId());
        assertThat(info.get("authority").asText()).isEqualTo(tenant.authority());
        assertThat(info.get("graphBaseUrl").asText()).isEqualTo(tenant.graphBaseUrl());
        assertThat(info.get("users").asInt()).isEqualTo(300);
        assertThat(info.get("accounts")).hasSize(2);
        assertThat(info.get("apps")).hasSize(2);

        JsonNode users = client.get("/_fake/users", null).json();
        assertThat(users).hasSize(300);
        Set<String> upns = new HashSet<>();
        users.forEach(u -> upns.add(u.get("userPrincipalName").asText()));
        assertThat(upns).hasSize(300).allMatch(u -> u.endsWith("@" + tenant.domain()));
        assertThat(users.get(0).get("id").asText())
                .isEqualTo(tenant.users().get(0).id());
    }

    @Test
    void sameSeedSameDirectory() {
        try (FakeTeamsTenant twin = FakeTeamsTenant.start(
                FakeTenantOptions.builder().users(300).seed(99).build())) {
            assertThat(twin.users()).isEqualTo(tenant.users());
            assertThat(twin.tenantId()).isEqualTo(tenant.tenantId());
            assertThat(twin.control().presence(twin.users().get(7).id()).activity())
                    .isEqualTo(tenant.control()
                            .presence(tenant.users().get(7).id())
                            .activity());
        }
    }

    @Test
    void presenceCanBeSetOneByOneAndInBatches() {
        String a = tenant.users().get(0).id();
        String b = tenant.users().get(1).id();
        TenantClient.Reply put = client.send(
                "PUT",
                "/_fake/users/" + a + "/presence",
                null,
                "{\"availability\":\"Busy\",\"activity\":\"InACall\",\"outOfOffice\":true}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("outOfOffice").asBoolean()).isTrue();
        assertThat(tenant.control().presence(a).activity()).isEqualTo("InACall");

        TenantClient.Reply batch = client.post(
                "/_fake/presence/batch",
                null,
                "[{\"id\":\"" + a + "\",\"availability\":\"Away\",\"activity\":\"Away\"}," + "{\"id\":\"" + b
                        + "\",\"availability\":\"Offline\",\"activity\":\"OffWork\"}]");
        assertThat(batch.json().get("applied").asInt()).isEqualTo(2);
        assertThat(tenant.control().presence(b).activity()).isEqualTo("OffWork");

        assertThat(client.send(
                                "PUT",
                                "/_fake/users/nope/presence",
                                null,
                                "{\"availability\":\"Busy\",\"activity\":\"Busy\"}")
                        .status())
                .isEqualTo(400);
        assertThat(client.send("PUT", "/_fake/users/" + a + "/presence", null, "{\"availability\":\"Busy\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void accountsAppsAndSignInFaultsOverHttp() throws Exception {
        assertThat(client.post(
                                "/_fake/accounts",
                                null,
                                "{\"username\":\"agent-watch@" + tenant.domain()
                                        + "\",\"password\":\"Watch-1!\",\"delegatedPermissions\":[\"Presence.Read.All\"]}")
                        .status())
                .isEqualTo(201);
        String token = client.delegatedToken("agent-watch@" + tenant.domain(), "Watch-1!");
        assertThat(token).isNotBlank();

        assertThat(client.post(
                                "/_fake/faults/signin",
                                null,
                                "{\"username\":\"agent-watch@" + tenant.domain() + "\",\"failure\":\"MFA_REQUIRED\"}")
                        .status())
                .isEqualTo(204);
        TenantClient.Reply denied = client.form(
                "/" + tenant.tenantId() + "/oauth2/v2.0/token",
                Map.of(
                        "grant_type", "password",
                        "client_id", tenant.publicClientId(),
                        "username", "agent-watch@" + tenant.domain(),
                        "password", "Watch-1!",
                        "scope", "https://graph.microsoft.com/.default"));
        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.json().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(denied.json().get("suberror").asText()).isEqualTo("basic_action");
        assertThat(denied.json().get("error_description").asText()).startsWith("AADSTS50076: ");
        assertThat(client.send("DELETE", "/_fake/faults/signin/agent-watch@" + tenant.domain(), null, null)
                        .status())
                .isEqualTo(204);

        TenantClient.Reply app = client.post(
                "/_fake/apps",
                null,
                "{\"clientId\":\"11111111-2222-4333-8444-555555555555\",\"publicClient\":false,"
                        + "\"applicationPermissions\":[\"Presence.Read.All\"]}");
        assertThat(app.status()).isEqualTo(201);
        byte[] p12 = client.http
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                        app.json().get("pkcs12Url").asText()))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofByteArray())
                .body();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(p12), FakeTeamsTenant.PKCS12_PASSWORD.toCharArray());
        assertThat(store.isKeyEntry("key")).isTrue();
    }

    @Test
    void graphFaultsAndPermissionRevocationOverHttp() {
        String token = client.presence1Token();
        String path = "/v1.0/users/" + tenant.users().get(0).id() + "/presence";
        assertThat(client.post("/_fake/faults/graph", null, "{\"kind\":\"SERVER_ERROR\",\"status\":504,\"count\":1}")
                        .status())
                .isEqualTo(204);
        assertThat(client.get(path, token).status()).isEqualTo(504);
        assertThat(client.get(path, token).status()).isEqualTo(200);

        assertThat(client.post(
                                "/_fake/permissions/revoke",
                                null,
                                "{\"username\":\"presence1@" + tenant.domain()
                                        + "\",\"permission\":\"Presence.Read.All\"}")
                        .status())
                .isEqualTo(204);
        assertThat(client.get(path, token).status()).isEqualTo(403);
        assertThat(client.post("/_fake/faults/graph", null, "{\"kind\":\"EXPLODE\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void clockAdvanceMovesTokenExpiry() {
        String token = client.presence1Token();
        String path = "/v1.0/users/" + tenant.users().get(0).id() + "/presence";
        Instant before =
                Instant.parse(client.get("/_fake/clock", null).json().get("now").asText());
        JsonNode moved =
                client.post("/_fake/clock/advance", null, "{\"seconds\":3600}").json();
        assertThat(Duration.between(before, Instant.parse(moved.get("now").asText())))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3600));
        assertThat(client.get(path, token).status()).isEqualTo(401);
        assertThat(client.post("/_fake/clock/advance", null, "{\"seconds\":-5}").status())
                .isEqualTo(400);
    }

    @Test
    void workingDayMovesUsersThroughRealisticStatesDeterministically() {
        JsonNode started = client.post("/_fake/day", null, "{\"start\":\"07:00\",\"speed\":0,\"seed\":3}")
                .json();
        assertThat(started.get("running").asBoolean()).isTrue();
        Set<String> seen = new HashSet<>();
        Set<String> availabilities = new HashSet<>();
        int total = 0;
        for (int step = 0; step < 12 * 6; step++) { // 07:00 to 19:00 in 10-minute steps
            total += client.post("/_fake/day/advance", null, "{\"minutes\":10}")
                    .json()
                    .get("changes")
                    .asInt();
            for (FakeUser u : tenant.users()) {
                PresenceSnapshot p = tenant.control().presence(u.id());
                seen.add(p.availability() + "/" + p.activity());
                availabilities.add(p.availability());
            }
        }
        assertThat(total).isGreaterThan(3000);
        assertThat(seen)
                .contains(
                        "Offline/OffWork",
                        "Available/Available",
                        "Busy/InACall",
                        "Busy/InAMeeting",
                        "Away/Away",
                        "DoNotDisturb/Presenting",
                        "BeRightBack/BeRightBack",
                        "AvailableIdle/Inactive",
                        "PresenceUnknown/PresenceUnknown");
        assertThat(seen)
                .as("an unknown future activity")
                .anyMatch(s -> s.endsWith("/Focusing") || s.endsWith("/InAHologramCall"));
        assertThat(availabilities).as("a camelCase variant").anyMatch(a -> Character.isLowerCase(a.charAt(0)));
        assertThat(client.get("/_fake/day", null).json().get("simulatedTime").asText())
                .isEqualTo("19:00");
        assertThat(client.send("DELETE", "/_fake/day", null, null).status()).isEqualTo(204);

        // The same seed replays the same day.
        String firstUser = tenant.users().get(0).id();
        String after = tenant.control().presence(firstUser).activity();
        tenant.control().reset();
        tenant.control().startDay(java.time.LocalTime.of(7, 0), 0, 3);
        tenant.control().advanceDay(Duration.ofHours(12));
        assertThat(tenant.control().presence(firstUser).activity()).isEqualTo(after);
    }

    @Test
    void statsCountRequestsTokensAndThrottling() {
        String token = client.presence1Token();
        client.get("/v1.0/users/" + tenant.users().get(0).id() + "/presence", token);
        client.post(
                "/v1.0/communications/getPresencesByUserId",
                token,
                client.json(Map.of(
                        "ids",
                        List.of(
                                tenant.users().get(0).id(),
                                tenant.users().get(1).id()))));
        JsonNode stats = client.get("/_fake/stats", null).json();
        assertThat(stats.at("/requestsByEndpoint/GET ~1v1.0~1users~1{id}~1presence")
                        .asLong())
                .isEqualTo(1);
        assertThat(stats.at("/tokenCallsByGrant/password").asLong()).isEqualTo(1);
        assertThat(stats.at("/presenceIdsServed").asLong()).isEqualTo(3);
        assertThat(stats.at("/maxPresenceRequestsPer30Seconds/" + tenant.publicClientId())
                        .asLong())
                .isEqualTo(2);
        assertThat(stats.at("/notifications/sent").asLong()).isZero();
    }

    @Test
    void resetRestoresTheStartState() {
        String id = tenant.users().get(0).id();
        PresenceSnapshot initial = tenant.control().presence(id);
        tenant.control().setPresence(id, PresenceCatalog.FOCUSING);
        tenant.control().injectSignInFailure("presence1@" + tenant.domain(), SignInFailure.ACCOUNT_LOCKED);
        tenant.control().advanceClock(Duration.ofHours(2));

        assertThat(client.post("/_fake/reset", null, null).status()).isEqualTo(204);

        PresenceSnapshot after = tenant.control().presence(id);
        assertThat(after.activity()).isEqualTo(initial.activity());
        assertThat(after.sequenceNumber()).as("never goes back").isGreaterThan(initial.sequenceNumber());
        assertThat(client.presence1Token()).isNotBlank();
        assertThat(Duration.between(Instant.now(), tenant.now()).abs()).isLessThan(Duration.ofMinutes(1));
    }

    @Test
    void unknownControlPathsAndBadBodiesAreClearErrors() {
        assertThat(client.get("/_fake/nothing", null).status()).isEqualTo(404);
        assertThat(client.post("/_fake/faults/notifications", null, "{\"dropRate\":2}")
                        .status())
                .isEqualTo(400);
        assertThat(client.post("/_fake/faults/notifications", null, "not json").status())
                .isEqualTo(400);
        assertThat(client.post("/_fake/subscriptions/" + java.util.UUID.randomUUID() + "/expire", null, null)
                        .status())
                .isEqualTo(404);
    }
}
