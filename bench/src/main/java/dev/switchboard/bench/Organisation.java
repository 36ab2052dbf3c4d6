package dev.switchboard.bench;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.DistributionPolicy;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.EscalationLevel;
import dev.switchboard.core.model.IdleClock;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.QueueSettings;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.RonaSettings;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.SkillRequirement;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A generated, plausible organisation for benchmarks: agents in two to four services each (a few
 * large services, many small ones), skills and escalation levels on some services, duty profiles,
 * every distribution type, and a mix of presence states so that many agents are not selectable.
 * Deterministic for a seed, so runs compare.
 *
 * <p>The same description is in docs/BENCHMARKS.md; keep the two in step.
 */
public final class Organisation {
    /** A Monday morning, like the core's scenario tests. */
    public static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");

    static final String[] SKILLS = {"english", "german", "french", "italian", "billing", "technical", "sales", "vip"};

    private final int agentCount;
    private final int serviceCount;
    private final long seed;
    private final List<AgentId> agents;
    private final List<ServiceConfig> services = new ArrayList<>();
    private final List<Command> setup = new ArrayList<>();

    private Organisation(int agentCount, int serviceCount, long seed) {
        if (agentCount < 10 || serviceCount < 1 || serviceCount > agentCount) {
            throw new IllegalArgumentException("need at least 10 agents and 1..agents services");
        }
        this.agentCount = agentCount;
        this.serviceCount = serviceCount;
        this.seed = seed;
        this.agents = new ArrayList<>(agentCount);
        for (int i = 0; i < agentCount; i++) {
            agents.add(agentId(i));
        }
        generate(new Random(seed));
    }

    /** An organisation of {@code agents} agents and {@code services} services, generated from {@code seed}. */
    public static Organisation generate(int agents, int services, long seed) {
        return new Organisation(agents, services, seed);
    }

    public static AgentId agentId(int i) {
        return AgentId.of("agent-" + i);
    }

    public int agentCount() {
        return agentCount;
    }

    public int serviceCount() {
        return serviceCount;
    }

    public long seed() {
        return seed;
    }

    public List<AgentId> agents() {
        return agents;
    }

    public List<ServiceConfig> services() {
        return services;
    }

    /** Every command that sets the organisation up, in order, all at {@link #T0}. */
    public List<Command> setupCommands() {
        return setup;
    }

    /** A fresh indexed core with the organisation set up. */
    public RoutingCore newCore() {
        RoutingCore core = RoutingCore.indexed();
        for (Command c : setup) {
            Outcome outcome = core.handle(c);
            if (!outcome.accepted()) {
                throw new IllegalStateException("set-up command refused: " + c + " -> " + outcome);
            }
        }
        return core;
    }

