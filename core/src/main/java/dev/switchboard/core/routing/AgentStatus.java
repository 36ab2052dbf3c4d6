package dev.switchboard.core.routing;

/** One word for what an agent is doing, as a supervisor would say it. Most specific first. */
public enum AgentStatus {
    CONNECTED,
    RINGING,
    AFTER_CALL_WORK,
    RONA,
    IN_EXTERNAL_CALL,
    NOT_READY,
    IN_A_CALL,
    PRESENTING,
    AVAILABLE,
    BUSY,
    IN_A_MEETING,
    DO_NOT_DISTURB,
    AWAY,
    OFFLINE
}
