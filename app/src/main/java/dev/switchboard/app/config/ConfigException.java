package dev.switchboard.app.config;

/** The configuration is wrong; the message names the field (e.g. {@code presence.accounts[0].password}). */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;

    public ConfigException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
