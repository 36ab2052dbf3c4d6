package dev.switchboard.core.event;

/** How an agent left RONA. */
public enum RonaClearReason {
    EXPIRED,
    MANUAL,
    OFFLINE,
    OFF_DUTY
}
