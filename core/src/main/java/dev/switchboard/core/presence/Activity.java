package dev.switchboard.core.presence;

import java.util.Locale;

/** The activity half of a Teams presence: only visible with detailed presence. */
public enum Activity {
    AVAILABLE("Available"),
    AWAY("Away"),
    BE_RIGHT_BACK("BeRightBack"),
    BUSY("Busy"),
    DO_NOT_DISTURB("DoNotDisturb"),
    IN_A_CALL("InACall"),
    IN_A_CONFERENCE_CALL("InAConferenceCall"),
    INACTIVE("Inactive"),
    IN_A_MEETING("InAMeeting"),
    OFFLINE("Offline"),
    OFF_WORK("OffWork"),
    OUT_OF_OFFICE("OutOfOffice"),
    PRESENCE_UNKNOWN("PresenceUnknown"),
    PRESENTING("Presenting"),
    URGENT_INTERRUPTIONS_ONLY("UrgentInterruptionsOnly"),
    FOCUSING("Focusing"),
    /** A value this version does not know. */
    UNKNOWN("Unknown");

    private final String displayName;

    Activity(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    /** Parses a value case-insensitively; anything unseen (or null) becomes {@link #UNKNOWN}. */
    public static Activity parse(String value) {
        if (value == null) {
            return UNKNOWN;
        }
        String key = value.strip().toLowerCase(Locale.ROOT);
        for (Activity a : values()) {
            if (a.displayName.toLowerCase(Locale.ROOT).equals(key)
                    || a.name().toLowerCase(Locale.ROOT).equals(key)) {
                return a;
            }
        }
        return UNKNOWN;
    }

    /** True for activities that mean the person is talking to someone right now. */
    public boolean isCall() {
        return this == IN_A_CALL || this == IN_A_CONFERENCE_CALL;
    }
}
