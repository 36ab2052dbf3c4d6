package dev.switchboard.sim.scenario;

import dev.switchboard.sim.random.Distribution;
import java.time.Duration;

/**
 * Where the core's presence comes from.
 *
 * @param source which source(s) report
 * @param latency delay between a change of an agent's real state and the core hearing of it
 * @param reportsSwitchboardCalls whether Teams presence shows calls routed by Switchboard itself
 *     (it does in reality; the plain M/M/c case switches it off: agents stay Available)
 * @param failure for {@link Source#DETAILED_FAILING}: when detailed tracking fails and returns
 */
public record PresenceSpec(Source source, Distribution latency, boolean reportsSwitchboardCalls, Failure failure) {

    public enum Source {
        /** Presence accounts: availability and activity ("Busy – In a call"). */
        DETAILED,
        /** Federation: availability only ("Busy"). */
        COARSE,
        /** Both report; detailed fails at {@code failure.at} and returns at {@code failure.until}. */
        DETAILED_FAILING
    }

    /**
     * @param day the day (1-based) of the failure
     * @param at clock time detailed tracking fails
     * @param until clock time it returns
     * @param reason the reason reported to the core
     */
    public record Failure(int day, Duration at, Duration until, String reason) {}
}
