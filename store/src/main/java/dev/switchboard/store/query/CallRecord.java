package dev.switchboard.store.query;

import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.ServiceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One call as the history keeps it, with its offers when looked up by id.
 *
 * @param key the journal sequence of the call's first event; unique per tenant
 * @param outcome COMPLETED, ABANDONED, OVERFLOWED, TIMED_OUT or REJECTED; null while active
 * @param reason ABANDONED: IN_QUEUE or WHILE_RINGING; REJECTED: CLOSED or NO_AGENTS; else null
 * @param actionType the action the call left by (DISCONNECT, FORWARD, VOICEMAIL), or null
 * @param queueTime arrival until answered, or until it left unanswered; null while waiting
 * @param offers the offers in the order they rang (empty in listings)
 */
public record CallRecord(
        long key,
        CallId call,
        ServiceId service,
        String priority,
        String caller,
        Instant arrivedAt,
        Duration serviceLevelTarget,
        int offeredCount,
        Instant firstOfferedAt,
        int maxLevel,
        int ronaCount,
        Instant answeredAt,
        AgentId answeredBy,
        Duration queueTime,
        Duration talkTime,
        Instant endedAt,
        String outcome,
        String reason,
        String actionType,
        String actionTarget,
        List<OfferRecord> offers) {
    public CallRecord {
        offers = List.copyOf(offers);
    }
}
