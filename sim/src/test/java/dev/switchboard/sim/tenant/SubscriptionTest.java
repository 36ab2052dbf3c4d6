package dev.switchboard.sim.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presence subscriptions and change notifications against a real HTTPS webhook. */
class SubscriptionTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static WebhookReceiver receiver;

    FakeTeamsTenant tenant;
    TenantClient client;
    String token;

    @BeforeAll
    static void startReceiver() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @BeforeEach
    void start() {
        receiver.clear();
        receiver.echoValidation = true;
        tenant = FakeTeamsTenant.start(FakeTenantOptions.builder()
                .users(700)
                .seed(5)
                .retryBackoff(Duration.ofMillis(20))
                .build());
        client = new TenantClient(tenant);
        token = client.presence1Token();
    }

    @AfterEach
    void stop() {
        tenant.close();
    }

    String id(int i) {
        return tenant.users().get(i).id();
    }

    Map<String, Object> request(List<String> ids, Duration lifetime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("changeType", "updated");
        body.put("notificationUrl", receiver.notificationUrl());
        body.put("lifecycleNotificationUrl", receiver.lifecycleUrl());
        body.put(
                "resource",
                "/communications/presences?$filter=id in ("
                        + ids.stream().map(x -> "'" + x + "'").collect(Collectors.joining(",")) + ")");
        body.put("expirationDateTime", tenant.now().plus(lifetime).toString());
        body.put("clientState", "secret-state");
        return body;
    }

    TenantClient.Reply create(Map<String, Object> body) {
        return client.post("/v1.0/subscriptions", token, client.json(body));
    }

    String subscribe(List<String> ids) {
        TenantClient.Reply r = create(request(ids, Duration.ofMinutes(45)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    @Test
    void creationValidatesBothUrlsThenNotifiesInThePost2024BasicShape() throws Exception {
        String user = id(1);
        TenantClient.Reply created = create(request(List.of(user, id(2)), Duration.ofMinutes(45)));

        assertThat(created.status()).isEqualTo(201);
        JsonNode sub = created.json();
        assertThat(sub.get("applicationId").asText()).isEqualTo(tenant.publicClientId());
        assertThat(sub.get("clientState").asText()).isEqualTo("secret-state");
        assertThat(sub.get("changeType").asText()).isEqualTo("updated");
        assertThat(Instant.parse(sub.get("expirationDateTime").asText())).isAfter(tenant.now());
        assertThat(receiver.validationTokens).hasSize(2);
        assertThat(receiver.validationTokens.get(0)).contains(" ", "+", "%");

        tenant.control().setPresence(user, PresenceCatalog.IN_A_MEETING);
        JsonNode n = receiver.awaitNotifications(1, WAIT).get(0);

        assertThat(n.get("subscriptionId").asText()).isEqualTo(sub.get("id").asText());
        assertThat(n.get("clientState").asText()).isEqualTo("secret-state");
        assertThat(n.get("changeType").asText()).isEqualTo("updated");
        assertThat(n.get("tenantId").asText()).isEqualTo(tenant.tenantId());
        assertThat(n.get("resource").asText()).isEqualTo("communications/presences?$filter=id+in+(%27" + user + "%27)");
        assertThat(n.at("/resourceData/id").asText()).isEqualTo(user);
        assertThat(n.at("/resourceData/@odata.id").asText()).isEqualTo("users/" + user + "/presence");
        assertThat(n.toString()).doesNotContain("availability", "activity", "InAMeeting");
        assertThat(n.get("subscriptionExpirationDateTime").asText())
                .isEqualTo(sub.get("expirationDateTime").asText());
    }

    @Test
    void creationIsRefusedWhenTheHandshakeFailsOrTheRequestBreaksGraphsRules() {
        receiver.echoValidation = false;
        TenantClient.Reply failed = create(request(List.of(id(1)), Duration.ofMinutes(30)));
        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.json().at("/error/message").asText()).contains("validation");
        assertThat(tenant.control().subscriptions()).isEmpty();
        receiver.echoValidation = true;

        assertThat(create(request(List.of(id(1)), Duration.ofMinutes(61))).status())
                .isEqualTo(400);
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 651; i++) tooMany.add(id(i));
        assertThat(create(request(tooMany, Duration.ofMinutes(30))).status()).isEqualTo(400);
        assertThat(create(request(tooMany.subList(0, 650), Duration.ofMinutes(30)))
                        .status())
                .isEqualTo(201);

        Map<String, Object> plainHttp = request(List.of(id(1)), Duration.ofMinutes(30));
        plainHttp.put("notificationUrl", receiver.notificationUrl().replace("https:", "http:"));
        assertThat(create(plainHttp).status()).isEqualTo(400);

        Map<String, Object> rich = request(List.of(id(1)), Duration.ofMinutes(30));
        rich.put("includeResourceData", true);
        assertThat(create(rich).status()).as("rich needs a certificate").isEqualTo(400);

        Map<String, Object> elsewhere = request(List.of(id(1)), Duration.ofMinutes(30));
        elsewhere.put("notificationUrl", "https://example.com/hook");
        assertThat(create(elsewhere).status()).isEqualTo(400);
    }

    @Test
    void singleUserResourceAndSubscriptionCrud() throws Exception {
        Map<String, Object> body = request(List.of(), Duration.ofMinutes(20));
        body.put("resource", "/communications/presences/" + id(3));
        body.remove("lifecycleNotificationUrl");
        TenantClient.Reply created = create(body);
        assertThat(created.status()).isEqualTo(201);
        String subId = created.json().get("id").asText();

        assertThat(client.get("/v1.0/subscriptions/" + subId, token).status()).isEqualTo(200);
        assertThat(client.get("/v1.0/subscriptions", token).json().get("value")).hasSize(1);

        tenant.control().setPresence(id(3), PresenceCatalog.AWAY);
        assertThat(receiver.awaitNotifications(1, WAIT).get(0).get("resource").asText())
                .isEqualTo("communications/presences/" + id(3));

        assertThat(client.send("DELETE", "/v1.0/subscriptions/" + subId, token, null)
                        .status())
                .isEqualTo(204);
        assertThat(client.get("/v1.0/subscriptions/" + subId, token).status()).isEqualTo(404);
    }

    @Test
    void renewalExtendsAndTheClockExpiresSilently() throws Exception {
        String subId = subscribe(List.of(id(1)));
        Instant renewed = tenant.now().plus(Duration.ofMinutes(55)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        TenantClient.Reply patch = client.send(
                "PATCH", "/v1.0/subscriptions/" + subId, token, "{\"expirationDateTime\":\"" + renewed + "\"}");
        assertThat(patch.status()).isEqualTo(200);
        assertThat(Instant.parse(patch.json().get("expirationDateTime").asText()))
                .isEqualTo(renewed);
        assertThat(client.send(
                                "PATCH",
                                "/v1.0/subscriptions/" + subId,
                                token,
                                "{\"expirationDateTime\":\"" + tenant.now().plus(Duration.ofMinutes(61)) + "\"}")
                        .status())
                .as("more than 60 minutes ahead")
                .isEqualTo(400);

        tenant.control().advanceClock(Duration.ofMinutes(56));

        String fresh = client.presence1Token();
        assertThat(client.send(
                                "PATCH",
                                "/v1.0/subscriptions/" + subId,
                                fresh,
                                "{\"expirationDateTime\":\"" + tenant.now().plus(Duration.ofMinutes(30)) + "\"}")
                        .status())
                .isEqualTo(404);
        assertThat(tenant.control().subscriptions()).isEmpty();
        tenant.control().setPresence(id(1), PresenceCatalog.BUSY);
        assertThat(tenant.control().awaitNotificationsDelivered(WAIT)).isTrue();
        assertThat(receiver.notifications).isEmpty();
        assertThat(tenant.control().stats().subscriptions().expired()).isEqualTo(1);
    }

    @Test
    void reauthorizationRequiredPausesDeliveryUntilReauthorized() throws Exception {
        String subId = subscribe(List.of(id(1)));
        tenant.control().requireReauthorization(subId);

        JsonNode lifecycle = receiver.awaitLifecycle(1, WAIT).get(0);
        assertThat(lifecycle.get("lifecycleEvent").asText()).isEqualTo("reauthorizationRequired");
        assertThat(lifecycle.get("subscriptionId").asText()).isEqualTo(subId);
        assertThat(lifecycle.get("clientState").asText()).isEqualTo("secret-state");

        tenant.control().setPresence(id(1), PresenceCatalog.BUSY);
        assertThat(tenant.control().awaitNotificationsDelivered(WAIT)).isTrue();
        assertThat(receiver.notifications).isEmpty();
        assertThat(tenant.control().stats().notifications().lostWhilePaused()).isEqualTo(1);

        assertThat(client.post("/v1.0/subscriptions/" + subId + "/reauthorize", token, null)
                        .status())
                .isEqualTo(204);
        tenant.control().setPresence(id(1), PresenceCatalog.AVAILABLE);
        assertThat(receiver.awaitNotifications(1, WAIT)).hasSize(1);
    }

    @Test
    void reauthorizationRequiredArrivesBeforeTheAuthorizingTokenExpires() throws Exception {
        TenantClient.Reply created = create(request(List.of(id(1)), Duration.ofMinutes(60)));
        String subId = created.json().get("id").asText();
        tenant.control().advanceClock(Duration.ofMinutes(56)); // the token (59:59) expires within 5 minutes
        assertThat(receiver.awaitLifecycle(1, WAIT)).hasSize(1);
        assertThat(tenant.control().subscriptions().get(0).paused()).isFalse();

        String fresh = client.presence1Token();
        assertThat(client.post("/v1.0/subscriptions/" + subId + "/reauthorize", fresh, null)
                        .status())
                .isEqualTo(204);
        assertThat(client.send(
                                "PATCH",
                                "/v1.0/subscriptions/" + subId,
                                fresh,
                                "{\"expirationDateTime\":\"" + tenant.now().plus(Duration.ofMinutes(60)) + "\"}")
                        .status())
                .isEqualTo(200);
        tenant.control().advanceClock(Duration.ofMinutes(4)); // the first token has expired now
        assertThat(tenant.control().subscriptions().get(0).paused()).isFalse();
        tenant.control().setPresence(id(1), PresenceCatalog.BUSY);
        assertThat(receiver.awaitNotifications(1, WAIT)).hasSize(1);

        // 59:59.5 after the renewal: the fresh token has expired, nobody reauthorized, the subscription lives.
        tenant.control().advanceClock(Duration.ofMinutes(55).plusSeconds(59).plusMillis(500));
        assertThat(tenant.control().subscriptions().get(0).paused()).isTrue();
        tenant.control().advanceClock(Duration.ofSeconds(1)); // and now the subscription has expired too
        assertThat(tenant.control().subscriptions()).isEmpty();
    }

    @Test
    void richNotificationsDecryptAsGraphDocumentsAndCarryVerifiableValidationTokens() throws Exception {
        KeyMaterial subscriberKey = KeyMaterial.rsa("subscriber");
        Map<String, Object> body = request(List.of(id(1)), Duration.ofMinutes(30));
        body.put("includeResourceData", true);
        body.put("encryptionCertificate", subscriberKey.certificateBase64());
        body.put("encryptionCertificateId", "cert-2026");
        assertThat(create(body).status()).isEqualTo(201);

        PresenceSnapshot set =
                tenant.control().setPresence(new PresenceUpdate(id(1), "DoNotDisturb", "Presenting", true));
        JsonNode n = receiver.awaitNotifications(1, WAIT).get(0);

        JsonNode content = n.get("encryptedContent");
        assertThat(content.get("encryptionCertificateId").asText()).isEqualTo("cert-2026");
        assertThat(content.get("encryptionCertificateThumbprint").asText())
                .isEqualTo(java.util.HexFormat.of()
                        .withUpperCase()
                        .formatHex(MessageDigest.getInstance("SHA-1")
                                .digest(subscriberKey.certificate().getEncoded())));
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA1AndMGF1Padding");
        rsa.init(Cipher.DECRYPT_MODE, subscriberKey.privateKey());
        byte[] key =
                rsa.doFinal(Base64.getDecoder().decode(content.get("dataKey").asText()));
        byte[] data = Base64.getDecoder().decode(content.get("data").asText());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        assertThat(Base64.getEncoder().encodeToString(mac.doFinal(data)))
                .isEqualTo(content.get("dataSignature").asText());
        Cipher aes = Cipher.getInstance("AES/CBC/PKCS5PADDING");
        byte[] iv = java.util.Arrays.copyOf(key, 16);
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        JsonNode presence = TenantClient.JSON.readTree(new String(aes.doFinal(data), StandardCharsets.UTF_8));
        assertThat(presence.get("id").asText()).isEqualTo(id(1));
        assertThat(presence.get("availability").asText()).isEqualTo("DoNotDisturb");
        assertThat(presence.get("activity").asText()).isEqualTo("Presenting");
        assertThat(presence.get("sequenceNumber").asText()).isEqualTo(set.sequenceNumber());
        assertThat(presence.at("/outOfOfficeSettings/isOutOfOffice").asBoolean())
                .isTrue();

        JsonNode batch = receiver.batchesWithTokens.get(0);
        SignedJWT jwt = SignedJWT.parse(batch.get("validationTokens").get(0).asText());
        JWKSet keys = JWKSet.parse(client.get("/common/discovery/keys", null).body());
        RSAKey signing = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new RSASSAVerifier(signing))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(tenant.publicClientId());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://sts.windows.net/" + tenant.tenantId() + "/");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("appid")).isEqualTo("0bf30f3b-4a52-48df-9a82-234910c4a086");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isAfter(java.util.Date.from(tenant.now()));
    }

    @Test
    void duplicateKnobDeliversEverythingTwice() throws Exception {
        subscribe(List.of(id(1), id(2)));
        tenant.control().notificationFaults(new NotificationFaults(1.0, 0, 0, 0));
        tenant.control().setPresence(id(1), PresenceCatalog.BUSY);
        tenant.control().setPresence(id(2), PresenceCatalog.AWAY);
        List<JsonNode> got = receiver.awaitNotifications(4, WAIT);
        assertThat(got).hasSize(4);
        Map<String, Integer> perUser = new HashMap<>();
        got.forEach(n -> perUser.merge(n.at("/resourceData/id").asText(), 1, Integer::sum));
        assertThat(perUser).containsEntry(id(1), 2).containsEntry(id(2), 2);
        assertThat(tenant.control().stats().notifications().duplicated()).isEqualTo(2);
    }

    @Test
    void outOfOrderKnobSwapsNeighbours() throws Exception {
        subscribe(List.of(id(1), id(2)));
        tenant.control().notificationFaults(new NotificationFaults(0, 1.0, 0, 0));
        tenant.control().holdNotifications();
        tenant.control().setPresence(id(1), PresenceCatalog.BUSY);
        tenant.control().setPresence(id(2), PresenceCatalog.AWAY);
        tenant.control().releaseNotifications();
        List<JsonNode> got = receiver.awaitNotifications(2, WAIT);
        assertThat(got).extracting(n -> n.at("/resourceData/id").asText()).containsExactly(id(2), id(1));
    }

    @Test
    void dropKnobLosesNotificationsAndCountsThem() throws Exception {
        subscribe(List.of(id(1)));
        tenant.control().notificationFaults(new NotificationFaults(0, 0, 1.0, 0));
        for (int i = 0; i < 5; i++) tenant.control().setPresence(id(1), PresenceCatalog.DOCUMENTED.get(i));
        assertThat(tenant.control().awaitNotificationsDelivered(WAIT)).isTrue();
        assertThat(receiver.notifications).isEmpty();
        assertThat(tenant.control().stats().notifications().dropped()).isEqualTo(5);
    }

    @Test
    void failedDeliveriesAreRetried() throws Exception {
        subscribe(List.of(id(1)));
        receiver.failNext.set(2);
        tenant.control().setPresence(id(1), PresenceCatalog.BUSY);
        assertThat(receiver.awaitNotifications(1, WAIT)).hasSize(1);
        assertThat(tenant.control().awaitNotificationsDelivered(WAIT)).isTrue();
        TenantStats.Notifications stats = tenant.control().stats().notifications();
        assertThat(stats.failedPosts()).isEqualTo(2);
        assertThat(stats.retried()).isEqualTo(2);
        assertThat(stats.sent()).isEqualTo(1);
    }

    @Test
    void notificationsAreBatchedSeveralPerPost() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) ids.add(id(i));
        subscribe(ids);
        tenant.control().holdNotifications();
        for (String user : ids) tenant.control().setPresence(user, PresenceCatalog.IN_A_CALL);
        receiver.posts.set(0);
        tenant.control().releaseNotifications();
        assertThat(receiver.awaitNotifications(300, WAIT)).hasSize(300);
        assertThat(receiver.posts.get()).isEqualTo(3);
    }
}
