package dev.switchboard.sim.scenario;

import java.time.Duration;
import java.util.List;

/**
 * One fully specified simulation set-up (one mode of a scenario).
 *
 * @param start clock time (UTC) at which each simulated day opens
 * @param length how long each day is open for calls
 * @param days how many consecutive days are simulated
 * @param warmup calls arriving during the first {@code warmup} are handled but not counted
 * @param kpiInterval the arrival intervals per-interval figures are reported for
 */
public record ScenarioSpec(
        long seed,
        Duration start,
        Duration length,
        int days,
        Duration warmup,
        Duration kpiInterval,
        List<ServiceSpec> services,
        List<AgentGroupSpec> agentGroups,
        PresenceSpec presence) {
    public ScenarioSpec {
        services = List.copyOf(services);
        agentGroups = List.copyOf(agentGroups);
    }

    public int agentCount() {
        int n = 0;
        for (AgentGroupSpec g : agentGroups) {
            n += g.count();
        }
        return n;
    }

    public ScenarioSpec withSeed(long value) {
        return new ScenarioSpec(value, start, length, days, warmup, kpiInterval, services, agentGroups, presence);
    }
}
