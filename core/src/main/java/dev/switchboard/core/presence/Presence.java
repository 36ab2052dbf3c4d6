package dev.switchboard.core.presence;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation of a person's presence from one source.
 *
 * @param availability what the person is (Available, Busy, ...)
 * @param activity what the person does (InACall, InAMeeting, ...); ignored for coarse presence
 * @param outOfOffice the out-of-office overlay ("Available, out of office")
 * @param fidelity whether the source sees the activity
 * @param source the name of the source that observed it, e.g. {@code presence-account:pa1}
 * @param sequence the source's lexicographically sortable version stamp, or null if it has none
 * @param observedAt when the source observed it
 */
public record Presence(
        Availability availability,
        Activity activity,
        boolean outOfOffice,
        Fidelity fidelity,
        String source,
        String sequence,
        Instant observedAt) {

    public Presence {
        Objects.requireNonNull(availability, "availability");
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(fidelity, "fidelity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(observedAt, "observedAt");
    }

    /** A detailed observation. */
    public static Presence detailed(
            Availability availability, Activity activity, String source, String sequence, Instant observedAt) {
        return new Presence(availability, activity, false, Fidelity.DETAILED, source, sequence, observedAt);
    }

    /** A coarse (federated) observation: availability only. */
    public static Presence coarse(Availability availability, String source, Instant observedAt) {
        return new Presence(availability, Activity.UNKNOWN, false, Fidelity.COARSE, source, null, observedAt);
    }

    public Presence withOutOfOffice(boolean value) {
        return new Presence(availability, activity, value, fidelity, source, sequence, observedAt);
    }

    /** Out of office from the overlay flag or the OutOfOffice activity. */
    public boolean appearsOutOfOffice() {
        return outOfOffice || (fidelity == Fidelity.DETAILED && activity == Activity.OUT_OF_OFFICE);
    }

    /**
     * True when this observation must not replace {@code current} in the same slot: its sequence
     * stamp is not newer (lexicographic, as Graph defines it — the stamp versions the presence
     * object itself, so it orders readings through different accounts too), or, without stamps,
     * it was observed earlier.
     */
    public boolean isStaleComparedTo(Presence current) {
        if (sequence != null && current.sequence != null) {
            return sequence.compareTo(current.sequence) <= 0;
        }
        return observedAt.isBefore(current.observedAt);
    }

    /** Same availability, activity and overlay. */
    public boolean sameState(Presence other) {
        return availability == other.availability
                && activity == other.activity
                && appearsOutOfOffice() == other.appearsOutOfOffice();
    }

    /** The group a distribution policy decides on. */
    public PresenceGroup group() {
        if (fidelity == Fidelity.DETAILED) {
            if (activity.isCall()) {
                return PresenceGroup.IN_A_CALL;
            }
            if (activity == Activity.PRESENTING) {
                return PresenceGroup.PRESENTING;
            }
        }
        switch (availability) {
            case AVAILABLE, AVAILABLE_IDLE -> {
                return PresenceGroup.AVAILABLE;
            }
            case BUSY, BUSY_IDLE -> {
                return fidelity == Fidelity.DETAILED && activity == Activity.IN_A_MEETING
                        ? PresenceGroup.IN_A_MEETING
                        : PresenceGroup.BUSY;
            }
            case DO_NOT_DISTURB -> {
                return PresenceGroup.DO_NOT_DISTURB;
            }
            case AWAY, BE_RIGHT_BACK -> {
                return PresenceGroup.AWAY;
            }
            case OFFLINE, PRESENCE_UNKNOWN -> {
                return PresenceGroup.OFFLINE;
            }
            case UNKNOWN -> {
                return fidelity == Fidelity.DETAILED ? groupOfActivity(activity) : PresenceGroup.OFFLINE;
            }
        }
        throw new AssertionError(availability);
    }

    /** For an availability this version does not know, the activity still tells a lot. */
    private static PresenceGroup groupOfActivity(Activity activity) {
        return switch (activity) {
            case AVAILABLE -> PresenceGroup.AVAILABLE;
            case BUSY -> PresenceGroup.BUSY;
            case IN_A_MEETING -> PresenceGroup.IN_A_MEETING;
            case IN_A_CALL, IN_A_CONFERENCE_CALL -> PresenceGroup.IN_A_CALL;
            case PRESENTING -> PresenceGroup.PRESENTING;
            case DO_NOT_DISTURB, FOCUSING, URGENT_INTERRUPTIONS_ONLY -> PresenceGroup.DO_NOT_DISTURB;
            case AWAY, BE_RIGHT_BACK, INACTIVE -> PresenceGroup.AWAY;
            case OFFLINE, OFF_WORK, OUT_OF_OFFICE, PRESENCE_UNKNOWN, UNKNOWN -> PresenceGroup.OFFLINE;
        };
    }

    /** A short human-readable form such as {@code Busy/InACall (detailed, presence-account:pa1)}. */
    public String describe() {
        String state = fidelity == Fidelity.DETAILED
                ? availability.displayName() + "/" + activity.displayName()
                : availability.displayName();
        return state + (appearsOutOfOffice() ? ", out of office" : "") + " ("
                + fidelity.name().toLowerCase() + ", " + source + ")";
    }
}
