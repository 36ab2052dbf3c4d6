package dev.switchboard.sim.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Plain JDK HTTP client against the tenant, trusting its certificate like a configured adapter would. */
final class TenantClient {
    static final ObjectMapper JSON = new ObjectMapper();

    final FakeTeamsTenant tenant;
    final HttpClient http;

    TenantClient(FakeTeamsTenant tenant) {
        this.tenant = tenant;
        this.http = HttpClient.newBuilder()
                .sslContext(tenant.sslContext())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    record Reply(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    Reply send(String method, String path, String token, String jsonBody) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(tenant.baseUrl() + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        jsonBody == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) b.header("Content-Type", "application/json");
        if (token != null) b.header("Authorization", "Bearer " + token);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Reply get(String path, String token) {
        return send("GET", path, token, null);
    }

    Reply post(String path, String token, String json) {
        return send("POST", path, token, json);
    }

    Reply form(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(tenant.baseUrl() + path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A delegated Graph token for a presence account, by a plain ROPC request. */
    String delegatedToken(String username, String password) {
        Reply r = form(
                "/" + tenant.tenantId() + "/oauth2/v2.0/token",
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        tenant.publicClientId(),
                        "username",
                        username,
                        "password",
                        password,
                        "scope",
                        "https://graph.microsoft.com/Presence.Read.All openid profile offline_access",
                        "client_info",
                        "1"));
        if (r.status() != 200) throw new AssertionError("sign-in failed: " + r.body());
        return r.json().get("access_token").asText();
    }

    String presence1Token() {
        FakeAccount a = tenant.accounts().stream()
                .filter(x -> x.username().startsWith("presence1@"))
                .findFirst()
                .orElseThrow();
        return delegatedToken(a.username(), a.password());
    }

    /** An application (app-only) token for the default confidential app, via MSAL4J's certificate flow. */
    String appToken() {
        try {
            String clientId = tenant.confidentialClientId();
            return com.microsoft.aad.msal4j.ConfidentialClientApplication.builder(
                            clientId,
                            com.microsoft.aad.msal4j.ClientCredentialFactory.createFromCertificate(
                                    new java.io.ByteArrayInputStream(tenant.appPkcs12(clientId)),
                                    FakeTeamsTenant.PKCS12_PASSWORD))
                    .authority(tenant.authority())
                    .instanceDiscovery(false)
                    .sslSocketFactory(tenant.sslContext().getSocketFactory())
                    .build()
                    .acquireToken(com.microsoft.aad.msal4j.ClientCredentialParameters.builder(
                                    java.util.Set.of("https://graph.microsoft.com/.default"))
                            .skipCache(true)
                            .build())
                    .get()
                    .accessToken();
        } catch (Exception e) {
            throw new AssertionError("app sign-in failed", e);
        }
    }

    String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
