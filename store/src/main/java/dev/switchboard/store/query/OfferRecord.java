package dev.switchboard.store.query;

import dev.switchboard.core.event.Explanation;
import java.time.Instant;
import java.util.List;

/**
 * One offer of a call, the agents it rang on and why them.
 *
 * @param key the journal sequence of the CallOffered event
 * @param level the call's escalation level when it was offered
 */
public record OfferRecord(
        long key, Instant offeredAt, Instant expiresAt, int level, Explanation explanation, List<OfferResult> agents) {
    public OfferRecord {
        agents = List.copyOf(agents);
    }
}
