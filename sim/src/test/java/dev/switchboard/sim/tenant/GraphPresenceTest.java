package dev.switchboard.sim.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Graph presence reads over HTTPS: shapes, limits, authentication, permissions, throttling, faults. */
class GraphPresenceTest {
    static FakeTeamsTenant tenant;
    static TenantClient client;
    static String token;

    @BeforeAll
    static void start() {
        tenant = FakeTeamsTenant.start(
                FakeTenantOptions.builder().users(800).seed(11).build());
        client = new TenantClient(tenant);
        token = client.presence1Token();
    }

    @AfterAll
    static void stop() {
        tenant.close();
    }

    static String userId(int i) {
        return tenant.users().get(i).id();
    }

    @Test
    void singlePresenceHasGraphShapeAndSortableSequenceNumber() {
        String id = userId(3);
        PresenceSnapshot before = tenant.control().presence(id);
        tenant.control().setPresence(id, PresenceCatalog.IN_A_CALL);

        JsonNode one = client.get("/v1.0/users/" + id + "/presence", token).json();
        JsonNode two = client.get("/v1.0/communications/presences/" + id.toUpperCase(), token)
                .json();

        assertThat(one.get("@odata.context").asText()).contains("$metadata#users('" + id + "')/presence");
        assertThat(one.get("id").asText()).isEqualTo(id);
        assertThat(one.get("availability").asText()).isEqualTo("Busy");
        assertThat(one.get("activity").asText()).isEqualTo("InACall");
        assertThat(one.get("outOfOfficeSettings").get("isOutOfOffice").asBoolean())
                .isFalse();
        String seq = one.get("sequenceNumber").asText();
        assertThat(seq).hasSameSizeAs(before.sequenceNumber()).isGreaterThan(before.sequenceNumber());
        assertThat(two.get("sequenceNumber").asText()).isEqualTo(seq);
    }

    @Test
    void unknownAndCamelCaseValuesAreServedVerbatim() {
        String id = userId(4);
        tenant.control().setPresence(id, PresenceCatalog.camelCase(PresenceCatalog.IN_A_MEETING));
        assertThat(client.get("/v1.0/users/" + id + "/presence", token)
                        .json()
                        .get("activity")
                        .asText())
                .isEqualTo("inAMeeting");
        tenant.control().setPresence(id, PresenceCatalog.FUTURE_ACTIVITY);
        assertThat(client.get("/v1.0/users/" + id + "/presence", token)
                        .json()
                        .get("activity")
                        .asText())
                .isEqualTo("InAHologramCall");
    }

