package dev.switchboard.core.routing;

import java.util.List;

/**
 * Finds the agents to offer a call to, and the calls to consider in a dispatch pass. Two
 * implementations decide identically: {@link IndexedSelector} keeps per-service indexes updated
 * incrementally, {@link ScanningSelector} recomputes everything from {@link Eligibility#reasons}.
 */
interface CandidateSelector {

    /** Something about the agent changed that may change its selectability or ranking anywhere. */
    void agentChanged(AgentState agent);

    /** The agent started or stopped ringing ({@code agent.ringingFor} already tells which). */
    void ringingChanged(AgentState agent);

    /** One membership changed (active toggle). */
    void membershipChanged(Membership membership);

    /** The service's configuration or members changed: rebuild what depends on it. */
    void serviceRebuilt(ServiceState service);

    /** The service is gone. */
    void serviceRemoved(ServiceState service);

    /**
     * The selectable agents for the call, best first, at most {@code limit}, skipping agents that
     * already missed this call unless that leaves nobody.
     */
    Ranking rank(CallState call, int limit);

    /** How many agents are selectable for the service at this level. */
    int selectableCount(ServiceState service, int level);

    /** The waiting calls a dispatch pass must consider, in queue order across services. */
    List<CallState> callsToDispatch(RoutingCore.StateAccess state);

    /** Checks internal indexes against the truth; throws on disagreement. */
    void verify(RoutingCore.StateAccess state);

    /**
     * A ranking result.
     *
     * @param members the best agents' memberships in the call's service, best first
     * @param selectable how many agents are selectable for the service at the call's level
     * @param skippedTried whether agents that missed this call were skipped
     */
    record Ranking(List<Membership> members, int selectable, boolean skippedTried) {}
}
