package dev.switchboard.engine;

/** The engine's bounded inbox is full: the caller should back off and retry. */
public final class EngineOverloadedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EngineOverloadedException(String message) {
        super(message);
    }
}
