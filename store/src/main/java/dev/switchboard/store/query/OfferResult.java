package dev.switchboard.store.query;

import dev.switchboard.core.model.AgentId;
import java.time.Duration;
import java.time.Instant;

/**
 * How an offer ended for one agent.
 *
 * @param result ACCEPTED, DECLINED, EXPIRED or CANCELLED; null while it rings
 * @param cancelReason for CANCELLED: ANSWERED_ELSEWHERE, CALLER_HUNG_UP, TIMED_OUT, PREEMPTED, AGENT_UNAVAILABLE
 * @param rona whether the agent went into RONA because of it
 */
public record OfferResult(
        AgentId agent, String result, String cancelReason, Instant endedAt, Duration ringTime, boolean rona) {}
