package dev.switchboard.sim.scenario;

import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.sim.random.Distribution;
import java.util.List;

/**
 * A service and its callers.
 *
 * @param config the core configuration, without members (the agent groups add them)
 * @param callsPerHour the base arrival rate; the hourly profile multiplies it
 * @param hourlyProfile 24 multipliers, one per clock hour (UTC); all 1 for a flat rate
 * @param handleTime talk time of a connected call
 * @param patience how long a caller waits before hanging up ({@link Distribution.Never} for never)
 */
public record ServiceSpec(
        ServiceConfig config,
        double callsPerHour,
        List<Double> hourlyProfile,
        Distribution handleTime,
        Distribution patience) {
    public ServiceSpec {
        hourlyProfile = List.copyOf(hourlyProfile);
        if (hourlyProfile.size() != 24) {
            throw new IllegalArgumentException("hourly profile needs 24 values");
        }
    }

    public String id() {
        return config.id().value();
    }

    public boolean flatProfile() {
        for (double m : hourlyProfile) {
            if (m != hourlyProfile.get(0)) {
                return false;
            }
        }
        return true;
    }
}
