package dev.switchboard.sim.report;

import java.util.List;

/** The outcome of a run: one result per mode (one mode for a scenario without modes). */
public record SimulationReport(
        String scenario, String description, boolean hasModes, long seed, List<ModeResult> modes) {
    public SimulationReport {
        modes = List.copyOf(modes);
    }
}
