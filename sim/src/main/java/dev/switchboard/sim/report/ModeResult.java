package dev.switchboard.sim.report;

import dev.switchboard.core.kpi.CallKpis;
import dev.switchboard.core.kpi.KpiReport;
import dev.switchboard.sim.erlang.Prediction;
import java.time.Duration;

/**
 * The outcome of simulating one mode.
 *
 * @param kpis call and agent figures after every call has ended
 * @param occupancy occupancy of all agents over the open hours (measured when the last day closes,
 *     so the agents' idle time while the last calls drain does not count)
 * @param erlang the queueing-theory prediction for the same parameters, or null when none applies
 * @param failover the calls that arrived while detailed tracking was down, or null
 * @param simulated virtual time covered, from the first opening to the last call's end
 * @param wallSeconds wall-clock time the run took (excluding loading)
 * @param cpuSeconds CPU time of the simulating thread (NaN where the JVM cannot tell): unlike wall
 *     time, it does not grow when other processes compete for the machine
 * @param coreCommands commands sent to the core
 * @param coreEvents events the core emitted
 */
public record ModeResult(
        String mode,
        String description,
        long seed,
        KpiReport kpis,
        double occupancy,
        GroundTruth truth,
        Prediction erlang,
        CallKpis failover,
        Duration simulated,
        double wallSeconds,
        double cpuSeconds,
        long coreCommands,
        long coreEvents) {

    public CallKpis calls() {
        return kpis.allCalls();
    }

    /** Simulated calls (offered) per CPU second of the simulating thread. */
    public double callsPerCpuSecond() {
        return cpuSeconds > 0 ? calls().offered() / cpuSeconds : Double.NaN;
    }

    /** Simulated calls (offered) per wall-clock second. */
    public double callsPerWallSecond() {
        return wallSeconds <= 0 ? Double.NaN : calls().offered() / wallSeconds;
    }
}
