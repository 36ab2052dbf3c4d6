package dev.switchboard.app.demo;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.DistributionPolicy;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.EscalationLevel;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.SkillRequirement;
import dev.switchboard.core.presence.PresenceGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A sample contact centre: agents with names and skills, five services that show the
 * distribution types and policies, and two responsibility profiles.
 */
public final class DemoOrganisation {
    private static final String[] FIRST = {
        "Anna", "Ben", "Chiara", "David", "Elif", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Katrin", "Luca",
        "Mara", "Nils", "Olivia", "Paul", "Rosa", "Samuel", "Tara", "Urs", "Vera", "Willem", "Yara", "Zeno",
        "Amira", "Bruno", "Clara", "Dario", "Emma", "Fabio", "Gina", "Henrik", "Iris", "Jan", "Kim", "Lea",
        "Marco", "Nina", "Oskar", "Pia", "Quentin", "Ria", "Stefan", "Tina", "Ugo", "Valentina", "Wanda", "Xaver",
        "Yannick", "Zoe"
    };
    private static final String[] LAST = {
        "Meier", "Keller", "Rossi", "Brunner", "Yilmaz", "Huber", "Schmid", "Baumann", "Costa", "Frei", "Graf",
        "Bianchi", "Weber", "Moser", "Fischer", "Steiner", "Lang", "Roth", "Vogel", "Gerber"
    };

    private final List<AgentConfig> agents = new ArrayList<>();
    private final List<ServiceConfig> services = new ArrayList<>();
    private final List<ResponsibilityProfile> profiles = new ArrayList<>();

    /**
     * @param userIds the Teams user ids the agents are (one agent per id, in order)
     * @param seed makes skills and memberships repeatable
     */
    public DemoOrganisation(List<String> userIds, long seed) {
        Random random = new Random(seed);
        profiles.add(new ResponsibilityProfile(ProfileId.of("day-shift"), "Day shift", true, Set.of()));
        profiles.add(new ResponsibilityProfile(
                ProfileId.of("billing-desk"), "Billing desk", true, Set.of("billing", "english", "german")));
        profiles.add(new ResponsibilityProfile(ProfileId.of("back-office"), "Back office", false, Set.of()));
        for (int i = 0; i < userIds.size(); i++) {
            String first = FIRST[i % FIRST.length];
            String last = LAST[(i * 7 + i / FIRST.length) % LAST.length];
            String id = (first + "." + last).toLowerCase(java.util.Locale.ROOT) + (i < FIRST.length ? "" : "-" + i);
            Map<String, Integer> skills = new LinkedHashMap<>();
            skills.put("english", 2 + random.nextInt(9 - 1));
            if (random.nextInt(3) > 0) {
                skills.put("german", 1 + random.nextInt(10));
            }
            if (random.nextInt(4) == 0) {
                skills.put("french", 1 + random.nextInt(10));
            }
            if (i % 5 == 0 || random.nextInt(4) == 0) {
                skills.put("billing", 1 + random.nextInt(10));
            }
            agents.add(new AgentConfig(AgentId.of(id), first + " " + last, userIds.get(i), skills));
        }
        int n = agents.size();
        services.add(ServiceConfig.builder("sales")
                .name("Sales")
                .members(ids(0, Math.min(n, 20)))
                .policy(DistributionPolicy.of(PresenceGroup.AVAILABLE, PresenceGroup.BUSY, PresenceGroup.IN_A_MEETING))
                .afterCallWork(Duration.ofSeconds(15))
                .build());
        services.add(ServiceConfig.builder("support")
                .name("Support")
                .members(ids(n / 4, n))
                .distributionType(DistributionType.SKILL_WEIGHTED)
                .level(new EscalationLevel(Duration.ZERO, List.of(new SkillRequirement("english", 6))))
                .level(new EscalationLevel(Duration.ofSeconds(30), List.of(new SkillRequirement("english", 3))))
                .level(new EscalationLevel(Duration.ofSeconds(90), List.of()))
                .afterCallWork(Duration.ofSeconds(20))
                .build());
        services.add(ServiceConfig.builder("billing")
                .name("Billing")
                .members(withSkill("billing"))
                .distributionType(DistributionType.ROUND_ROBIN)
                .requiresDuty(true)
                .afterCallWork(Duration.ofSeconds(30))
                .build());
        services.add(ServiceConfig.builder("vip")
                .name("VIP line")
                .members(ids(0, Math.min(n, 8)))
                .distributionType(DistributionType.BROADCAST)
                .batchSize(4)
                .policy(DistributionPolicy.of(PresenceGroup.AVAILABLE, PresenceGroup.IN_A_MEETING))
                .afterCallWork(Duration.ofSeconds(10))
                .build());
        services.add(ServiceConfig.builder("french")
                .name("French desk")
                .members(withSkill("french"))
                .distributionType(DistributionType.SERIAL)
                .level(new EscalationLevel(Duration.ZERO, List.of(new SkillRequirement("french", 1))))
                .rona(new dev.switchboard.core.model.RonaSettings(true, Duration.ofMinutes(2)))
                .build());
    }

    private List<AgentId> ids(int from, int to) {
        List<AgentId> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(agents.get(i).id());
        }
        return out;
    }

    private List<AgentId> withSkill(String skill) {
        return agents.stream()
                .filter(a -> a.level(skill) > 0)
                .map(AgentConfig::id)
                .toList();
    }

    public List<AgentConfig> agents() {
        return agents;
    }

    public List<ServiceConfig> services() {
        return services;
    }

    /** The commands that configure the organisation and put everybody on the day shift. */
    public List<Command> commands(Instant at) {
        List<Command> out = new ArrayList<>();
        profiles.forEach(p -> out.add(new Command.ConfigureProfile(at, p)));
        agents.forEach(a -> out.add(new Command.ConfigureAgent(at, a)));
        services.forEach(s -> out.add(new Command.ConfigureService(at, s)));
        for (AgentConfig a : agents) {
            ProfileId profile = a.level("billing") > 0 ? ProfileId.of("billing-desk") : ProfileId.of("day-shift");
            out.add(new Command.DutyChanged(at, a.id(), profile));
        }
        return out;
    }
}
