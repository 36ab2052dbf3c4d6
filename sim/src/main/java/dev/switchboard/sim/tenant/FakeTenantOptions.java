package dev.switchboard.sim.tenant;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How to start a {@link FakeTeamsTenant}. Build with {@link #builder()}; every setting has a
 * default that behaves like Microsoft's documented limits.
 */
public record FakeTenantOptions(
        int port,
        int users,
        long seed,
        Clock clock,
        String tenantId,
        String domain,
        boolean defaultAccountsAndApps,
        List<FakeAccount> accounts,
        List<FakeApp> apps,
        boolean allowPlainHttpWebhooks,
        Duration accessTokenLifetime,
        int presenceRequestsPer30Seconds,
        boolean unknownIdsAsPresenceUnknown,
        boolean onePresenceSubscriptionPerUserPerApp,
        boolean automaticReauthorizationRequired,
        RichNotificationKeys richNotificationKeys,
        boolean richNotificationSequenceNumber,
        int maxNotificationsPerPost,
        int maxConcurrentPostsPerWebhook,
        Duration deliveryTimeout,
        int maxDeliveryAttempts,
        Duration retryBackoff,
        int maxQueuedNotifications) {

    public FakeTenantOptions {
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
        if (users < 0) throw new IllegalArgumentException("users must be >= 0, was " + users);
        if (maxNotificationsPerPost < 1) throw new IllegalArgumentException("maxNotificationsPerPost must be >= 1");
        if (maxConcurrentPostsPerWebhook < 1) {
            throw new IllegalArgumentException("maxConcurrentPostsPerWebhook must be >= 1");
        }
        if (maxDeliveryAttempts < 1) throw new IllegalArgumentException("maxDeliveryAttempts must be >= 1");
        if (presenceRequestsPer30Seconds < 0) {
            throw new IllegalArgumentException("presenceRequestsPer30Seconds must be >= 0 (0 = unlimited)");
        }
        accounts = List.copyOf(accounts);
        apps = List.copyOf(apps);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with Microsoft-like defaults. */
    public static final class Builder {
        private int port;
        private int users = 100;
        private long seed = 42;
        private Clock clock = Clock.systemUTC();
        private String tenantId;
        private String domain = "switchboardfake.onmicrosoft.com";
        private boolean defaultAccountsAndApps = true;
        private final List<FakeAccount> accounts = new ArrayList<>();
        private final List<FakeApp> apps = new ArrayList<>();
        private boolean allowPlainHttpWebhooks;
        private Duration accessTokenLifetime = Duration.ofSeconds(3599);
        private int presenceRequestsPer30Seconds = 1500;
        private boolean unknownIdsAsPresenceUnknown;
        private boolean onePresenceSubscriptionPerUserPerApp;
        private boolean automaticReauthorizationRequired = true;
        private RichNotificationKeys richNotificationKeys = RichNotificationKeys.PER_ITEM;
        private boolean richNotificationSequenceNumber = true;
        private int maxNotificationsPerPost = 100;
        private int maxConcurrentPostsPerWebhook = 4;
        private Duration deliveryTimeout = Duration.ofSeconds(3);
        private int maxDeliveryAttempts = 4;
        private Duration retryBackoff = Duration.ofMillis(500);
        private int maxQueuedNotifications = 2_000_000;

        private Builder() {}

        /** 0 (default) picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** How many directory users to generate (default 100). */
        public Builder users(int users) {
            this.users = users;
            return this;
        }

        /** Seeds ids, names, initial presence and fault randomness (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The base clock; the control API can move the tenant's clock ahead of it. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The tenant id (GUID); default derived from the seed. */
        public Builder tenantId(String tenantId) {
            this.tenantId = tenantId;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** Whether to register the two presence accounts and the two default apps (default true). */
        public Builder defaultAccountsAndApps(boolean value) {
            this.defaultAccountsAndApps = value;
            return this;
        }

        public Builder account(FakeAccount account) {
            accounts.add(account);
            return this;
        }

        public Builder app(FakeApp app) {
            apps.add(app);
            return this;
        }

        /** Allow {@code http://} webhooks (Graph refuses them; off by default). */
        public Builder allowPlainHttpWebhooks(boolean value) {
            this.allowPlainHttpWebhooks = value;
            return this;
        }

        public Builder accessTokenLifetime(Duration value) {
            this.accessTokenLifetime = value;
            return this;
        }

        /** Graph's presence limit per app per tenant (default 1,500; 0 = unlimited). */
        public Builder presenceRequestsPer30Seconds(int value) {
            this.presenceRequestsPer30Seconds = value;
            return this;
        }

        /** getPresencesByUserId answers unknown ids with PresenceUnknown instead of omitting them. */
        public Builder unknownIdsAsPresenceUnknown(boolean value) {
            this.unknownIdsAsPresenceUnknown = value;
            return this;
        }

        /** Enforce "one presence subscription per user per application" with 403 (default off). */
        public Builder onePresenceSubscriptionPerUserPerApp(boolean value) {
            this.onePresenceSubscriptionPerUserPerApp = value;
            return this;
        }

        /**
         * Send {@code reauthorizationRequired} five minutes before the token that authorized a
         * subscription expires and pause delivery once it has expired (default true).
         */
        public Builder automaticReauthorizationRequired(boolean value) {
            this.automaticReauthorizationRequired = value;
            return this;
        }

        /**
         * A fresh AES key (and RSA-wrapped {@code dataKey}) per rich notification (default true);
         * false shares one key per subscription within one POST, which keeps receivers fast.
         */
        public Builder richNotificationKeyPerItem(boolean value) {
            return richNotificationKeys(value ? RichNotificationKeys.PER_ITEM : RichNotificationKeys.PER_POST);
        }

        /** How often rich notifications get a fresh key (default {@link RichNotificationKeys#PER_ITEM}). */
        public Builder richNotificationKeys(RichNotificationKeys value) {
            this.richNotificationKeys = java.util.Objects.requireNonNull(value);
            return this;
        }

        /** Include {@code sequenceNumber} and {@code outOfOfficeSettings} in rich payloads (default true). */
        public Builder richNotificationSequenceNumber(boolean value) {
            this.richNotificationSequenceNumber = value;
            return this;
        }

        public Builder maxNotificationsPerPost(int value) {
            this.maxNotificationsPerPost = value;
            return this;
        }

        public Builder maxConcurrentPostsPerWebhook(int value) {
            this.maxConcurrentPostsPerWebhook = value;
            return this;
        }

        /** How long a webhook may take to answer a notification POST (Graph: 3 s). */
        public Builder deliveryTimeout(Duration value) {
            this.deliveryTimeout = value;
            return this;
        }

        /** Attempts per notification before it is dropped (compressed from Graph's "up to 4 hours"). */
        public Builder maxDeliveryAttempts(int value) {
            this.maxDeliveryAttempts = value;
            return this;
        }

        /** First retry delay; doubles with each attempt. */
        public Builder retryBackoff(Duration value) {
            this.retryBackoff = value;
            return this;
        }

        public Builder maxQueuedNotifications(int value) {
            this.maxQueuedNotifications = value;
            return this;
        }

        public FakeTenantOptions build() {
            return new FakeTenantOptions(
                    port,
                    users,
                    seed,
                    clock,
                    tenantId,
                    domain,
                    defaultAccountsAndApps,
                    accounts,
                    apps,
                    allowPlainHttpWebhooks,
                    accessTokenLifetime,
                    presenceRequestsPer30Seconds,
                    unknownIdsAsPresenceUnknown,
                    onePresenceSubscriptionPerUserPerApp,
                    automaticReauthorizationRequired,
                    richNotificationKeys,
                    richNotificationSequenceNumber,
                    maxNotificationsPerPost,
                    maxConcurrentPostsPerWebhook,
                    deliveryTimeout,
                    maxDeliveryAttempts,
                    retryBackoff,
                    maxQueuedNotifications);
        }
    }
}
