package dev.switchboard.sim.tenant;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Graph presence subscription; mutable parts are volatile and changed only by {@link Subscriptions}. */
final class Subscription {
    /** Graph writes seven fractional digits, e.g. {@code 2016-11-20T18:23:45.9356913Z}. */
    static final DateTimeFormatter GRAPH_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSS'Z'").withZone(ZoneOffset.UTC);

    final String id;
    final String applicationId;
    final String creatorId;
    final String creatorUsername;
    final String resource;
    final int[] userIndexes;
    final boolean bulk;
    final String notificationUrl;
    final String lifecycleNotificationUrl;
    final String clientState;
    final boolean includeResourceData;
    final X509Certificate encryptionCertificate;
    final String encryptionCertificateId;
    final String encryptionCertificateThumbprint;
    /** With {@link RichNotificationKeys#PER_SUBSCRIPTION}: the key all its notifications use. */
    volatile RichNotificationCrypto.DataKey lifetimeKey;

    final String latestSupportedTlsVersion;
    final String tenantId;

    volatile Instant expiration;
    /** When the token that last authorized this subscription expires (tenant clock millis). */
    volatile long authorizedUntilMillis;

    volatile boolean reauthorizationSent;
    volatile boolean paused;
    volatile boolean removed;

    Subscription(
            String id,
            String applicationId,
            String creatorId,
            String creatorUsername,
            String resource,
            int[] userIndexes,
            boolean bulk,
            String notificationUrl,
            String lifecycleNotificationUrl,
            String clientState,
            boolean includeResourceData,
            X509Certificate encryptionCertificate,
            String encryptionCertificateId,
            String latestSupportedTlsVersion,
            String tenantId,
            Instant expiration,
            long authorizedUntilMillis) {
        this.id = id;
        this.applicationId = applicationId;
        this.creatorId = creatorId;
        this.creatorUsername = creatorUsername;
        this.resource = resource;
        this.userIndexes = userIndexes;
        this.bulk = bulk;
        this.notificationUrl = notificationUrl;
        this.lifecycleNotificationUrl = lifecycleNotificationUrl;
        this.clientState = clientState;
        this.includeResourceData = includeResourceData;
        this.encryptionCertificate = encryptionCertificate;
        this.encryptionCertificateId = encryptionCertificateId;
        this.encryptionCertificateThumbprint = encryptionCertificate == null
                ? null
                : HexFormat.of().withUpperCase().formatHex(KeyMaterial.thumbprint(encryptionCertificate, "SHA-1"));
        this.latestSupportedTlsVersion = latestSupportedTlsVersion;
        this.tenantId = tenantId;
        this.expiration = expiration;
        this.authorizedUntilMillis = authorizedUntilMillis;
    }

    String expirationText() {
        return GRAPH_TIME.format(expiration);
    }

    /** The subscription resource as Graph returns it from POST/PATCH/GET. */
    Map<String, Object> toGraphJson(String graphBaseUrl) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("@odata.context", graphBaseUrl + "/$metadata#subscriptions/$entity");
        json.put("id", id);
        json.put("resource", resource);
        json.put("applicationId", applicationId);
        json.put("changeType", "updated");
        json.put("clientState", clientState);
        json.put("notificationUrl", notificationUrl);
        json.put("notificationQueryOptions", null);
        json.put("lifecycleNotificationUrl", lifecycleNotificationUrl);
        json.put("expirationDateTime", expirationText());
        json.put("creatorId", creatorId);
        json.put("includeResourceData", includeResourceData);
        json.put("latestSupportedTlsVersion", latestSupportedTlsVersion);
        json.put("encryptionCertificate", null);
        json.put("encryptionCertificateId", encryptionCertificateId);
        json.put("notificationUrlAppId", null);
        json.put("notificationContentType", "application/json");
        return json;
    }

    SubscriptionInfo info() {
        return new SubscriptionInfo(
                id,
                applicationId,
                creatorUsername,
                resource,
                userIndexes.length,
                notificationUrl,
                lifecycleNotificationUrl,
                includeResourceData,
                expiration,
                Instant.ofEpochMilli(authorizedUntilMillis),
                paused);
    }
}
