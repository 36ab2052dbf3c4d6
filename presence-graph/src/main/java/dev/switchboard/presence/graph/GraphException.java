package dev.switchboard.presence.graph;

/** A Graph call failed with an HTTP status (0 when no answer came). */
public final class GraphException extends PresenceSourceException {
    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final String graphCode;

    public GraphException(Failure failure, int httpStatus, String graphCode) {
        super(failure);
        this.httpStatus = httpStatus;
        this.graphCode = graphCode == null ? "" : graphCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Graph's {@code error.code}, e.g. {@code Forbidden}; empty if none. */
    public String graphCode() {
        return graphCode;
    }
}
