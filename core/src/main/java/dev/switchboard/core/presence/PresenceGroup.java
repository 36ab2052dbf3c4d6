package dev.switchboard.core.presence;

/**
 * The groups a service's distribution policy decides on. The last two are never distributable:
 * they are the hard rule "never offer a call to someone who is in one".
 */
public enum PresenceGroup {
    AVAILABLE,
    BUSY,
    /** Busy because of a calendar meeting; only distinguishable with detailed presence. */
    IN_A_MEETING,
    DO_NOT_DISTURB,
    AWAY,
    OFFLINE,
    /** In a call or conference call (detailed activity). Never distributed. */
    IN_A_CALL,
    /** Presenting / sharing the screen. Never distributed. */
    PRESENTING;

    /** Whether a policy may ever distribute to this group. */
    public boolean configurable() {
        return this != IN_A_CALL && this != PRESENTING;
    }
}
