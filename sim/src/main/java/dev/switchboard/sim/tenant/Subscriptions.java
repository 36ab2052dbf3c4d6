package dev.switchboard.sim.tenant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * All live subscriptions, indexed by user so a presence change finds its subscribers in O(1), and
 * their lifecycle: silent expiry at {@code expirationDateTime}, {@code reauthorizationRequired}
 * before the authorizing token runs out, paused delivery until reauthorized.
 */
final class Subscriptions {
    private static final long REAUTHORIZATION_LEAD_MILLIS = 5 * 60_000;

    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<Subscription[]> byUser;
    private final Object lock = new Object();
    private final TenantClock clock;
    private final NotificationSender sender;
    private final Stats stats;
    private final boolean automaticReauthorization;

    Subscriptions(int users, TenantClock clock, NotificationSender sender, Stats stats, boolean automaticReauth) {
        this.byUser = new AtomicReferenceArray<>(users);
        this.clock = clock;
        this.sender = sender;
        this.stats = stats;
        this.automaticReauthorization = automaticReauth;
    }

    void add(Subscription s) {
        synchronized (lock) {
            byId.put(s.id, s);
            for (int index : s.userIndexes) {
                Subscription[] current = byUser.get(index);
                Subscription[] next =
                        current == null ? new Subscription[1] : Arrays.copyOf(current, current.length + 1);
                next[next.length - 1] = s;
                byUser.set(index, next);
            }
        }
        stats.subscriptionsCreated.increment();
    }

    void remove(Subscription s) {
        s.removed = true;
        synchronized (lock) {
            if (byId.remove(s.id) == null) return;
            for (int index : s.userIndexes) {
                Subscription[] current = byUser.get(index);
                if (current == null) continue;
                Subscription[] next = Arrays.stream(current).filter(x -> x != s).toArray(Subscription[]::new);
                byUser.set(index, next.length == 0 ? null : next);
            }
        }
    }

    /** The live subscription, or null when unknown or expired (expiry is enforced on every access). */
    Subscription get(String id) {
        Subscription s = id == null ? null : byId.get(id.toLowerCase(java.util.Locale.ROOT));
        if (s == null) return null;
        if (expired(s, clock.millis())) {
            expire(s);
            return null;
        }
        return s;
    }

    Collection<Subscription> all() {
        return List.copyOf(byId.values());
    }

    int countFor(String appId, String creatorId) {
        int n = 0;
        for (Subscription s : byId.values()) {
            if (s.applicationId.equalsIgnoreCase(appId) && s.creatorId.equals(creatorId)) n++;
        }
        return n;
    }

    /** Fans a presence change out to the sender for every live subscription covering the user. */
    void presenceChanged(int userIndex, PresenceState state) {
        Subscription[] subscribers = byUser.get(userIndex);
        if (subscribers == null) return;
        long now = clock.millis();
        for (Subscription s : subscribers) {
            if (expired(s, now)) {
                expire(s);
            } else {
                sender.enqueue(s, state);
            }
        }
    }

    private static boolean expired(Subscription s, long now) {
        return s.expiration.toEpochMilli() <= now;
    }

    private void expire(Subscription s) {
        if (!s.removed) {
            remove(s);
            stats.subscriptionsExpired.increment();
        }
    }

    /** Expires and pauses what the clock says; runs periodically and after every clock move. */
    void sweep() {
        long now = clock.millis();
        List<Subscription> toExpire = new ArrayList<>();
        for (Subscription s : byId.values()) {
            if (expired(s, now)) {
                toExpire.add(s);
                continue;
            }
            if (!automaticReauthorization) continue;
            if (!s.reauthorizationSent && s.authorizedUntilMillis - REAUTHORIZATION_LEAD_MILLIS <= now) {
                s.reauthorizationSent = true;
                sender.lifecycle(s, "reauthorizationRequired");
            }
            if (s.authorizedUntilMillis <= now) {
                s.paused = true;
            }
        }
        toExpire.forEach(this::expire);
    }

    /** Sends reauthorizationRequired now and pauses delivery until the subscription is reauthorized. */
    void requireReauthorization(Subscription s) {
        s.paused = true;
        s.reauthorizationSent = true;
        sender.lifecycle(s, "reauthorizationRequired");
    }

    void reauthorized(Subscription s, long tokenExpiresAtMillis) {
        s.authorizedUntilMillis = tokenExpiresAtMillis;
        s.reauthorizationSent = false;
        s.paused = false;
    }

    /** Permissions of an owner were withdrawn: Graph asks its subscriptions to reauthorize. */
    void ownerLostPermission(String username) {
        for (Subscription s : byId.values()) {
            if (s.creatorUsername != null && s.creatorUsername.equalsIgnoreCase(username)) {
                requireReauthorization(s);
            }
        }
    }

    void clear() {
        synchronized (lock) {
            byId.values().forEach(s -> s.removed = true);
            byId.clear();
            for (int i = 0; i < byUser.length(); i++) byUser.set(i, null);
        }
    }
}
