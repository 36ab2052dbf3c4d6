package dev.switchboard.bench;

import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.report.ModeResult;
import dev.switchboard.sim.report.SimulationReport;
import dev.switchboard.sim.scenario.LoadedScenario;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated calls per wall-clock second of the plain M/M/c simulation ({@code Simulator.plain}):
 * 100 agents always Available, DIRECT distribution, exponential handle time of 300 s, 1,020
 * calls per hour (85 % occupancy), 10 simulated hours (about 10,000 calls) per run, every call
 * through the real routing core on virtual time. One invocation is one whole run, scenario
 * building included; the {@code calls} counter (calls offered by the simulation) over the measured
 * time is the figure: JMH reports it as a secondary metric in calls/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 2,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class SimulatorBenchmark {

    /** Simulated calls, counted per measured iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long calls;

        @Setup(Level.Iteration)
        public void reset() {
            calls = 0;
        }
    }

    private long seed;

    @Benchmark
    public ModeResult mmc(Counters counters) {
        LoadedScenario scenario = Simulator.plain(100, 1_020, 300, 10, 20, null, ++seed);
        SimulationReport report = Simulator.run(scenario, Simulator.Progress.NONE);
        ModeResult result = report.modes().get(0);
        counters.calls += result.calls().offered();
        return result;
    }
}
