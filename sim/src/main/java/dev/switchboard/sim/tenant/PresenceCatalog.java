package dev.switchboard.sim.tenant;

import java.util.List;

/**
 * The availability/activity pairs the tenant produces: every combination of graph.md §1.5 and the
 * other pairs Microsoft's examples show, in Graph's PascalCase, plus values a tolerant client must
 * survive (an unknown future activity and a camelCase variant).
 */
public final class PresenceCatalog {
    private PresenceCatalog() {}

    /** An availability/activity pair. */
    public record Pair(String availability, String activity) {}

    public static final Pair AVAILABLE = new Pair("Available", "Available");
    public static final Pair AVAILABLE_OUT_OF_OFFICE = new Pair("Available", "OutOfOffice");
    public static final Pair AVAILABLE_IDLE = new Pair("AvailableIdle", "Inactive");
    public static final Pair BUSY = new Pair("Busy", "Busy");
    public static final Pair IN_A_CALL = new Pair("Busy", "InACall");
    public static final Pair IN_A_CONFERENCE_CALL = new Pair("Busy", "InAConferenceCall");
    public static final Pair IN_A_MEETING = new Pair("Busy", "InAMeeting");
    public static final Pair BUSY_IDLE = new Pair("BusyIdle", "Inactive");
    public static final Pair DO_NOT_DISTURB = new Pair("DoNotDisturb", "DoNotDisturb");
    public static final Pair PRESENTING = new Pair("DoNotDisturb", "Presenting");
    public static final Pair URGENT_ONLY = new Pair("DoNotDisturb", "UrgentInterruptionsOnly");
    public static final Pair AWAY = new Pair("Away", "Away");
    public static final Pair AWAY_BE_RIGHT_BACK = new Pair("Away", "BeRightBack");
    public static final Pair BE_RIGHT_BACK = new Pair("BeRightBack", "BeRightBack");
    public static final Pair OFFLINE = new Pair("Offline", "Offline");
    public static final Pair OFF_WORK = new Pair("Offline", "OffWork");
    public static final Pair OFFLINE_OUT_OF_OFFICE = new Pair("Offline", "OutOfOffice");
    public static final Pair UNKNOWN = new Pair("PresenceUnknown", "PresenceUnknown");

    /** Not in the documented lists: a client must keep the raw value and not fail. */
    public static final Pair FOCUSING = new Pair("DoNotDisturb", "Focusing");

    public static final Pair FUTURE_ACTIVITY = new Pair("Busy", "InAHologramCall");

    /** All documented pairs. */
    public static final List<Pair> DOCUMENTED = List.of(
            AVAILABLE,
            AVAILABLE_OUT_OF_OFFICE,
            AVAILABLE_IDLE,
            BUSY,
            IN_A_CALL,
            IN_A_CONFERENCE_CALL,
            IN_A_MEETING,
            BUSY_IDLE,
            DO_NOT_DISTURB,
            PRESENTING,
            URGENT_ONLY,
            AWAY,
            AWAY_BE_RIGHT_BACK,
            BE_RIGHT_BACK,
            OFFLINE,
            OFF_WORK,
            OFFLINE_OUT_OF_OFFICE,
            UNKNOWN);

    /** The pair with both values in camelCase, as the 2024+ documentation text spells them. */
    public static Pair camelCase(Pair pair) {
        return new Pair(lowerFirst(pair.availability()), lowerFirst(pair.activity()));
    }

    private static String lowerFirst(String value) {
        return value.isEmpty() ? value : Character.toLowerCase(value.charAt(0)) + value.substring(1);
    }
}
