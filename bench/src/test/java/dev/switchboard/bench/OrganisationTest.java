package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what they claim only if their fixtures are what the docs say. */
class OrganisationTest {
    private static final long SEED = 42;

    @Test
    void organisationIsValidAndRealistic() {
        Organisation org = Organisation.generate(2_000, 200, SEED);
        RoutingCore core = org.newCore();
        core.validateInvariants();

        assertThat(core.agentCount()).isEqualTo(2_000);
        Map<AgentId, Integer> memberships = new HashMap<>();
        Set<DistributionType> types = EnumSet.noneOf(DistributionType.class);
        int escalating = 0;
        int largest = 0;
        for (ServiceConfig s : org.services()) {
            types.add(s.distributionType());
            escalating += s.escalation().isEmpty() ? 0 : 1;
            largest = Math.max(largest, s.members().size());
            for (AgentId a : s.members()) {
                memberships.merge(a, 1, Integer::sum);
            }
        }
        assertThat(memberships).hasSize(2_000);
        assertThat(memberships.values()).allMatch(n -> n >= 2 && n <= 4);
        assertThat(types).containsExactlyInAnyOrder(DistributionType.values());
        assertThat(escalating).isBetween(40, 160);
        assertThat(largest).as("a few large services").isGreaterThan(100);

        // Many agents are not selectable: presence, duty, breaks, inactive memberships.
        int members = 0;
        int selectable = 0;
        for (ServiceConfig s : org.services()) {
            members += s.members().size();
            selectable += core.selectableCount(s.id(), 0);
        }
        double share = (double) selectable / members;
        assertThat(share).as("selectable share of memberships").isBetween(0.15, 0.6);
        assertThat(org.servicesWithSelectableAgents(core).size()).isGreaterThan(100);
    }

    @Test
    void sameSeedSameOrganisation() {
        assertThat(Organisation.generate(500, 50, SEED).setupCommands())
                .isEqualTo(Organisation.generate(500, 50, SEED).setupCommands());
    }

    @Test
    void decisionFixtureOffersEveryCallAndHangingUpRestoresTheState() {
        Organisation org = Organisation.generate(1_000, 100, SEED);
        RoutingCore core = org.newCore();
        ServiceId[] targets = DecisionBenchmark.weightedTargets(org, core);
        Map<ServiceId, Integer> before = selectable(org, core);
        Random random = new Random(7);
        Instant now = Organisation.T0;
        for (int i = 0; i < 2_000; i++) {
            now = now.plusMillis(200);
            CallId call = CallId.of("call-" + i);
            ServiceId service = targets[random.nextInt(targets.length)];
            Outcome arrived = core.handle(new Command.CallArrived(now, call, service, Priority.NORMAL, "+41"));
            assertThat(DecisionBenchmark.offered(arrived, call))
                    .as("call %d to %s offered", i, service)
                    .isTrue();
            assertThat(core.handle(new Command.CallerHungUp(now, call)).accepted())
                    .isTrue();
        }
        core.validateInvariants();
        assertThat(core.activeCallCount()).isZero();
        assertThat(selectable(org, core)).isEqualTo(before);
    }

    @Test
    void presenceStreamHasTheDocumentedMix() {
        Organisation org = Organisation.generate(1_000, 100, SEED);
        RoutingCore core = org.newCore();
        PresenceStream stream = new PresenceStream(org.agents(), 11, Organisation.T0, Duration.ofMillis(5));
        int n = 100_000;
        int ignored = 0;
        int selectabilityChanged = 0;
        for (int i = 0; i < n; i++) {
            int selectableBefore = totalSelectable(org, core);
            Outcome o = core.handle(stream.next());
            assertThat(o.accepted()).isTrue();
            if (o.events().isEmpty()) {
                ignored++;
            }
            if (i % 10 == 0 && totalSelectable(org, core) != selectableBefore) {
                selectabilityChanged++;
            }
        }
        core.validateInvariants();
        // 15 % re-deliveries and 8 % late older stamps are ignored (the first reading of an agent
        // in the stream has nothing to repeat, hence a little less).
        assertThat((double) ignored / n).isBetween(0.20, 0.25);
        // Roughly a third of all observations (sampled every tenth) move an agent in or out of an index.
        assertThat((double) selectabilityChanged / (n / 10)).isBetween(0.2, 0.5);
    }

    private static Map<ServiceId, Integer> selectable(Organisation org, RoutingCore core) {
        Map<ServiceId, Integer> out = new HashMap<>();
        for (ServiceConfig s : org.services()) {
            out.put(s.id(), core.selectableCount(s.id(), 0));
        }
        return out;
    }

    private static int totalSelectable(Organisation org, RoutingCore core) {
        int total = 0;
        for (ServiceConfig s : org.services()) {
            total += core.selectableCount(s.id(), 0);
        }
        return total;
    }
}
