package dev.switchboard.core.routing;

/** Why the core refused a command; nothing changed because of it. */
public record Rejection(Code code, String message) {
    public enum Code {
        UNKNOWN_SERVICE,
        UNKNOWN_AGENT,
        UNKNOWN_CALL,
        UNKNOWN_PROFILE,
        DUPLICATE_CALL,
        NOT_RINGING_FOR_AGENT,
        CALL_NOT_CONNECTED,
        NOT_IN_AFTER_CALL_WORK,
        NOT_A_MEMBER,
        SERVICE_IN_USE,
        AGENT_IN_USE,
        INVALID
    }
}
