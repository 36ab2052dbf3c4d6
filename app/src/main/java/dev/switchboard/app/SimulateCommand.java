package dev.switchboard.app;

import dev.switchboard.sim.Simulator;
import dev.switchboard.sim.report.JsonReport;
import dev.switchboard.sim.report.SimulationReport;
import dev.switchboard.sim.report.TextReport;
import dev.switchboard.sim.scenario.LoadedScenario;
import dev.switchboard.sim.scenario.ScenarioException;
import dev.switchboard.sim.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard simulate}: runs the real routing core on virtual time, either the plain M/M/c
 * case from a few numbers or a scenario (built-in or YAML file), and compares with Erlang C/A.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Simulate a contact centre on virtual time, driving the real routing core, and compare with Erlang C/A.",
            "",
            "Plain M/M/c: --agents N --calls-per-hour X --handle-seconds H --hours T [--patience-seconds P]",
            "Scenario:    --scenario NAME_OR_FILE [--set PATH=VALUE ...]   (built-in: presence-dilemma, textbook,"
                    + " impatient)",
            "See docs/SIMULATOR.md for the scenario format and what every figure means."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the simulation ran", "1:an unexpected error", "2:bad input (the message names the field)"})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--agents", paramLabel = "N", description = "M/M/c: number of agents, all Available all the time.")
    Integer agents;

    @Option(names = "--calls-per-hour", paramLabel = "X", description = "M/M/c: Poisson arrival rate.")
    Double callsPerHour;

    @Option(
            names = "--handle-seconds",
            paramLabel = "H",
            description = "M/M/c: mean of the exponential handle (talk) time.")
    Double handleSeconds;

    @Option(names = "--hours", paramLabel = "T", description = "M/M/c: simulated hours of arrivals.")
    Double hours;

    @Option(
            names = "--target-seconds",
            paramLabel = "S",
            description = "M/M/c: service level target (default: ${DEFAULT-VALUE}).",
            defaultValue = "20")
    double targetSeconds;

    @Option(
            names = "--patience-seconds",
            paramLabel = "P",
            description = "M/M/c: mean of the callers' exponential patience; without it nobody hangs up.")
    Double patienceSeconds;

    @Option(
            names = "--scenario",
            paramLabel = "NAME_OR_FILE",
            description = "A built-in scenario or a scenario YAML file.")
    String scenario;

    @Option(
            names = "--set",
            paramLabel = "PATH=VALUE",
            description = "Override a scenario value, e.g. --set presence.latency=0 --set day.days=5 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "SEED", description = "Random seed (default: 1, or the scenario's own).")
    Long seed;

    @Option(names = "--json", description = "Print one JSON object instead of the readable report.")
    boolean json;

    @Option(names = "--list-scenarios", description = "List the built-in scenarios and exit.")
    boolean listScenarios;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (listScenarios) {
                ScenarioLoader.describeBuiltIns().forEach((name, text) -> out.printf("%-18s %s%n", name, text));
                out.flush();
                return 0;
            }
            LoadedScenario loaded = load();
            ProgressLine progress = json ? null : new ProgressLine(err);
            SimulationReport report = Simulator.run(loaded, progress == null ? Simulator.Progress.NONE : progress);
            if (progress != null) {
                progress.finish();
            }
            out.print(json ? JsonReport.render(report) + System.lineSeparator() : TextReport.render(report));
            out.flush();
            return 0;
        } catch (ScenarioException e) {
            err.println("switchboard simulate: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private LoadedScenario load() {
        if (scenario != null) {
            List<String> plainOptions = new ArrayList<>();
            if (agents != null) {
                plainOptions.add("--agents");
            }
            if (callsPerHour != null) {
                plainOptions.add("--calls-per-hour");
            }
            if (handleSeconds != null) {
                plainOptions.add("--handle-seconds");
            }
            if (hours != null) {
                plainOptions.add("--hours");
            }
            if (patienceSeconds != null) {
                plainOptions.add("--patience-seconds");
            }
            if (!plainOptions.isEmpty()) {
                throw new ScenarioException(
                        String.join(", ", plainOptions),
                        "cannot be combined with --scenario (use --set to change a scenario)");
            }
            LoadedScenario loaded = ScenarioLoader.load(scenario, sets);
            return seed == null ? loaded : loaded.withSeed(seed);
        }
        if (!sets.isEmpty()) {
            throw new ScenarioException("--set", "only applies to --scenario");
        }
        List<String> missing = new ArrayList<>();
        if (agents == null) {
            missing.add("--agents");
        }
        if (callsPerHour == null) {
            missing.add("--calls-per-hour");
        }
        if (handleSeconds == null) {
            missing.add("--handle-seconds");
        }
        if (hours == null) {
            missing.add("--hours");
        }
        if (!missing.isEmpty()) {
            throw new ScenarioException(
                    String.join(", ", missing), "required for the M/M/c simulation (or give --scenario)");
        }
        return Simulator.plain(
                agents, callsPerHour, handleSeconds, hours, targetSeconds, patienceSeconds, seed == null ? 1 : seed);
    }

    /** A progress line on stderr, rewritten in place; only appears for runs that take a while. */
    static final class ProgressLine implements Simulator.Progress {
        /** Runs shorter than this show no progress at all. */
        private static final long QUIET_NANOS = 2_000_000_000L;

        private final PrintWriter err;
        private final long started = System.nanoTime();
        private boolean shown;

        ProgressLine(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void update(String mode, int index, int modes, double fraction, long calls) {
            if (!shown && System.nanoTime() - started < QUIET_NANOS) {
                return; // short runs stay quiet
            }
            shown = true;
            String which = modes > 1 ? String.format(Locale.ROOT, " %s (%d/%d)", mode, index + 1, modes) : "";
            err.printf(Locale.ROOT, "\rsimulating%s: %3.0f %%, %,d calls   ", which, 100 * fraction, calls);
            err.flush();
        }

        void finish() {
            if (shown) {
                err.println();
                err.flush();
            }
        }
    }
}
