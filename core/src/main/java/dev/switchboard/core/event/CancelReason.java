package dev.switchboard.core.event;

/** Why an offer stopped ringing without the agent's doing. */
public enum CancelReason {
    /** Another agent of the same broadcast accepted first. */
    ANSWERED_ELSEWHERE,
    /** The caller hung up. */
    CALLER_HUNG_UP,
    /** The call reached its max wait. */
    TIMED_OUT,
    /** A higher-priority call took this agent out of a lower-priority broadcast. */
    PREEMPTED,
    /** The agent can no longer take it (went offline, off duty, was removed, ...). */
    AGENT_UNAVAILABLE
}
