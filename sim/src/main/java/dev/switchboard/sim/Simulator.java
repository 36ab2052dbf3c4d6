package dev.switchboard.sim;

import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.IdleClock;
import dev.switchboard.core.model.QueueSettings;
import dev.switchboard.core.model.RonaSettings;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.sim.engine.Simulation;
import dev.switchboard.sim.erlang.ErlangA;
import dev.switchboard.sim.erlang.ErlangC;
import dev.switchboard.sim.erlang.Prediction;
import dev.switchboard.sim.random.Distribution;
import dev.switchboard.sim.report.ModeResult;
import dev.switchboard.sim.report.SimulationReport;
import dev.switchboard.sim.scenario.AgentGroupSpec;
import dev.switchboard.sim.scenario.LoadedScenario;
import dev.switchboard.sim.scenario.PresenceSpec;
import dev.switchboard.sim.scenario.ScenarioException;
import dev.switchboard.sim.scenario.ScenarioSpec;
import dev.switchboard.sim.scenario.ServiceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Runs scenarios; builds the plain M/M/c set-up; says which queueing model applies to a set-up. */
public final class Simulator {
    private Simulator() {}

    /** Told about progress: which mode (0-based, of how many), how far through its open hours. */
    @FunctionalInterface
    public interface Progress {
        void update(String mode, int index, int modes, double fraction, long calls);

        Progress NONE = (mode, index, modes, fraction, calls) -> {};
    }

    /** Runs every mode of the scenario, one after the other, each with the scenario's seed. */
    public static SimulationReport run(LoadedScenario scenario, Progress progress) {
        Progress p = progress == null ? Progress.NONE : progress;
        List<ModeResult> results = new ArrayList<>();
        List<LoadedScenario.Mode> modes = scenario.modes();
        for (int i = 0; i < modes.size(); i++) {
            LoadedScenario.Mode mode = modes.get(i);
            int index = i;
            Simulation.Progress each = (fraction, calls) -> p.update(mode.name(), index, modes.size(), fraction, calls);
            results.add(
                    new Simulation(mode.name(), mode.description(), mode.spec(), prediction(mode.spec()), each).run());
        }
        long seed = modes.get(0).spec().seed();
        return new SimulationReport(scenario.name(), scenario.description(), scenario.hasModes(), seed, results);
    }

    /** Runs one set-up. */
    public static ModeResult run(String name, ScenarioSpec spec) {
        return new Simulation(name, "", spec, prediction(spec), Simulation.Progress.NONE).run();
    }

