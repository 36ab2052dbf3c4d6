package dev.switchboard.presence.graph;

/** A sign-in or Graph call failed; the message is the classified label and detail, never a secret. */
public class PresenceSourceException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Failure failure;

    public PresenceSourceException(Failure failure) {
        super(failure.label() + (failure.detail().isEmpty() ? "" : ": " + failure.detail()));
        this.failure = failure;
    }

    public Failure failure() {
        return failure;
    }
}
