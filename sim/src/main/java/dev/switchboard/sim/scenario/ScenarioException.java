package dev.switchboard.sim.scenario;

/** A scenario (file, built-in name or command-line value) is not usable; {@link #field()} names where. */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public ScenarioException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
