package dev.switchboard.sim.tenant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Microsoft Entra's side: user-realm discovery, the v2.0 token endpoint (password, refresh token,
 * client credentials with a certificate assertion), OpenID metadata and signing keys.
 */
final class EntraEndpoints {
    private static final DateTimeFormatter AADSTS_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final String GRAPH_RESOURCE = "https://graph.microsoft.com/";
    private static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private final String tenantId;
    private final String domain;
    private final String baseUrl;
    private final Directory directory;
    private final TokenService tokens;
    private final SignInFaults faults;
    private final Stats stats;
    private final TenantClock clock;

    EntraEndpoints(
            String tenantId,
            String domain,
            String baseUrl,
            Directory directory,
            TokenService tokens,
            SignInFaults faults,
            Stats stats,
            TenantClock clock) {
        this.tenantId = tenantId;
        this.domain = domain;
        this.baseUrl = baseUrl;
        this.directory = directory;
        this.tokens = tokens;
        this.faults = faults;
        this.stats = stats;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/common/userrealm/{username}", "userrealm", this::userRealm);
        router.add("GET", "/common/discovery/keys", "keys", this::keys);
        router.add("GET", "/common/discovery/v2.0/keys", "keys", this::keys);
        router.add("GET", "/{tenant}/discovery/keys", "keys", this::keys);
        router.add("GET", "/{tenant}/discovery/v2.0/keys", "keys", this::keys);
        router.add("GET", "/{tenant}/v2.0/.well-known/openid-configuration", "openid-configuration", this::oidcV2);
        router.add("GET", "/{tenant}/.well-known/openid-configuration", "openid-configuration", this::oidcV1);
        router.add("POST", "/{tenant}/oauth2/v2.0/token", "token", this::token);
    }

    /** MSAL4J asks this before a password grant; "Managed" sends it straight to the token endpoint. */
    private void userRealm(Exchange ex) {
        String username = ex.param("username");
        int at = username.indexOf('@');
        String userDomain = at < 0 ? domain : username.substring(at + 1);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ver", "1.0");
        json.put("account_type", "Managed");
        json.put("domain_name", userDomain);
        json.put("cloud_instance_name", "microsoftonline.com");
        json.put("cloud_audience_urn", "urn:federation:MicrosoftOnline");
        ex.json(200, json);
    }

    private void keys(Exchange ex) {
        ex.json(200, tokens.jwks());
    }

    private void oidcV2(Exchange ex) {
        String tenant = ex.param("tenant");
        String issuerTenant = isThisTenant(tenant) ? tenantId : "{tenantid}";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_endpoint", baseUrl + "/" + tenant + "/oauth2/v2.0/token");
        json.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt"));
        json.put("jwks_uri", baseUrl + "/" + tenant + "/discovery/v2.0/keys");
        json.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        json.put("subject_types_supported", List.of("pairwise"));
        json.put("id_token_signing_alg_values_supported", List.of("RS256"));
        json.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        json.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        json.put("issuer", baseUrl + "/" + issuerTenant + "/v2.0");
        json.put("authorization_endpoint", baseUrl + "/" + tenant + "/oauth2/v2.0/authorize");
        json.put("tenant_region_scope", "EU");
        json.put("cloud_instance_name", "microsoftonline.com");
        ex.json(200, json);
    }

    /** v1 metadata: the issuer Graph's access and validation tokens carry. */
    private void oidcV1(Exchange ex) {
        String tenant = ex.param("tenant");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_endpoint", baseUrl + "/" + tenant + "/oauth2/token");
        json.put("jwks_uri", baseUrl + "/common/discovery/keys");
        json.put("id_token_signing_alg_values_supported", List.of("RS256"));
        json.put("issuer", "https://sts.windows.net/" + (isThisTenant(tenant) ? tenantId : "{tenantid}") + "/");
        json.put("tenant_region_scope", "EU");
        json.put("cloud_instance_name", "microsoftonline.com");
        ex.json(200, json);
    }

    private boolean isThisTenant(String tenant) {
        return tenant.equalsIgnoreCase(tenantId) || tenant.equalsIgnoreCase(domain);
    }

