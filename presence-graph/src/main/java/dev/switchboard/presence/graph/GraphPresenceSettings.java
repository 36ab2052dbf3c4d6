package dev.switchboard.presence.graph;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the Graph presence adapter needs to know, already resolved (secrets are {@link
 * Secret}s that read their origin when used).
 *
 * @param tenantId the customer's tenant (Entra directory) id
 * @param clientId the public-client application the presence accounts sign in to
 * @param authority the authority URL including the tenant, e.g. {@code
 *     https://login.microsoftonline.com/{tenant}/}
 * @param graphBaseUrl e.g. {@code https://graph.microsoft.com/v1.0}
 * @param accounts the presence accounts (may be empty when only the application reads)
 * @param application the application permission, or null
 * @param webhook where Graph delivers notifications, or null when no account subscribes
 * @param rich rich notifications (encrypted resource data), or null for basic ones
 * @param timing intervals of the maintenance cycle
 * @param limits Graph limits and retry policy
 * @param scopes delegated scopes requested for presence accounts
 */
public record GraphPresenceSettings(
        String tenantId,
        String clientId,
        String authority,
        String graphBaseUrl,
        List<Account> accounts,
        Application application,
        Webhook webhook,
        RichNotifications rich,
        Timing timing,
        Limits limits,
        Set<String> scopes) {

    public static final String GRAPH = "https://graph.microsoft.com/v1.0";
    public static final Set<String> DEFAULT_SCOPES = Set.of("https://graph.microsoft.com/Presence.Read.All");

    public GraphPresenceSettings {
        Objects.requireNonNull(tenantId, "tenantId");
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        authority = authority == null ? "https://login.microsoftonline.com/" + tenantId + "/" : authority;
        graphBaseUrl = graphBaseUrl == null ? GRAPH : graphBaseUrl;
        timing = timing == null ? Timing.defaults() : timing;
        limits = limits == null ? Limits.defaults() : limits;
        scopes = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : Set.copyOf(scopes);
        if (!accounts.isEmpty() && clientId == null) {
            throw new IllegalArgumentException("clientId is needed for presence accounts");
        }
        if (!accounts.isEmpty() && webhook == null) {
            throw new IllegalArgumentException("a webhook is needed for presence accounts (subscriptions)");
        }
        long distinct = accounts.stream().map(Account::name).distinct().count();
        if (distinct != accounts.size()) {
            throw new IllegalArgumentException("account names must be unique");
        }
    }

    /**
     * A presence account: a dedicated user who signs in with username and password.
     *
     * @param name a short name for health and logs, e.g. {@code pa1}
     */
    public record Account(String name, String username, Secret password) {
        public Account {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * The application permission (client credentials with a certificate).
     *
     * @param clientId the confidential application
     * @param pkcs12 the certificate and private key, PKCS#12
     * @param certificatePassword the PKCS#12 password
     * @param pollInterval how often users without a working subscription are read
     */
    public record Application(String clientId, byte[] pkcs12, Secret certificatePassword, Duration pollInterval) {
        public Application {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(pkcs12, "pkcs12");
            Objects.requireNonNull(certificatePassword, "certificatePassword");
            pollInterval = pollInterval == null ? Duration.ofSeconds(30) : pollInterval;
        }

        @Override
        public String toString() {
            return "Application(" + clientId + ", pollInterval=" + pollInterval + ")";
        }
    }

    /**
     * Where Graph delivers notifications.
     *
     * @param notificationUrl the public HTTPS URL (may differ from the listen address)
     * @param lifecycleUrl for lifecycle notifications; null = the notification URL
     * @param clientState the shared secret every notification must carry
     */
    public record Webhook(String notificationUrl, String lifecycleUrl, Secret clientState) {
        public Webhook {
            Objects.requireNonNull(notificationUrl, "notificationUrl");
            Objects.requireNonNull(clientState, "clientState");
            lifecycleUrl = lifecycleUrl == null ? notificationUrl : lifecycleUrl;
        }
    }

    /**
     * Rich notifications: Graph encrypts the presence into each notification, signed by tokens the
     * service checks against a key set.
     *
     * @param jwksUrl the JSON Web Key Set URL, or an OpenID metadata URL whose {@code jwks_uri} is used
     */
    public record RichNotifications(String jwksUrl) {
        public static final String MICROSOFT = "https://login.microsoftonline.com/common/discovery/keys";

        public RichNotifications {
            jwksUrl = jwksUrl == null ? MICROSOFT : jwksUrl;
        }
    }

    /**
     * @param maintenanceInterval how often renewals, health re-checks and resyncs run
     * @param subscriptionLifetime requested subscription lifetime (Graph allows at most 60 min)
     * @param renewBefore renew a subscription when less than this remains
     * @param resyncInterval full bulk re-read of all users as a safety net; zero = never
     * @param staleAfter detailed data unconfirmed for longer than this no longer counts
     * @param coalesceDelay how long changed ids are collected before one bulk read
     * @param tokenRefreshMargin refresh a token this long before it expires
     * @param coarsePollInterval coarse reads while every agent has detailed presence
     * @param coarseFallbackPollInterval coarse reads while some agents depend on it
     */
    public record Timing(
            Duration maintenanceInterval,
            Duration subscriptionLifetime,
            Duration renewBefore,
            Duration resyncInterval,
            Duration staleAfter,
            Duration coalesceDelay,
            Duration tokenRefreshMargin,
            Duration coarsePollInterval,
            Duration coarseFallbackPollInterval) {
        public static Timing defaults() {
            return new Timing(
                    Duration.ofMinutes(1),
                    Duration.ofMinutes(58),
                    Duration.ofMinutes(15),
                    Duration.ofMinutes(30),
                    Duration.ofMinutes(5),
                    Duration.ofMillis(200),
                    Duration.ofMinutes(5),
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(15));
        }

        public Timing withResyncInterval(Duration value) {
            return new Timing(
                    maintenanceInterval,
                    subscriptionLifetime,
                    renewBefore,
                    value,
                    staleAfter,
                    coalesceDelay,
                    tokenRefreshMargin,
                    coarsePollInterval,
                    coarseFallbackPollInterval);
        }

        public Timing withCoalesceDelay(Duration value) {
            return new Timing(
                    maintenanceInterval,
                    subscriptionLifetime,
                    renewBefore,
                    resyncInterval,
                    staleAfter,
                    value,
                    tokenRefreshMargin,
                    coarsePollInterval,
                    coarseFallbackPollInterval);
        }
    }

    /**
     * @param presenceRequestsPerWindow Graph's limit per app and tenant (1,500)
     * @param window its window (30 s)
     * @param headroom the share of the limit left unused, for other clients (0.1 = 10 %)
     * @param maxAttempts attempts per Graph call before it counts as failed
     * @param idsPerSubscription user ids per subscription and per bulk read (≤ 650)
     * @param maxSubscriptionsPerAccount presence subscriptions one account may hold; 0 = no limit
     */
    public record Limits(
            int presenceRequestsPerWindow,
            Duration window,
            double headroom,
            int maxAttempts,
            int idsPerSubscription,
            int maxSubscriptionsPerAccount) {
        public Limits {
            if (idsPerSubscription < 1 || idsPerSubscription > GraphClient.MAX_IDS) {
                throw new IllegalArgumentException("idsPerSubscription must be 1.." + GraphClient.MAX_IDS);
            }
            if (headroom < 0 || headroom >= 1) {
                throw new IllegalArgumentException("headroom must be in [0, 1)");
            }
        }

        public static Limits defaults() {
            return new Limits(1500, Duration.ofSeconds(30), 0.1, 6, GraphClient.MAX_IDS, 0);
        }

        /** The budget the limiter enforces. */
        public int budget() {
            return Math.max(2, (int) Math.floor(presenceRequestsPerWindow * (1 - headroom)));
        }
    }
}