    /** Services that have at least one agent selectable at their first level in {@code core}. */
    public List<ServiceConfig> servicesWithSelectableAgents(RoutingCore core) {
        List<ServiceConfig> out = new ArrayList<>();
        for (ServiceConfig s : services) {
            if (core.selectableCount(s.id(), 0) > 0) {
                out.add(s);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------

    private void generate(Random random) {
        setup.add(new Command.ConfigureProfile(T0, ResponsibilityProfile.onDuty("day")));
        setup.add(new Command.ConfigureProfile(
                T0,
                new ResponsibilityProfile(ProfileId.of("sales-desk"), "Sales desk", true, Set.of("sales", "english"))));
        setup.add(new Command.ConfigureProfile(T0, ResponsibilityProfile.offDuty("off")));

        for (int i = 0; i < agentCount; i++) {
            setup.add(new Command.ConfigureAgent(T0, agentConfig(i, random)));
        }

        // Memberships: each agent joins 2-4 distinct services, drawn with a skew so that a few
        // services are large (hundreds of members) and most are small (a dozen or two).
        List<List<AgentId>> members = new ArrayList<>(serviceCount);
        for (int s = 0; s < serviceCount; s++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < agentCount; i++) {
            int want = 2 + random.nextInt(3);
            Set<Integer> chosen = new LinkedHashSet<>();
            while (chosen.size() < Math.min(want, serviceCount)) {
                double u = random.nextDouble();
                chosen.add((int) (serviceCount * u * u));
            }
            for (int s : chosen) {
                members.get(s).add(agents.get(i));
            }
        }
        for (int s = 0; s < serviceCount; s++) {
            ServiceConfig config = serviceConfig(s, members.get(s), random);
            services.add(config);
            setup.add(new Command.ConfigureService(T0, config));
        }

        // Duty: most agents on the day profile, some on a narrower desk, some off duty or none.
        for (int i = 0; i < agentCount; i++) {
            int roll = random.nextInt(100);
            ProfileId profile = roll < 80 ? ProfileId.of("day") : roll < 90 ? ProfileId.of("sales-desk") : null;
            if (roll >= 95) {
                profile = ProfileId.of("off");
            }
            if (profile != null) {
                setup.add(new Command.DutyChanged(T0, agents.get(i), profile));
            }
        }

        // Presence: a realistic spread of states; only about half the agents are Available.
        PresenceMix mix = new PresenceMix(random);
        for (int i = 0; i < agentCount; i++) {
            setup.add(new Command.PresenceObserved(T0, agents.get(i), mix.initial()));
        }

        // A few agents on a break, a few memberships switched off.
        for (int i = 0; i < agentCount; i++) {
            if (random.nextInt(100) < 5) {
                setup.add(new Command.AgentNotReady(T0, agents.get(i), random.nextBoolean() ? "Break" : "Training"));
            }
        }
        for (ServiceConfig s : services) {
            for (AgentId a : s.members()) {
                if (random.nextInt(100) < 5) {
                    setup.add(new Command.ActiveInServiceChanged(T0, a, s.id(), false));
                }
            }
        }
    }

    private AgentConfig agentConfig(int i, Random random) {
        Map<String, Integer> skills = new TreeMap<>();
        int count = 1 + random.nextInt(4);
        while (skills.size() < count) {
            skills.put(SKILLS[random.nextInt(SKILLS.length)], 1 + random.nextInt(10));
        }
        AgentId id = agents.get(i);
        return new AgentConfig(id, "Agent " + i, "00000000-0000-0000-0000-" + String.format("%012d", i), skills);
    }

    private ServiceConfig serviceConfig(int index, List<AgentId> members, Random random) {
        int roll = random.nextInt(100);
        DistributionType type;
        if (roll < 35) {
            type = DistributionType.DIRECT;
        } else if (roll < 55) {
            type = DistributionType.SKILL_WEIGHTED;
        } else if (roll < 70) {
            type = DistributionType.BROADCAST;
        } else if (roll < 80) {
            type = DistributionType.ROUND_ROBIN;
        } else if (roll < 90) {
            type = DistributionType.SERIAL;
        } else {
            // Ring-all suits small teams only (Teams rings at most 200 anyway).
            type = members.size() <= 50 ? DistributionType.RING_ALL : DistributionType.DIRECT;
        }
        EnumSet<PresenceGroup> groups = EnumSet.of(PresenceGroup.AVAILABLE);
        int policyRoll = random.nextInt(10);
        if (policyRoll < 2) {
            groups.add(PresenceGroup.BUSY);
        } else if (policyRoll < 3) {
            groups.add(PresenceGroup.AWAY);
        }
        ServiceConfig.Builder b = ServiceConfig.builder("service-" + index)
                .name("Service " + index)
                .members(members)
                .distributionType(type)
                .batchSize(3 + random.nextInt(3))
                .policy(new DistributionPolicy(groups, random.nextInt(10) < 8, false))
                .idleClock(IdleClock.values()[random.nextInt(IdleClock.values().length)])
                .requiresDuty(random.nextInt(10) < 3)
                .queue(new QueueSettings(
                        50,
                        CallAction.voicemail("service-" + index),
                        Duration.ofSeconds(300 + 60L * random.nextInt(16)),
                        CallAction.voicemail("service-" + index),
                        CallAction.QUEUE))
                .alertTime(Duration.ofSeconds(20 + 5L * random.nextInt(5)))
                .rona(random.nextInt(4) == 0 ? RonaSettings.disabled() : new RonaSettings(true, Duration.ofMinutes(2)))
                .afterCallWork(Duration.ofSeconds(random.nextInt(4) == 0 ? 0 : 10 + random.nextInt(50)));
        if (type == DistributionType.SKILL_WEIGHTED || random.nextInt(10) < 3) {
            // Escalation: a demanding first level, a wider second, then anyone on the team.
            String skill = SKILLS[random.nextInt(SKILLS.length)];
            String language = SKILLS[random.nextInt(4)];
            List<SkillRequirement> first = skill.equals(language)
                    ? List.of(new SkillRequirement(skill, 4))
                    : List.of(new SkillRequirement(skill, 4), new SkillRequirement(language, 2));
            b.level(new EscalationLevel(Duration.ZERO, first));
            b.level(new EscalationLevel(Duration.ofSeconds(30), List.of(new SkillRequirement(skill, 1))));
            if (random.nextBoolean()) {
                b.level(new EscalationLevel(Duration.ofSeconds(90), List.of()));
            }
        }
        return b.build();
    }

    /** Presence observations drawn from a realistic spread of states. */
    static final class PresenceMix {
        private final Random random;
        private long stamp = 1_000_000_000L;

        PresenceMix(Random random) {
            this.random = random;
        }

        /** A detailed presence with a fresh sequence stamp, or now and then a coarse one. */
        Presence initial() {
            return next(T0);
        }

        Presence next(Instant at) {
            int roll = random.nextInt(100);
            if (roll >= 92) {
                Availability a = roll < 96 ? Availability.AVAILABLE : roll < 98 ? Availability.BUSY : Availability.AWAY;
                return Presence.coarse(a, "federation", at);
            }
            Presence p = Presence.detailed(availability(roll), activity(roll), "presence-account:pa1", nextStamp(), at);
            return random.nextInt(50) == 0 ? p.withOutOfOffice(true) : p;
        }

        String nextStamp() {
            return "A" + (++stamp);
        }

        private static Availability availability(int roll) {
            if (roll < 40) {
                return Availability.AVAILABLE;
            } else if (roll < 45) {
                return Availability.AVAILABLE_IDLE;
            } else if (roll < 70) {
                return Availability.BUSY;
            } else if (roll < 73) {
                return Availability.DO_NOT_DISTURB;
            } else if (roll < 80) {
                return Availability.AWAY;
            } else if (roll < 83) {
                return Availability.BE_RIGHT_BACK;
            }
            return Availability.OFFLINE;
        }

        private static Activity activity(int roll) {
            if (roll < 40) {
                return Activity.AVAILABLE;
            } else if (roll < 45) {
                return Activity.INACTIVE;
            } else if (roll < 60) {
                return Activity.IN_A_CALL;
            } else if (roll < 67) {
                return Activity.IN_A_MEETING;
            } else if (roll < 70) {
                return Activity.BUSY;
            } else if (roll < 73) {
                return Activity.PRESENTING;
            } else if (roll < 80) {
                return Activity.AWAY;
            } else if (roll < 83) {
                return Activity.BE_RIGHT_BACK;
            }
            return Activity.OFF_WORK;
        }
    }
}
