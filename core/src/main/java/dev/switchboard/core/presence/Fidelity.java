package dev.switchboard.core.presence;

/** How much of a presence a source can see. */
public enum Fidelity {
    /** Availability and activity, as users inside the organisation see it ("Busy – In a call"). */
    DETAILED,
    /** Availability only, as a federated viewer sees it ("Busy"). */
    COARSE
}
