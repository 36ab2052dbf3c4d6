package dev.switchboard.core.testing;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.DistributionPolicy;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.EscalationLevel;
import dev.switchboard.core.model.IdleClock;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.QueueSettings;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.RonaSettings;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.model.SkillRequirement;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.core.routing.CallView;
import dev.switchboard.core.routing.RoutingSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Generates a random but plausible stream of commands for a small contact centre: it looks at
 * the core's snapshot to pick calls that ring, agents that are offered, and so on, and sometimes
 * sends nonsense (unknown ids, stale presence) to exercise rejections. Seeded and deterministic.
 */
public final class RandomWalk {
    private static final String[] SKILLS = {"french", "german", "billing"};
    private static final Object[][] PRESENCES = {
        {Availability.AVAILABLE, Activity.AVAILABLE},
        {Availability.AVAILABLE, Activity.AVAILABLE},
        {Availability.AVAILABLE, Activity.AVAILABLE},
        {Availability.AVAILABLE_IDLE, Activity.INACTIVE},
        {Availability.AVAILABLE, Activity.OUT_OF_OFFICE},
        {Availability.BUSY, Activity.BUSY},
        {Availability.BUSY, Activity.IN_A_CALL},
        {Availability.BUSY, Activity.IN_A_CONFERENCE_CALL},
        {Availability.BUSY, Activity.IN_A_MEETING},
        {Availability.DO_NOT_DISTURB, Activity.PRESENTING},
        {Availability.DO_NOT_DISTURB, Activity.FOCUSING},
        {Availability.AWAY, Activity.AWAY},
        {Availability.BE_RIGHT_BACK, Activity.BE_RIGHT_BACK},
        {Availability.OFFLINE, Activity.OFF_WORK},
        {Availability.UNKNOWN, Activity.UNKNOWN},
    };

    private final Random random;
    private final int agentCount;
    private final int serviceCount;
    private Instant now = Scenario.T0;
    private int callCounter;
    private long sequence = 1_000_000;

    public RandomWalk(long seed, int agentCount, int serviceCount) {
        this.random = new Random(seed);
        this.agentCount = agentCount;
        this.serviceCount = serviceCount;
    }

    public Instant now() {
        return now;
    }

    private AgentId agent(int i) {
        return AgentId.of("agent-" + i);
    }

    private AgentId randomAgent() {
        // Now and then an agent that does not exist.
        return random.nextInt(50) == 0 ? AgentId.of("ghost") : agent(random.nextInt(agentCount));
    }

