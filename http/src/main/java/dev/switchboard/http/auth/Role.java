package dev.switchboard.http.auth;

import java.util.Locale;

/** What a token may do; see docs/API.md for the table of routes per role. */
public enum Role {
    /** Everything, including configuration. */
    ADMIN,
    /** Read everything; agent actions for any agent. */
    SUPERVISOR,
    /** Act for one agent only: its own actions, its offers, its view. */
    AGENT,
    /** Call control from a telephony front end. */
    TELEPHONY;

    /** The lower-case name used in configuration and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a role name case-insensitively. */
    public static Role parse(String value) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(value == null ? "" : value.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "' (admin, supervisor, agent, telephony)");
    }
}
