package dev.switchboard.sim.tenant;

/** A user's presence as the tenant holds it, with its lexicographically sortable stamp. */
public record PresenceSnapshot(
        String id, String availability, String activity, boolean outOfOffice, String sequenceNumber) {}