    private ServiceId service(int i) {
        return ServiceId.of("service-" + i);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** The commands that set up the world: profiles, agents with skills, services. */
    public List<Command> setup() {
        List<Command> out = new ArrayList<>();
        out.add(new Command.ConfigureProfile(now, ResponsibilityProfile.onDuty("all")));
        out.add(new Command.ConfigureProfile(now, ResponsibilityProfile.offDuty("off")));
        out.add(new Command.ConfigureProfile(
                now, new ResponsibilityProfile(ProfileId.of("french-only"), "French only", true, Set.of("french"))));
        for (int i = 0; i < agentCount; i++) {
            out.add(new Command.ConfigureAgent(now, randomAgentConfig(i)));
        }
        for (int i = 0; i < serviceCount; i++) {
            out.add(new Command.ConfigureService(now, randomService(i)));
        }
        return out;
    }

    private AgentConfig randomAgentConfig(int i) {
        Map<String, Integer> skills = new java.util.TreeMap<>();
        for (String skill : SKILLS) {
            if (random.nextInt(3) > 0) {
                skills.put(skill, 1 + random.nextInt(5));
            }
        }
        return new AgentConfig(agent(i), "Agent " + i, "user-" + i, skills);
    }

    private ServiceConfig randomService(int i) {
        List<AgentId> members = new ArrayList<>();
        for (int a = 0; a < agentCount; a++) {
            if (random.nextInt(3) > 0) {
                members.add(agent(a));
            }
        }
        java.util.Collections.shuffle(members, random);
        EnumSet<PresenceGroup> groups = EnumSet.of(PresenceGroup.AVAILABLE);
        for (PresenceGroup g : List.of(
                PresenceGroup.BUSY, PresenceGroup.IN_A_MEETING, PresenceGroup.AWAY, PresenceGroup.DO_NOT_DISTURB)) {
            if (random.nextInt(3) == 0) {
                groups.add(g);
            }
        }
        ServiceConfig.Builder b = ServiceConfig.builder("service-" + i)
                .members(members)
                .distributionType(pick(List.of(DistributionType.values())))
                .batchSize(1 + random.nextInt(3))
                .policy(new DistributionPolicy(groups, random.nextBoolean(), random.nextBoolean()))
                .idleClock(pick(List.of(IdleClock.values())))
                .requiresDuty(random.nextInt(4) == 0)
                .queue(new QueueSettings(
                        random.nextInt(6),
                        CallAction.DISCONNECT,
                        Duration.ofSeconds(30 + random.nextInt(300)),
                        CallAction.voicemail("box"),
                        random.nextBoolean() ? CallAction.QUEUE : CallAction.DISCONNECT))
                .alertTime(Duration.ofSeconds(15 + random.nextInt(30)))
                .rona(
                        random.nextInt(3) == 0
                                ? RonaSettings.disabled()
                                : new RonaSettings(true, Duration.ofSeconds(10 + random.nextInt(120))))
                .afterCallWork(Duration.ofSeconds(random.nextInt(3) == 0 ? 0 : random.nextInt(40)));
        if (random.nextBoolean()) {
            String skill = pick(List.of(SKILLS));
            b.level(new EscalationLevel(Duration.ZERO, List.of(new SkillRequirement(skill, 3 + random.nextInt(3)))));
            b.level(new EscalationLevel(
                    Duration.ofSeconds(20 + random.nextInt(60)), List.of(new SkillRequirement(skill, 1))));
            if (random.nextBoolean()) {
                b.level(new EscalationLevel(Duration.ofSeconds(200), List.of()));
            }
        }
        return b.build();
    }

    /** The next command, chosen with the help of the current snapshot. */
    public Command next(RoutingSnapshot snapshot) {
        List<CallView> ringing = new ArrayList<>();
        List<CallView> connected = new ArrayList<>();
        List<CallView> active = new ArrayList<>(snapshot.calls().values());
        active.sort(java.util.Comparator.comparing(c -> c.id()));
        for (CallView c : active) {
            if (c.status().equals("RINGING")) {
                ringing.add(c);
            } else if (c.status().equals("CONNECTED")) {
                connected.add(c);
            }
        }
        int roll = random.nextInt(100);
        if (roll < 14) {
            now = now.plusSeconds(random.nextInt(45));
            return new Command.Tick(now);
        }
        if (roll < 30) {
            String id = "call-" + (++callCounter);
            if (random.nextInt(40) == 0 && !active.isEmpty()) {
                id = pick(active).id().value(); // duplicate
            }
            ServiceId service =
                    random.nextInt(40) == 0 ? ServiceId.of("nowhere") : service(random.nextInt(serviceCount));
            return new Command.CallArrived(now, CallId.of(id), service, pick(List.of(Priority.values())), "+41 " + id);
        }
        if (roll < 40 && !ringing.isEmpty()) {
            CallView c = pick(ringing);
            return new Command.OfferAccepted(now, c.id(), pick(c.ringing()));
        }
        if (roll < 46 && !ringing.isEmpty()) {
            CallView c = pick(ringing);
            return new Command.OfferDeclined(now, c.id(), pick(c.ringing()));
        }
        if (roll < 54 && !connected.isEmpty()) {
            return new Command.CallEnded(now, pick(connected).id());
        }
        if (roll < 58 && !active.isEmpty()) {
            return new Command.CallerHungUp(now, pick(active).id());
        }
        if (roll < 73) {
            return presence();
        }
        if (roll < 77) {
            List<AgentId> agents = random.nextBoolean() ? List.of() : List.of(randomAgent(), randomAgent());
            return new Command.PresenceTrackingChanged(
                    now,
                    agents,
                    random.nextInt(4) == 0 ? Fidelity.COARSE : Fidelity.DETAILED,
                    random.nextBoolean(),
                    "presence-accounts",
                    "test");
        }
        if (roll < 80) {
            ProfileId profile = switch (random.nextInt(5)) {
                case 0 -> null;
                case 1 -> ProfileId.of("off");
                case 2 -> ProfileId.of("french-only");
                case 3 -> ProfileId.of("missing");
                default -> ProfileId.of("all");
            };
            return new Command.DutyChanged(now, randomAgent(), profile);
        }
        if (roll < 83) {
            return new Command.ActiveInServiceChanged(
                    now, randomAgent(), service(random.nextInt(serviceCount)), random.nextInt(4) > 0);
        }
        if (roll < 86) {
            return random.nextBoolean()
                    ? new Command.AgentReady(now, randomAgent())
                    : new Command.AgentNotReady(now, randomAgent(), pick(List.of("Break", "Lunch")));
        }
        if (roll < 88) {
            return new Command.ResetRona(now, randomAgent());
        }
        if (roll < 90) {
            return new Command.EndAfterCallWork(now, randomAgent());
        }
        if (roll < 92) {
            return new Command.ExtendAfterCallWork(now, randomAgent(), Duration.ofSeconds(random.nextInt(40) - 5));
        }
        if (roll < 94) {
            return new Command.ExternalCallReported(now, randomAgent(), random.nextBoolean());
        }
        if (roll < 96) {
            return new Command.ConfigureService(now, randomService(random.nextInt(serviceCount)));
        }
        if (roll < 97) {
            return new Command.ConfigureAgent(now, randomAgentConfig(random.nextInt(agentCount)));
        }
        if (roll < 98) {
            return new Command.RemoveAgent(now, randomAgent());
        }
        now = now.plusMillis(random.nextInt(5000));
        return new Command.Tick(now);
    }

    private Command presence() {
        AgentId agent = randomAgent();
        Object[] pair = PRESENCES[random.nextInt(PRESENCES.length)];
        Availability availability = (Availability) pair[0];
        Activity activity = (Activity) pair[1];
        if (random.nextInt(3) == 0) {
            return new Command.PresenceObserved(now, agent, Presence.coarse(availability, "federation", now));
        }
        // Mostly newer stamps; sometimes an old one that must be ignored.
        long stamp = random.nextInt(6) == 0 ? sequence - random.nextInt(20) : ++sequence;
        Presence p = Presence.detailed(availability, activity, "pa" + random.nextInt(2), "A" + stamp, now)
                .withOutOfOffice(random.nextInt(10) == 0);
        return new Command.PresenceObserved(now, agent, p);
    }

    /** Commands that bring every active call to an end, so each must reach a terminal state. */
    public List<Command> drain(RoutingSnapshot snapshot) {
        List<Command> out = new ArrayList<>();
        List<CallView> calls = new ArrayList<>(snapshot.calls().values());
        calls.sort(java.util.Comparator.comparing(c -> c.id()));
        for (CallView c : calls) {
            out.add(
                    c.status().equals("CONNECTED")
                            ? new Command.CallEnded(now, c.id())
                            : new Command.CallerHungUp(now, c.id()));
        }
        return out;
    }
}