    /**
     * The plain M/M/c case: one service, every agent Available all the time, offers accepted at
     * once, no after-call work, longest idle first, exponential handle times, and exponential
     * patience only if {@code patienceSeconds} is given. The core's queue limits apply at their
     * maximum: 200 waiting calls, 2,700 s wait.
     */
    public static LoadedScenario plain(
            int agents,
            double callsPerHour,
            double handleSeconds,
            double hours,
            double targetSeconds,
            Double patienceSeconds,
            long seed) {
        require(agents >= 1 && agents <= 100_000, "--agents", "must be between 1 and 100000 (was " + agents + ")");
        require(
                callsPerHour > 0 && callsPerHour <= 1e7,
                "--calls-per-hour",
                "must be a number above 0 and at most 10000000 (was " + callsPerHour + ")");
        require(
                handleSeconds > 0 && handleSeconds <= 86400,
                "--handle-seconds",
                "must be a number above 0 and at most 86400 (was " + handleSeconds + ")");
        require(hours > 0 && hours <= 24 * 366, "--hours", "must be above 0 and at most 8784 (was " + hours + ")");
        require(
                targetSeconds >= 1 && targetSeconds <= 3600,
                "--target-seconds",
                "must be between 1 and 3600 (was " + targetSeconds + ")");
        require(
                patienceSeconds == null || (patienceSeconds > 0 && patienceSeconds <= 86400),
                "--patience-seconds",
                "must be a number above 0 and at most 86400 (was " + patienceSeconds + ")");
        ServiceConfig config = ServiceConfig.builder("mmc")
                .name("M/M/c")
                .distributionType(DistributionType.DIRECT)
                .idleClock(IdleClock.SINCE_LAST_CALL)
                .afterCallWork(Duration.ZERO)
                .rona(RonaSettings.disabled())
                .serviceLevelTarget(Duration.ofNanos(Math.round(targetSeconds * 1e9)))
                .queue(new QueueSettings(
                        QueueSettings.MAX_QUEUE_SIZE,
                        CallAction.DISCONNECT,
                        QueueSettings.MAX_WAIT,
                        CallAction.DISCONNECT,
                        CallAction.QUEUE))
                .build();
        Distribution patience =
                patienceSeconds == null ? new Distribution.Never() : Distribution.Exponential.withMean(patienceSeconds);
        ServiceSpec service = new ServiceSpec(
                config,
                callsPerHour,
                Collections.nCopies(24, 1.0),
                Distribution.Exponential.withMean(handleSeconds),
                patience);
        AgentGroupSpec group = new AgentGroupSpec(
                "agent",
                agents,
                List.of("mmc"),
                null,
                null,
                new AgentGroupSpec.AnswerSpec(new Distribution.Fixed(0), 0),
                null,
                null,
                List.of(),
                null,
                List.of(),
                null,
                AgentGroupSpec.InCallReaction.IGNORE,
                new Distribution.Fixed(3));
        PresenceSpec presence = new PresenceSpec(PresenceSpec.Source.DETAILED, new Distribution.Fixed(0), false, null);
        ScenarioSpec spec = new ScenarioSpec(
                seed,
                Duration.ZERO,
                Duration.ofNanos(Math.round(hours * 3600e9)),
                1,
                Duration.ZERO,
                null,
                List.of(service),
                List.of(group),
                presence);
        String description = String.format(
                java.util.Locale.ROOT,
                "M/M/c: %d agents, %s calls/h, exponential handle time with mean %s s, %s h%s",
                agents,
                fmt(callsPerHour),
                fmt(handleSeconds),
                fmt(hours),
                patienceSeconds == null ? "" : ", exponential patience with mean " + fmt(patienceSeconds) + " s");
        return new LoadedScenario(
                "mmc", description, false, List.of(new LoadedScenario.Mode("mmc", description, spec)));
    }

    /**
     * Erlang C (or Erlang A with exponential patience) for a set-up that is an M/M/N queue: one
     * service on a flat arrival rate, exponential handle time, work-conserving distribution to
     * Available agents, offers answered at once, no after-call work, agents who do nothing else
     * all day, and presence that never hides an agent. Null for anything else.
     */
    public static Prediction prediction(ScenarioSpec spec) {
        if (spec.services().size() != 1 || spec.days() != 1) {
            return null;
        }
        ServiceSpec s = spec.services().get(0);
        ServiceConfig c = s.config();
        boolean exponentialHandle =
                s.handleTime() instanceof Distribution.Exponential e && Double.isInfinite(e.capSeconds());
        boolean patienceOk = s.patience() instanceof Distribution.Never
                || (s.patience() instanceof Distribution.Exponential p && Double.isInfinite(p.capSeconds()));
        boolean oneAtATime = !c.distributionType().parallel() && c.escalation().isEmpty() && !c.requiresDuty();
        if (!exponentialHandle
                || !patienceOk
                || !s.flatProfile()
                || !oneAtATime
                || !c.afterCallWork().isZero()
                || c.openingHours() != null
                || !c.policy().distributes(PresenceGroup.AVAILABLE)) {
            return null;
        }
        PresenceSpec presence = spec.presence();
        boolean zeroLatency = presence.latency() instanceof Distribution.Fixed f && f.seconds() == 0;
        if (presence.source() == PresenceSpec.Source.DETAILED_FAILING
                || (presence.reportsSwitchboardCalls() && !zeroLatency)) {
            return null;
        }
        for (AgentGroupSpec g : spec.agentGroups()) {
            if (!g.plain() || g.shiftStart() != null || g.shiftEnd() != null) {
                return null;
            }
        }
        int agents = spec.agentCount();
        double lambda = s.callsPerHour() * s.hourlyProfile().get(0) / 3600;
        double target = c.serviceLevelTarget().toNanos() / 1e9;
        if (lambda <= 0) {
            return null;
        }
        if (s.patience() instanceof Distribution.Exponential p) {
            return ErlangA.predict(agents, lambda, s.handleTime().meanSeconds(), p.meanSeconds(), target);
        }
        return ErlangC.predict(agents, lambda, s.handleTime().meanSeconds(), target);
    }

    private static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new ScenarioException(field, problem);
        }
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }
}
