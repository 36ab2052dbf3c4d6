package dev.switchboard.sim.engine;

import dev.switchboard.core.model.ServiceId;
import dev.switchboard.sim.scenario.ServiceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** One simulated service: its arrival process and how many of its callers wait right now. */
final class SimService {
    final int index;
    final ServiceSpec spec;
    final ServiceId id;
    /** Arrivals per nanosecond for each clock hour. */
    final double[] ratePerNano = new double[24];
    /** Arrival times, handle times and patience: one stream, so every mode sees the same callers. */
    final SplittableRandom callers;

    final List<SimAgent> members = new ArrayList<>();
    /** Callers waiting or ringing. */
    int inQueue;

    SimService(int index, ServiceSpec spec, SplittableRandom callers) {
        this.index = index;
        this.spec = spec;
        this.id = spec.config().id();
        this.callers = callers;
        for (int h = 0; h < 24; h++) {
            ratePerNano[h] = spec.callsPerHour() * spec.hourlyProfile().get(h) / 3600e9;
        }
    }
}
