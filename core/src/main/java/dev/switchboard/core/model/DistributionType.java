package dev.switchboard.core.model;

/** How a service picks among the agents selectable for a call. */
public enum DistributionType {
    /** Offer to the single longest-idle agent. */
    DIRECT(false),
    /** Ring a batch of the longest-idle agents at once; the first to accept wins; no RONA. */
    BROADCAST(true),
    /** Offer to one agent at a time in the fixed order of the member list. */
    SERIAL(false),
    /** Offer to one agent at a time, continuing after the agent offered last. */
    ROUND_ROBIN(false),
    /** Ring every selectable agent at once; the first to accept wins; no RONA. */
    RING_ALL(true),
    /** Offer to the agent with the best skill levels; the longest idle breaks ties. */
    SKILL_WEIGHTED(false);

    private final boolean parallel;

    DistributionType(boolean parallel) {
        this.parallel = parallel;
    }

    /** Whether several agents ring at once (and RONA therefore does not apply). */
    public boolean parallel() {
        return parallel;
    }
}
