package dev.switchboard.core.routing;

/** One reason an agent is not selectable, with a detail such as "Busy/InACall (detailed, pa1)". */
public record Reason(ReasonCode code, String detail) {
    @Override
    public String toString() {
        return detail == null || detail.isEmpty() ? code.name() : code.name() + " (" + detail + ")";
    }
}
