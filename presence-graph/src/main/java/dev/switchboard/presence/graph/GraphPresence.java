package dev.switchboard.presence.graph;

/**
 * A presence as Graph sends it, before mapping to the core's model.
 *
 * @param userId the Entra user object id
 * @param availability the raw availability string
 * @param activity the raw activity string (null from a coarse source)
 * @param outOfOffice {@code outOfOfficeSettings.isOutOfOffice}
 * @param sequenceNumber the version stamp, or null
 */
public record GraphPresence(
        String userId, String availability, String activity, boolean outOfOffice, String sequenceNumber) {}
