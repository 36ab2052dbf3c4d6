package dev.switchboard.core.presence;

import java.util.Locale;

/** The availability half of a Teams presence: what a coarse (federated) viewer also sees. */
public enum Availability {
    AVAILABLE("Available"),
    AVAILABLE_IDLE("AvailableIdle"),
    AWAY("Away"),
    BE_RIGHT_BACK("BeRightBack"),
    BUSY("Busy"),
    BUSY_IDLE("BusyIdle"),
    DO_NOT_DISTURB("DoNotDisturb"),
    OFFLINE("Offline"),
    PRESENCE_UNKNOWN("PresenceUnknown"),
    /** A value this version does not know; treated conservatively (not distributable). */
    UNKNOWN("Unknown");

    private final String displayName;

    Availability(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Parses a value case-insensitively; anything unseen (or null) becomes {@link #UNKNOWN}. */
    public static Availability parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String key = value.strip().toLowerCase(Locale.ROOT);
        for (Availability a : values()) {
            if (a.displayName.toLowerCase(Locale.ROOT).equals(key)
                    || a.name().toLowerCase(Locale.ROOT).equals(key)) {
                return a;
            }
        }
        return UNKNOWN;
    }
}
