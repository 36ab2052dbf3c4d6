package dev.switchboard.core.routing;

/**
 * Why an agent is not selectable for a service, in the order of DOMAIN.md §4: presence first,
 * then participation, then skills, then Switchboard's own state flags.
 */
public enum ReasonCode {
    // 1. presence
    PRESENCE_IN_A_CALL(1, "in a call (detailed presence)"),
    PRESENCE_PRESENTING(1, "presenting (detailed presence)"),
    PRESENCE_BUSY(1, "Busy is not distributed by this service"),
    PRESENCE_BUSY_COARSE(1, "Busy seen only through coarse presence, which may be a call; not distributed"),
    PRESENCE_IN_A_MEETING(1, "Busy – in a meeting is not distributed by this service"),
    PRESENCE_DO_NOT_DISTURB(1, "Do not disturb is not distributed by this service"),
    PRESENCE_AWAY(1, "Away is not distributed by this service"),
    PRESENCE_OFFLINE(1, "offline or presence unknown"),
    PRESENCE_AVAILABLE_EXCLUDED(1, "Available is not distributed by this service"),
    PRESENCE_OUT_OF_OFFICE(1, "out of office"),
    // 2. participation
    NOT_A_MEMBER(2, "not assigned to this service"),
    INACTIVE_IN_SERVICE(2, "switched inactive in this service"),
    OFF_DUTY(2, "off duty"),
    // 3. skills
    SKILL_MISSING(3, "lacks a required skill"),
    SKILL_LEVEL_TOO_LOW(3, "skill level below the level required now"),
    // 4. Switchboard's own state
    RINGING(4, "ringing for another call"),
    CONNECTED(4, "talking on a Switchboard call"),
    AFTER_CALL_WORK(4, "in after-call work"),
    RONA(4, "redirected on no answer (RONA)"),
    NOT_READY(4, "not ready"),
    IN_EXTERNAL_CALL(4, "in a call Switchboard did not route");

    private final int layer;
    private final String description;

    ReasonCode(int layer, String description) {
        this.layer = layer;
        this.description = description;
    }

    /** The eligibility layer (1 presence, 2 participation, 3 skills, 4 state flags). */
    public int layer() {
        return layer;
    }

    public String description() {
        return description;
    }
}
