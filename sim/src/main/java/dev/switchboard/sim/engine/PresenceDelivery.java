package dev.switchboard.sim.engine;

import dev.switchboard.core.presence.Presence;

/** A presence observation on its way to the core, and the truth version it brings. */
final class PresenceDelivery {
    final SimAgent agent;
    final Presence presence;
    long version;

    PresenceDelivery(SimAgent agent, Presence presence, long version) {
        this.agent = agent;
        this.presence = presence;
        this.version = version;
    }
}