    @Test
    void bulkReadAnswers650IdsInRequestOrderAndRefuses651() {
        List<String> ids = new ArrayList<>();
        for (int i = 649; i >= 0; i--) ids.add(userId(i));
        TenantClient.Reply ok =
                client.post("/v1.0/communications/getPresencesByUserId", token, client.json(Map.of("ids", ids)));
        assertThat(ok.status()).isEqualTo(200);
        JsonNode value = ok.json().get("value");
        assertThat(value).hasSize(650);
        assertThat(value.get(0).get("id").asText()).isEqualTo(ids.get(0));
        assertThat(value.get(649).get("id").asText()).isEqualTo(ids.get(649));
        assertThat(value.get(10).has("availability")).isTrue();

        ids.add(userId(700));
        TenantClient.Reply tooMany =
                client.post("/v1.0/communications/getPresencesByUserId", token, client.json(Map.of("ids", ids)));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().at("/error/code").asText()).isEqualTo("invalidRequest");
        assertThat(tooMany.json().at("/error/message").asText()).contains("650");
    }

    @Test
    void bulkReadOmitsUnknownIdsAndRejectsMalformedOnes() {
        String unknown = UUID.randomUUID().toString();
        JsonNode value = client.post(
                        "/v1.0/communications/getPresencesByUserId",
                        token,
                        client.json(Map.of("ids", List.of(userId(1), unknown, userId(1)))))
                .json()
                .get("value");
        assertThat(value).hasSize(1);
        assertThat(value.get(0).get("id").asText()).isEqualTo(userId(1));

        assertThat(client.post(
                                "/v1.0/communications/getPresencesByUserId",
                                token,
                                client.json(Map.of("ids", List.of("not-a-guid"))))
                        .status())
                .isEqualTo(400);
        assertThat(client.post("/v1.0/communications/getPresencesByUserId", token, "{\"ids\":[]}")
                        .status())
                .isEqualTo(400);
        assertThat(client.get("/v1.0/users/" + unknown + "/presence", token).status())
                .isEqualTo(404);
    }

    @Test
    void missingGarbledAndForeignTokensGet401() {
        String path = "/v1.0/users/" + userId(0) + "/presence";
        TenantClient.Reply missing = client.get(path, null);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().at("/error/code").asText()).isEqualTo("InvalidAuthenticationToken");
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(client.get(path, "garbage").status()).isEqualTo(401);
        assertThat(client.get(path, "a.b.c").status()).isEqualTo(401);
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThat(client.get(path, tampered).status()).isEqualTo(401);
    }

    @Test
    void expiredTokenGets401AfterTheClockMoves() {
        try (FakeTeamsTenant own =
                FakeTeamsTenant.start(FakeTenantOptions.builder().users(5).build())) {
            TenantClient c = new TenantClient(own);
            String t = c.presence1Token();
            String path = "/v1.0/users/" + own.users().get(0).id() + "/presence";
            assertThat(c.get(path, t).status()).isEqualTo(200);
            own.control().advanceClock(Duration.ofSeconds(3600));
            TenantClient.Reply expired = c.get(path, t);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.json().at("/error/message").asText()).contains("expired");
        }
    }

    @Test
    void delegatedTokenWithoutPresencePermissionGets403() {
        FakeAccount basic = new FakeAccount(
                "reader@" + tenant.domain(), "Reader-1!", UUID.randomUUID().toString(), null, Set.of("User.Read"));
        tenant.control().putAccount(basic);
        TenantClient.Reply r = client.form(
                "/" + tenant.tenantId() + "/oauth2/v2.0/token",
                Map.of(
                        "grant_type", "password",
                        "client_id", tenant.publicClientId(),
                        "username", basic.username(),
                        "password", basic.password(),
                        "scope", "https://graph.microsoft.com/User.Read openid profile offline_access"));
        String userReadOnly = r.json().get("access_token").asText();
        TenantClient.Reply forbidden = client.get("/v1.0/users/" + userId(0) + "/presence", userReadOnly);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().at("/error/code").asText()).isEqualTo("Forbidden");

        TenantClient.Reply consent = client.form(
                "/" + tenant.tenantId() + "/oauth2/v2.0/token",
                Map.of(
                        "grant_type", "password",
                        "client_id", tenant.publicClientId(),
                        "username", basic.username(),
                        "password", basic.password(),
                        "scope", "https://graph.microsoft.com/Presence.Read.All"));
        assertThat(consent.status()).isEqualTo(400);
        assertThat(consent.json().get("suberror").asText()).isEqualTo("consent_required");
        assertThat(consent.json().get("error_codes").get(0).asInt()).isEqualTo(65001);
    }

    @Test
    void revokedConsentTurnsAValidTokenInto403() {
        FakeAccount account = new FakeAccount(
                "revokee@" + tenant.domain(),
                "Revokee-1!",
                UUID.randomUUID().toString(),
                null,
                FakeTeamsTenant.PRESENCE_ACCOUNT_PERMISSIONS);
        tenant.control().putAccount(account);
        String t = client.delegatedToken(account.username(), account.password());
        String path = "/v1.0/users/" + userId(0) + "/presence";
        assertThat(client.get(path, t).status()).isEqualTo(200);
        assertThat(tenant.control().revokePermission(account.username(), "Presence.Read.All"))
                .isTrue();
        assertThat(client.get(path, t).status()).isEqualTo(403);
    }

    @Test
    void appTokenReadsPresenceButNotMe() {
        String appToken = client.appToken();
        assertThat(client.get("/v1.0/users/" + userId(2) + "/presence", appToken)
                        .status())
                .isEqualTo(200);
        assertThat(client.get("/v1.0/me/presence", appToken).status()).isEqualTo(400);
        assertThat(client.get("/v1.0/me/presence", token).status()).isEqualTo(200);
    }

    @Test
    void the1501stPresenceRequestIn30SecondsGets429WithRetryAfter() throws Exception {
        String clientId = UUID.randomUUID().toString();
        tenant.control().putApp(new FakeApp(clientId, "busy app", true, null, Set.of()));
        FakeAccount a = tenant.accounts().stream()
                .filter(x -> x.username().startsWith("presence2@"))
                .findFirst()
                .orElseThrow();
        String t = client.form(
                        "/" + tenant.tenantId() + "/oauth2/v2.0/token",
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                clientId,
                                "username",
                                a.username(),
                                "password",
                                a.password(),
                                "scope",
                                "https://graph.microsoft.com/Presence.Read.All"))
                .json()
                .get("access_token")
                .asText();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(tenant.graphBaseUrl() + "/users/" + userId(5) + "/presence"))
                .header("Authorization", "Bearer " + t)
                .build();
        int ok = 0;
        for (int round = 0; round < 15; round++) {
            List<CompletableFuture<HttpResponse<Void>>> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++)
                batch.add(client.http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
            for (CompletableFuture<HttpResponse<Void>> f : batch) if (f.get().statusCode() == 200) ok++;
        }
        assertThat(ok).isEqualTo(1500);

        TenantClient.Reply throttled = client.get("/v1.0/users/" + userId(5) + "/presence", t);
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(Integer.parseInt(throttled.header("Retry-After"))).isBetween(1, 30);
        JsonNode error = throttled.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("TooManyRequests");
        assertThat(error.get("message").asText()).isEqualTo("Please retry again later.");
        assertThat(error.at("/innerError/code").asText()).isEqualTo("429");
        assertThat(error.at("/innerError/status").asText()).isEqualTo("429");
        assertThat(error.at("/innerError/message").asText()).isEqualTo("Please retry after");
        assertThat(tenant.control().stats().maxPresenceRequestsPer30Seconds().get(clientId))
                .isEqualTo(1501L);

        tenant.control().advanceClock(Duration.ofSeconds(31));
        assertThat(client.get("/v1.0/users/" + userId(5) + "/presence", t).status())
                .isEqualTo(200);
    }

    @Test
    void scriptedGraphFaults() {
        String path = "/v1.0/users/" + userId(6) + "/presence";
        tenant.control().injectGraphFault(GraphFault.throttle(2, 2.128).onPath(path));
        for (int i = 0; i < 2; i++) {
            TenantClient.Reply r = client.get(path, token);
            assertThat(r.status()).isEqualTo(429);
            assertThat(r.header("Retry-After")).isEqualTo("2.128");
        }
        assertThat(client.get(path, token).status()).isEqualTo(200);

        tenant.control().injectGraphFault(GraphFault.serverError(1, 503).onPath(path));
        TenantClient.Reply unavailable = client.get(path, token);
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.json().at("/error/code").asText()).isEqualTo("serviceNotAvailable");

        tenant.control().injectGraphFault(GraphFault.slow(1, 300).onPath(path));
        long start = System.nanoTime();
        assertThat(client.get(path, token).status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        tenant.control()
                .injectGraphFault(new GraphFault(
                        GraphFault.Kind.THROTTLE, 1, 0.0, 0, 429, "/v1.0/communications/getPresencesByUserId"));
        TenantClient.Reply noHeader = client.post(
                "/v1.0/communications/getPresencesByUserId", token, client.json(Map.of("ids", List.of(userId(6)))));
        assertThat(noHeader.status()).isEqualTo(429);
        assertThat(noHeader.header("Retry-After"))
                .as("the backoff path: 429 without Retry-After")
                .isNull();
    }

    @Test
    void federatedViewShowsAvailabilityOnly() {
        String id = userId(7);
        tenant.control().setPresence(id, PresenceCatalog.IN_A_CALL);
        JsonNode one =
                client.get("/federation/v1/users/" + id + "/presence", null).json();
        assertThat(one.get("availability").asText()).isEqualTo("Busy");
        assertThat(one.has("activity")).isFalse();
        assertThat(one.has("sequenceNumber")).isFalse();

        JsonNode many = client.post("/federation/v1/presence", null, client.json(Map.of("ids", List.of(id, userId(8)))))
                .json()
                .get("value");
        assertThat(many).hasSize(2);
        assertThat(many.get(0).size()).isEqualTo(2);

        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) tooMany.add(UUID.randomUUID().toString());
        assertThat(client.post("/federation/v1/presence", null, client.json(Map.of("ids", tooMany)))
                        .status())
                .isEqualTo(400);
    }
}
