package dev.switchboard.core.event;

/** Why a call was turned away on arrival. */
public enum RejectReason {
    /** Outside opening hours, a holiday, or a closed special day. */
    CLOSED,
    /** No agent is staffed (on duty, active, not offline) and the no-agents action is not QUEUE. */
    NO_AGENTS
}
