package dev.switchboard.sim.scenario;

import java.util.List;

/**
 * A scenario as loaded: one or more modes, each a complete set-up. A scenario without {@code
 * modes} has a single mode named like the scenario.
 */
public record LoadedScenario(String name, String description, boolean hasModes, List<Mode> modes) {
    public LoadedScenario {
        modes = List.copyOf(modes);
    }

    /** One set-up of the scenario; every mode of a run uses the same seed, hence the same callers. */
    public record Mode(String name, String description, ScenarioSpec spec) {}

    public LoadedScenario withSeed(long seed) {
        return new LoadedScenario(
                name,
                description,
                hasModes,
                modes.stream()
                        .map(m -> new Mode(m.name(), m.description(), m.spec().withSeed(seed)))
                        .toList());
    }
}
