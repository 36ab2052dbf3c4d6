package dev.switchboard.core.model;

/** What "longest idle" measures. Peers disagree on it, so it is explicit here. */
public enum IdleClock {
    /** Since the agent's last Switchboard call ended, including after-call work. */
    SINCE_LAST_CALL,
    /** Since the agent's presence last changed to its current group. */
    SINCE_AVAILABLE,
    /** Since the agent was last offered a call, answered or not. */
    SINCE_LAST_OFFER
}