    private void token(Exchange ex) {
        String tenant = ex.param("tenant");
        Map<String, String> form = Exchange.parseForm(ex.body());
        String grant = form.getOrDefault("grant_type", "");
        Stats.count(stats.tokenCallsByGrant, grant.isEmpty() ? "(none)" : grant);
        boolean generic = tenant.equalsIgnoreCase("common")
                || tenant.equalsIgnoreCase("organizations")
                || tenant.equalsIgnoreCase("consumers");
        if (!generic && !isThisTenant(tenant)) {
            throw error(
                    ex,
                    400,
                    "invalid_request",
                    null,
                    90002,
                    "Tenant '" + tenant + "' not found. Check to make sure you have the correct tenant ID and are"
                            + " signing into the correct cloud.");
        }
        switch (grant) {
            case "password" -> password(ex, form, tenant);
            case "refresh_token" -> refresh(ex, form);
            case "client_credentials" -> clientCredentials(ex, form);
            case "" ->
                throw error(
                        ex,
                        400,
                        "invalid_request",
                        null,
                        900144,
                        "The request body must contain the following parameter: 'grant_type'.");
            default ->
                throw error(
                        ex,
                        400,
                        "unsupported_grant_type",
                        null,
                        70003,
                        "The app requested an unsupported grant type '" + grant + "'.");
        }
    }

    private void password(Exchange ex, Map<String, String> form, String tenant) {
        String username = form.get("username");
        String clientId = form.get("client_id");
        Stats.count(stats.tokenCallsByPrincipal, "password:" + username);
        if (tenant.equalsIgnoreCase("common") || tenant.equalsIgnoreCase("consumers")) {
            throw error(
                    ex,
                    400,
                    "invalid_request",
                    null,
                    90019,
                    "No tenant-identifying information found in either the request or implied by any provided"
                            + " credentials.");
        }
        FakeApp app = requireApp(ex, clientId);
        injected(ex, clientId, SignInFailure.Grant.PASSWORD, app);
        if (!app.publicClient() && form.get("client_assertion") == null) {
            throw error(
                    ex,
                    401,
                    "invalid_client",
                    null,
                    7000218,
                    "The request body must contain the following parameter: 'client_assertion' or"
                            + " 'client_secret'.");
        }
        if (username == null || form.get("password") == null) {
            throw error(
                    ex,
                    400,
                    "invalid_request",
                    null,
                    900144,
                    "The request body must contain the following parameter: 'username' and 'password'.");
        }
        injected(ex, username, SignInFailure.Grant.PASSWORD, app);
        FakeAccount account = directory.account(username);
        if (account == null) {
            throw failure(ex, SignInFailure.USER_NOT_FOUND, null, app, username);
        }
        if (!account.password().equals(form.get("password"))) {
            throw failure(ex, SignInFailure.WRONG_PASSWORD, null, app, username);
        }
        List<String> scopes = grantedScopes(ex, account, app, form.get("scope"));
        delegatedSuccess(ex, account, app, scopes);
    }

    private void refresh(Exchange ex, Map<String, String> form) {
        String clientId = form.get("client_id");
        FakeApp app = requireApp(ex, clientId);
        TokenService.RefreshGrant grant = tokens.parseRefresh(form.get("refresh_token"));
        if (grant == null) {
            throw error(ex, 400, "invalid_grant", null, 9002313, "Invalid request. Request is malformed or invalid.");
        }
        Stats.count(stats.tokenCallsByPrincipal, "refresh_token:" + grant.username());
        if (!grant.clientId().equalsIgnoreCase(app.clientId())) {
            throw error(
                    ex,
                    400,
                    "invalid_grant",
                    null,
                    70000,
                    "Provided grant is invalid or malformed. The refresh token was issued to a different client.");
        }
        injected(ex, clientId, SignInFailure.Grant.REFRESH_TOKEN, app);
        injected(ex, grant.username(), SignInFailure.Grant.REFRESH_TOKEN, app);
        FakeAccount account = directory.account(grant.username());
        if (account == null) {
            throw failure(ex, SignInFailure.USER_NOT_FOUND, null, app, grant.username());
        }
        String scope = form.get("scope");
        List<String> scopes = grantedScopes(
                ex, account, app, scope == null || scope.isBlank() ? String.join(" ", grant.scopes()) : scope);
        delegatedSuccess(ex, account, app, scopes);
    }

