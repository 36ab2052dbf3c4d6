package dev.switchboard.sim.engine;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.sim.scenario.AgentGroupSpec;
import java.util.SplittableRandom;

/** One simulated agent: the plan of the day, and the ground truth of what it is doing now. */
final class SimAgent {
    final int index;
    final AgentId id;
    final AgentGroupSpec group;
    final SimService[] services;
    final AgentPlan plan;
    final SplittableRandom answerRandom;
    final SplittableRandom afterCallWorkRandom;
    final SplittableRandom latencyRandom;

    int planPosition;

    // ---- ground truth ----
    /** Within the shift (signed in, unless in an offline spell). */
    boolean onShift;
    /** The shift has ended; the agent signs out once its calls and queues are done. */
    boolean leaving;

    int offlineSpells;
    int meetings;
    /** Active manual statuses, by {@link AgentGroupSpec.ManualStatus} ordinal. */
    final int[] manual = new int[AgentGroupSpec.ManualStatus.values().length];

    /** The Switchboard call the agent is talking in, or null. */
    SimCall switchboardCall;
    /** In a personal call Switchboard did not route. */
    boolean personalCall;
    /** When the current call (of either kind) started. */
    long callStartedAt;
    /** The call ringing on the agent and the token of that offer. */
    SimCall ringing;

    long ringToken;

    // ---- presence ----
    Availability truthAvailability;
    Activity truthActivity;
    /** Bumped at every change of the real presence. */
    long truthVersion;
    /** The truth version at which the current call became visible in presence. */
    long callVersion;
    /** Per fidelity (DETAILED, COARSE): the newest truth version the core has heard of. */
    final long[] known = new long[2];
    /** The last coarse observation sent, while it is still on its way (null once delivered). */
    PresenceDelivery coarseInFlight;

    Availability lastCoarseSent;
    /**
     * When the coarse source last observed the agent. Coarse readings carry no sequence stamp, so
     * the core orders them by this time: two changes in one instant get times a nanosecond apart,
     * or a late-arriving earlier one could not be told from the later one.
     */
    long lastCoarseObserved = Long.MIN_VALUE;

    long detailedSequence;

    // ---- wrap-up ----
    boolean inAfterCallWork;
    CallId afterCallWorkCall;
    long afterCallWorkToken;
    long afterCallWorkExtension;

    SimAgent(
            int index,
            AgentId id,
            AgentGroupSpec group,
            SimService[] services,
            AgentPlan plan,
            SplittableRandom answerRandom,
            SplittableRandom afterCallWorkRandom,
            SplittableRandom latencyRandom) {
        this.index = index;
        this.id = id;
        this.group = group;
        this.services = services;
        this.plan = plan;
        this.answerRandom = answerRandom;
        this.afterCallWorkRandom = afterCallWorkRandom;
        this.latencyRandom = latencyRandom;
    }

    boolean signedIn() {
        return onShift && offlineSpells == 0;
    }

    boolean inAnyCall() {
        return switchboardCall != null || personalCall;
    }

    boolean manual(AgentGroupSpec.ManualStatus status) {
        return manual[status.ordinal()] > 0;
    }
}
