package dev.switchboard.core.routing;

import dev.switchboard.core.presence.PresenceGroup;

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
    OFFLINE;

    /**
     * The status from Switchboard's own flags, then the presence group that counts. The one
     * place this rule lives: the core's views and the store's history both use it.
     */
    public static AgentStatus of(
            boolean connected,
            boolean ringing,
            boolean afterCallWork,
            boolean rona,
            boolean externalCall,
            boolean notReady,
            PresenceGroup group) {
        if (connected) {
            return CONNECTED;
        }
        if (ringing) {
            return RINGING;
        }
        if (afterCallWork) {
            return AFTER_CALL_WORK;
        }
        if (rona) {
            return RONA;
        }
        if (externalCall) {
            return IN_EXTERNAL_CALL;
        }
        if (notReady) {
            return NOT_READY;
        }
        return switch (group) {
            case AVAILABLE -> AVAILABLE;
            case BUSY -> BUSY;
            case IN_A_MEETING -> IN_A_MEETING;
            case DO_NOT_DISTURB -> DO_NOT_DISTURB;
            case AWAY -> AWAY;
            case OFFLINE -> OFFLINE;
            case IN_A_CALL -> IN_A_CALL;
            case PRESENTING -> PRESENTING;
        };
    }
}
