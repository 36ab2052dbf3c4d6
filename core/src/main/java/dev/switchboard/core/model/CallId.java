package dev.switchboard.core.model;

/** Identifies a call; any non-blank string chosen by the caller. */
public record CallId(String value) implements Comparable<CallId> {
    public CallId {
        Validation.requireId(value, "callId");
    }

    public static CallId of(String value) {
        return new CallId(value);
    }

    @Override
    public int compareTo(CallId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
