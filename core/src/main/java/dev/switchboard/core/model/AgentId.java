package dev.switchboard.core.model;

/** Identifies a agent; any non-blank string chosen by the caller. */
public record AgentId(String value) implements Comparable<AgentId> {
    public AgentId {
        Validation.requireId(value, "agentId");
    }

    public static AgentId of(String value) {
        return new AgentId(value);
    }

    @Override
    public int compareTo(AgentId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
