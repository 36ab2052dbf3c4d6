package dev.switchboard.app.presence;

/** The presence configuration is wrong; the message names the field (e.g. {@code presence.accounts[0].password}). */
public final class PresenceConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;

    public PresenceConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