    private void clientCredentials(Exchange ex, Map<String, String> form) {
        String clientId = form.get("client_id");
        Stats.count(stats.tokenCallsByPrincipal, "client_credentials:" + clientId);
        FakeApp app = requireApp(ex, clientId);
        injected(ex, clientId, SignInFailure.Grant.CLIENT_CREDENTIALS, app);
        if (form.get("client_secret") != null && form.get("client_assertion") == null) {
            throw error(
                    ex,
                    401,
                    "invalid_client",
                    null,
                    7000215,
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret"
                            + " value, not the client secret ID, for a secret added to app '" + app.clientId() + "'.");
        }
        if (!JWT_BEARER.equals(form.get("client_assertion_type")) || form.get("client_assertion") == null) {
            throw error(
                    ex,
                    401,
                    "invalid_client",
                    null,
                    7000218,
                    "The request body must contain the following parameter: 'client_assertion' or"
                            + " 'client_secret'.");
        }
        verifyAssertion(ex, app, form.get("client_assertion"));
        boolean defaultScope = false;
        for (String s : splitScopes(form.get("scope"))) {
            if (OIDC_SCOPES.contains(s.toLowerCase(Locale.ROOT))) continue;
            if (s.equalsIgnoreCase(GRAPH_RESOURCE + ".default") || s.equalsIgnoreCase(GRAPH_APP_ID + "/.default")) {
                defaultScope = true;
            } else {
                throw error(
                        ex,
                        400,
                        "invalid_scope",
                        null,
                        1002012,
                        "The provided value for scope " + s + " is not valid. Client credential flows must have a"
                                + " scope value with /.default suffixed to the resource identifier"
                                + " (application ID URI).");
            }
        }
        if (!defaultScope) {
            throw error(
                    ex,
                    400,
                    "invalid_scope",
                    null,
                    1002012,
                    "The provided value for scope is not valid. Client credential flows must have a scope value with"
                            + " /.default suffixed to the resource identifier (application ID URI).");
        }
        // Without admin consent Entra still issues the token, only without roles: Graph then says 403.
        List<String> roles = faults.has(clientId, SignInFailure.CONSENT_MISSING)
                ? List.of()
                : List.copyOf(app.applicationPermissions());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_type", "Bearer");
        json.put("expires_in", tokens.lifetimeSeconds());
        json.put("ext_expires_in", tokens.lifetimeSeconds());
        json.put("access_token", tokens.issueApplication(app, roles));
        ex.json(200, json);
    }

