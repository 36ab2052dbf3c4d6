package dev.switchboard.sim.tenant;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Typed access to everything the {@code /_fake/} control API offers, for in-process use by tests
 * and the demo. Every method has an HTTP twin documented in docs/FAKE_TENANT.md.
 */
public final class TenantControl {
    private final FakeTeamsTenant tenant;

    TenantControl(FakeTeamsTenant tenant) {
        this.tenant = tenant;
    }

    // ---- presence --------------------------------------------------------------------------------

    public PresenceSnapshot presence(String userId) {
        return tenant.directory.presence(index(userId)).snapshot();
    }

    /** Stores the presence, bumps its sequenceNumber and notifies every subscription covering the user. */
    public PresenceSnapshot setPresence(PresenceUpdate update) {
        PresenceState state = tenant.applyPresence(
                index(update.id()), update.availability(), update.activity(), update.outOfOffice());
        return state.snapshot();
    }

    public PresenceSnapshot setPresence(String userId, PresenceCatalog.Pair pair) {
        return setPresence(new PresenceUpdate(userId, pair.availability(), pair.activity(), false));
    }

    /** Many updates in order; all ids are checked before any is applied. */
    public List<PresenceSnapshot> setPresences(Collection<PresenceUpdate> updates) {
        int[] indexes = new int[updates.size()];
        int i = 0;
        for (PresenceUpdate update : updates) indexes[i++] = index(update.id());
        List<PresenceSnapshot> out = new ArrayList<>(updates.size());
        i = 0;
        for (PresenceUpdate update : updates) {
            out.add(tenant.applyPresence(indexes[i++], update.availability(), update.activity(), update.outOfOffice())
                    .snapshot());
        }
        return out;
    }

    private int index(String userId) {
        int index = userId == null ? -1 : tenant.directory.indexOf(userId);
        if (index < 0) throw new IllegalArgumentException("unknown user id: " + userId);
        return index;
    }

    // ---- accounts and apps -----------------------------------------------------------------------

    /** Creates or replaces an account that can sign in. */
    public void putAccount(FakeAccount account) {
        tenant.directory.putAccount(account);
    }

    /**
     * Creates or replaces an app. A confidential app without a certificate gets one generated
     * (see {@link FakeTeamsTenant#appKey(String)}).
     */
    public FakeApp putApp(FakeApp app) {
        FakeApp registered = app;
        if (!app.publicClient() && app.certificate() == null) {
            KeyMaterial key = KeyMaterial.rsa("app-" + app.clientId());
            tenant.generatedAppKeys.put(app.clientId().toLowerCase(java.util.Locale.ROOT), key);
            registered = new FakeApp(
                    app.clientId(), app.displayName(), false, key.certificate(), app.applicationPermissions());
        }
        tenant.directory.putApp(registered);
        return registered;
    }

    /** Withdraws a delegated (account) or application (app) permission; Graph answers 403 from now on. */
    public boolean revokePermission(String usernameOrClientId, String permission) {
        if (tenant.directory.revokeDelegated(usernameOrClientId, permission)) {
            tenant.subscriptions.ownerLostPermission(usernameOrClientId);
            return true;
        }
        return tenant.directory.revokeApplication(usernameOrClientId, permission);
    }

    // ---- faults ----------------------------------------------------------------------------------

    /** Every matching token request for this username or client id fails until cleared. */
    public void injectSignInFailure(String usernameOrClientId, SignInFailure failure) {
        injectSignInFailure(usernameOrClientId, failure, 0, null);
    }

    /**
     * @param count how many token requests fail (0 = until cleared)
     * @param retryAfterSeconds for STS_THROTTLED (default 5)
     */
    public void injectSignInFailure(
            String usernameOrClientId, SignInFailure failure, int count, Double retryAfterSeconds) {
        tenant.signInFaults.inject(usernameOrClientId, failure, count, retryAfterSeconds);
    }

    public boolean clearSignInFailure(String usernameOrClientId) {
        return tenant.signInFaults.clear(usernameOrClientId);
    }

    public void injectGraphFault(GraphFault fault) {
        tenant.requestFaults.add(fault);
    }

    public void clearGraphFaults() {
        tenant.requestFaults.clear();
    }

    public List<GraphFault> pendingGraphFaults() {
        return tenant.requestFaults.pending();
    }

    public void notificationFaults(NotificationFaults faults) {
        tenant.sender.faults(faults);
    }

    public NotificationFaults notificationFaults() {
        return tenant.sender.faults();
    }

    /** Queue notifications without sending them until {@link #releaseNotifications()}. */
    public void holdNotifications() {
        tenant.sender.hold();
    }

    public void releaseNotifications() {
        tenant.sender.release();
    }

    /** Waits until nothing is queued, delayed, waiting for a retry or in flight. */
    public boolean awaitNotificationsDelivered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tenant.sender.outstanding() > 0) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(5);
        }
        return true;
    }

    /** Graph's presence limit per app (default 1,500 per 30 s; 0 = unlimited, e.g. for benchmarks). */
    public void presenceRequestLimit(int requestsPer30Seconds) {
        tenant.limiter.limit(requestsPer30Seconds);
    }

    // ---- subscriptions ---------------------------------------------------------------------------

    public List<SubscriptionInfo> subscriptions() {
        return tenant.subscriptions.all().stream().map(Subscription::info).toList();
    }

    /** The subscription disappears now, silently, as at its expirationDateTime. */
    public boolean expireSubscription(String id) {
        Subscription s = tenant.subscriptions.get(id);
        if (s == null) return false;
        tenant.subscriptions.remove(s);
        tenant.stats.subscriptionsExpired.increment();
        return true;
    }

    /** Sends reauthorizationRequired now; delivery pauses until reauthorized or renewed. */
    public boolean requireReauthorization(String id) {
        Subscription s = tenant.subscriptions.get(id);
        if (s == null) return false;
        tenant.subscriptions.requireReauthorization(s);
        return true;
    }

    // ---- time ------------------------------------------------------------------------------------

    public Instant now() {
        return tenant.clock.now();
    }

    /** Moves the tenant clock forward (token and subscription expiry), then applies what is due. */
    public Instant advanceClock(Duration by) {
        tenant.clock.advance(by);
        tenant.sweep();
        return tenant.clock.now();
    }

    /**
     * Moves users through a simulated working day starting at {@code start}, at {@code speed}×
     * real time (0 = only by {@link #advanceDay(Duration)}). Replaces a running day.
     */
    public void startDay(LocalTime start, double speed, long seed) {
        tenant.startDay(start, speed, seed);
    }

    /** Steps the simulated day forward; returns how many presence changes that made. */
    public int advanceDay(Duration by) {
        return tenant.advanceDay(by.toSeconds());
    }

    public void stopDay() {
        tenant.stopDay();
    }

    public WorkingDayStatus day() {
        WorkingDay.Status s = tenant.dayStatus();
        return new WorkingDayStatus(s.running(), s.simulatedTime(), s.speed(), s.seed(), s.changes());
    }

    /** The state of the simulated working day. */
    public record WorkingDayStatus(boolean running, String simulatedTime, double speed, long seed, long changes) {}

    // ---- the rest --------------------------------------------------------------------------------

    public TenantStats stats() {
        return tenant.stats.snapshot();
    }

    /**
     * Back to the start state: initial presence, accounts and apps, no subscriptions, faults,
     * clock offset or statistics. Keys stay, so issued tokens remain valid while their principal exists.
     */
    public void reset() {
        tenant.reset();
    }

    static Set<String> permissions(Collection<String> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }
}
