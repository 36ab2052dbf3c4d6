package dev.switchboard.store.query;

import dev.switchboard.core.model.ServiceId;
import java.time.Duration;
import java.time.Instant;

/**
 * Key figures of one service over the calls that arrived in {@code [from, to)}. Definitions in
 * docs/STORAGE.md; ratios and averages are null when their denominator is zero.
 *
 * @param offered calls that arrived at the service, including those rejected on arrival
 * @param queued calls that entered the queue and stayed in it (offered less rejected and overflowed)
 * @param handled calls an agent answered
 * @param abandoned callers who hung up before being answered (in the queue or while ringing)
 * @param abandonedWhileRinging the part of {@code abandoned} that hung up while an offer rang
 * @param overflowed calls that found the queue full
 * @param timedOut calls that waited the service's max wait
 * @param rejected calls turned away on arrival (closed, no agents)
 * @param active calls that have not ended yet
 * @param answeredWithinTarget handled calls answered within the service-level target in force at arrival
 * @param serviceLevel answeredWithinTarget / offered
 * @param averageSpeedOfAnswer mean time from arrival to answer over handled calls
 * @param averageQueueTime mean time in queue over queued calls that left the queue (answered or not)
 * @param talkTime total talk time of completed calls
 * @param averageTalkTime talkTime / completed calls
 * @param reachability handled / queued
 * @param ronaCount offers of this service's calls that put an agent into RONA
 * @param teamOccupancy handling time / staffed time of the service's current members over the range
 */
public record ServiceKpis(
        ServiceId service,
        Instant from,
        Instant to,
        long offered,
        long queued,
        long handled,
        long abandoned,
        long abandonedWhileRinging,
        long overflowed,
        long timedOut,
        long rejected,
        long active,
        long answeredWithinTarget,
        Double serviceLevel,
        Duration averageSpeedOfAnswer,
        Duration averageQueueTime,
        Duration talkTime,
        Duration averageTalkTime,
        Double reachability,
        long ronaCount,
        Double teamOccupancy) {}