    /** Checks MSAL's client assertion: RS256 by the registered certificate, aud, iss/sub, lifetime. */
    private void verifyAssertion(Exchange ex, FakeApp app, String assertion) {
        if (app.certificate() == null) {
            throw error(
                    ex,
                    401,
                    "invalid_client",
                    null,
                    700027,
                    "Client assertion failed signature validation. [Reason - The key was not found.]");
        }
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(assertion);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw error(ex, 400, "invalid_request", null, 50027, "JWT token is invalid or malformed.");
        }
        byte[] sha256 = KeyMaterial.thumbprint(app.certificate(), "SHA-256");
        byte[] sha1 = KeyMaterial.thumbprint(app.certificate(), "SHA-1");
        Object x5tS256 = jwt.getHeader().getCustomParam("x5t#S256");
        if (x5tS256 == null && jwt.getHeader().getX509CertSHA256Thumbprint() != null) {
            x5tS256 = jwt.getHeader().getX509CertSHA256Thumbprint().toString();
        }
        @SuppressWarnings("deprecation")
        Base64URL x5t = jwt.getHeader().getX509CertThumbprint();
        boolean keyMatches = (x5tS256 != null && thumbprintMatches(String.valueOf(x5tS256), sha256))
                || (x5t != null && thumbprintMatches(x5t.toString(), sha1));
        if (!keyMatches) {
            throw error(
                    ex,
                    401,
                    "invalid_client",
                    null,
                    700027,
                    "Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of"
                            + " key used by client: '" + (x5tS256 != null ? x5tS256 : x5t) + "']");
        }
        try {
            if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(
                            new RSASSAVerifier((RSAPublicKey) app.certificate().getPublicKey()))) {
                throw error(ex, 401, "invalid_client", null, 700027, "Client assertion failed signature validation.");
            }
        } catch (JOSEException | ClassCastException e) {
            throw error(ex, 401, "invalid_client", null, 700027, "Client assertion failed signature validation.");
        }
        String expectedAudience = baseUrl + ex.path;
        boolean audienceOk = claims.getAudience().stream()
                .anyMatch(a -> stripSlash(a).equalsIgnoreCase(stripSlash(expectedAudience)));
        if (!audienceOk) {
            throw error(
                    ex,
                    401,
                    "invalid_client",
                    null,
                    700021,
                    "Client assertion audience claim does not match Realm issuer. Review the documentation at"
                            + " https://learn.microsoft.com/entra/identity-platform/certificate-credentials .");
        }
        if (!app.clientId().equalsIgnoreCase(claims.getIssuer())
                || !app.clientId().equalsIgnoreCase(claims.getSubject())) {
            throw error(
                    ex,
                    401,
                    "invalid_client",
                    null,
                    700023,
                    "Client assertion subject and issuer must be the client id '" + app.clientId() + "'.");
        }
        // The assertion carries the client's real time, so it is checked against the real clock
        // even when the tenant clock has been moved ahead.
        long now = System.currentTimeMillis();
        if (claims.getExpirationTime() == null
                || claims.getExpirationTime().getTime() + 300_000 < now
                || (claims.getNotBeforeTime() != null
                        && claims.getNotBeforeTime().getTime() - 300_000 > now)) {
            throw error(
                    ex, 401, "invalid_client", null, 700024, "Client assertion is not within its valid time range.");
        }
    }

    /** MSAL4J sends {@code x5t#S256} in standard base64 with padding; others use base64url. */
    static boolean thumbprintMatches(String value, byte[] expected) {
        byte[] decoded;
        try {
            decoded = value.contains("+") || value.contains("/") || value.endsWith("=")
                    ? Base64.getDecoder().decode(value)
                    : Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(decoded, expected);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private FakeApp requireApp(Exchange ex, String clientId) {
        if (clientId == null || clientId.isBlank()) {
            throw error(
                    ex,
                    400,
                    "invalid_request",
                    null,
                    900144,
                    "The request body must contain the following parameter: 'client_id'.");
        }
        FakeApp app = directory.app(clientId);
        if (app == null) {
            throw failure(ex, SignInFailure.APP_NOT_FOUND, null, null, clientId);
        }
        return app;
    }

    private void injected(Exchange ex, String principal, SignInFailure.Grant grant, FakeApp app) {
        SignInFaults.Hit hit = faults.take(principal, grant);
        if (hit != null) {
            if (hit.failure() == SignInFailure.CONSENT_MISSING && grant == SignInFailure.Grant.CLIENT_CREDENTIALS) {
                return;
            }
            throw failure(ex, hit.failure(), hit.retryAfterSeconds(), app, principal);
        }
    }

    /** Resolves requested Graph scopes against the account's consented delegated permissions. */
    private List<String> grantedScopes(Exchange ex, FakeAccount account, FakeApp app, String scope) {
        Set<String> granted = new LinkedHashSet<>();
        boolean anyGraph = false;
        for (String s : splitScopes(scope)) {
            if (OIDC_SCOPES.contains(s.toLowerCase(Locale.ROOT))) continue;
            anyGraph = true;
            String permission = s;
            if (s.regionMatches(true, 0, GRAPH_RESOURCE, 0, GRAPH_RESOURCE.length())) {
                permission = s.substring(GRAPH_RESOURCE.length());
            } else if (s.regionMatches(true, 0, GRAPH_APP_ID + "/", 0, GRAPH_APP_ID.length() + 1)) {
                permission = s.substring(GRAPH_APP_ID.length() + 1);
            }
            if (permission.equals(".default")) {
                granted.addAll(account.delegatedPermissions());
                continue;
            }
            String match = null;
            for (String consented : account.delegatedPermissions()) {
                if (consented.equalsIgnoreCase(permission)) match = consented;
            }
            if (match == null) {
                throw failure(ex, SignInFailure.CONSENT_MISSING, null, app, account.username());
            }
            granted.add(match);
        }
        if (!anyGraph) {
            granted.addAll(account.delegatedPermissions());
        }
        return new ArrayList<>(granted);
    }

    private static List<String> splitScopes(String scope) {
        if (scope == null || scope.isBlank()) return List.of();
        return List.of(scope.trim().split("\\s+"));
    }

    private void delegatedSuccess(Exchange ex, FakeAccount account, FakeApp app, List<String> scopes) {
        StringBuilder scopeText = new StringBuilder();
        for (String s : scopes) scopeText.append(GRAPH_RESOURCE).append(s).append(' ');
        scopeText.append("openid profile offline_access");
        String clientInfo = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"uid\":\"" + account.objectId() + "\",\"utid\":\"" + tenantId + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("token_type", "Bearer");
        json.put("scope", scopeText.toString());
        json.put("expires_in", tokens.lifetimeSeconds());
        json.put("ext_expires_in", tokens.lifetimeSeconds());
        json.put("access_token", tokens.issueDelegated(account, app, scopes));
        json.put("refresh_token", tokens.refreshToken(account.username(), app.clientId(), scopes));
        json.put("id_token", tokens.idToken(account, app.clientId()));
        json.put("client_info", clientInfo);
        ex.json(200, json);
    }

    private HttpProblem failure(
            Exchange ex, SignInFailure failure, Double retryAfterSeconds, FakeApp app, String principal) {
        String description = switch (failure) {
            case CONSENT_MISSING -> String.format(failure.description(), app == null ? "" : app.clientId());
            case USER_NOT_FOUND -> String.format(failure.description(), principal, tenantId);
            case APP_NOT_FOUND -> String.format(failure.description(), principal, tenantId);
            default -> failure.description();
        };
        Map<String, Object> extra = new LinkedHashMap<>();
        if (failure == SignInFailure.PASSWORD_EXPIRED) {
            extra.put("password_change_url", "https://portal.microsoftonline.com/ChangePassword.aspx");
        }
        if (failure == SignInFailure.CONDITIONAL_ACCESS_BLOCKED) {
            extra.put(
                    "claims",
                    "{\"access_token\":{\"capolids\":{\"essential\":true,\"values\":"
                            + "[\"d3a1e0b1-3c4f-4b6e-9a51-2f0c6d1e7a42\"]}}}");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (failure == SignInFailure.STS_THROTTLED) {
            headers.put("Retry-After", retryAfterText(retryAfterSeconds == null ? 5.0 : retryAfterSeconds));
        }
        return error(
                ex,
                failure.httpStatus(),
                failure.error(),
                failure.suberror(),
                failure.aadstsCode(),
                description,
                extra,
                headers);
    }

    static String retryAfterText(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }

    private HttpProblem error(Exchange ex, int status, String error, String suberror, int code, String message) {
        return error(ex, status, error, suberror, code, message, Map.of(), Map.of());
    }

    /** Entra's token-endpoint error body (graph.md §6.4). */
    private HttpProblem error(
            Exchange ex,
            int status,
            String error,
            String suberror,
            int code,
            String message,
            Map<String, Object> extra,
            Map<String, String> headers) {
        Stats.count(stats.tokenFailuresByError, "AADSTS" + code);
        String timestamp = AADSTS_TIME.format(clock.now());
        String traceId = UUID.randomUUID().toString();
        String correlationId = ex.header("client-request-id");
        if (correlationId == null) correlationId = UUID.randomUUID().toString();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("error", error);
        json.put(
                "error_description",
                "AADSTS" + code + ": " + message + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: " + correlationId
                        + "\r\nTimestamp: " + timestamp);
        json.put("error_codes", List.of(code));
        json.put("timestamp", timestamp);
        json.put("trace_id", traceId);
        json.put("correlation_id", correlationId);
        json.put("error_uri", baseUrl + "/error?code=" + code);
        if (suberror != null) json.put("suberror", suberror);
        json.putAll(extra);
        return new HttpProblem(status, Json.write(json), headers);
    }
}
