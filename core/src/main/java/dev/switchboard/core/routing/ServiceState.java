package dev.switchboard.core.routing;

import dev.switchboard.core.model.ServiceConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Mutable state of one service: its configuration, members, waiting calls and indexes. */
final class ServiceState {
    ServiceConfig config;

    // Derived from the configuration by setConfig(), so the hot path needs no lookups.
    int distributedMask;
    boolean coarseBusy;
    boolean offerWhenOutOfOffice;
    boolean requiresDuty;
    String rule;
    /** The members in position order (an agent's own list finds its membership by service). */
    final List<Membership> members = new ArrayList<>();
    /** Waiting (not ringing) calls in queue order. */
    final TreeSet<CallState> waiting = new TreeSet<>(CallState.QUEUE_ORDER);
    /** Calls of this service that are ringing or connected. */
    int ringingCalls;

    int connectedCalls;
    /** Position of the member ROUND_ROBIN offered last; -1 before the first offer. */
    int roundRobinPointer = -1;

    /** Per escalation level, the selectable agents in distribution order (indexed selector only). */
    @SuppressWarnings("unchecked")
    TreeSet<IndexEntry>[] index = new TreeSet[0];

    /** Per escalation level, how many entries of {@link #index} belong to ringing agents. */
    int[] ringingInIndex = new int[0];

    /** Marked when something may have made an offer possible in this service. */
    boolean dirty;

    /** Escalation levels (bits) at which a call found nobody in dispatch pass {@code exhaustedPass}. */
    long exhaustedLevels;

    long exhaustedPass;

    ServiceState(ServiceConfig config) {
        setConfig(config);
    }

    void setConfig(ServiceConfig config) {
        this.config = config;
        int mask = 0;
        for (dev.switchboard.core.presence.PresenceGroup g : config.policy().distributed()) {
            mask |= 1 << g.ordinal();
        }
        distributedMask = mask;
        coarseBusy = config.policy().coarseBusy();
        offerWhenOutOfOffice = config.policy().offerWhenOutOfOffice();
        requiresDuty = config.requiresDuty();
        rule = rule(config);
    }

    /** The ranking rule in words, for explanations. */
    private static String rule(ServiceConfig config) {
        String idle = "idle "
                + config.idleClock().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return switch (config.distributionType()) {
            case DIRECT -> "longest " + idle;
            case BROADCAST -> "the " + config.batchSize() + " longest " + idle;
            case RING_ALL -> "ring all selectable, longest " + idle + " first";
            case SERIAL -> "first selectable in the fixed member order";
            case ROUND_ROBIN -> "next selectable in member order after the agent offered last";
            case SKILL_WEIGHTED -> "highest skill levels, then longest " + idle;
        };
    }

    int activeCalls() {
        return waiting.size() + ringingCalls + connectedCalls;
    }
}
