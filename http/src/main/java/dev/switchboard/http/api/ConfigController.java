package dev.switchboard.http.api;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;
import static io.javalin.http.HandlerType.PUT;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.DistributionPolicy;
import dev.switchboard.core.model.EscalationLevel;
import dev.switchboard.core.model.OpeningHours;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.model.SkillRequirement;
import dev.switchboard.core.routing.AgentView;
import dev.switchboard.core.routing.Rejection;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.core.routing.ServiceView;
import dev.switchboard.http.auth.Role;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Create, read, update and delete of agents (with skills), services (with policy and opening
 * hours) and responsibility profiles. The core only knows "configure" (create or replace); the
 * create-only and read-modify-write semantics of HTTP are made atomic by one lock for
 * configuration writes, which are rare.
 */
final class ConfigController {
    private static final Set<Role> READERS = Set.of(Role.SUPERVISOR);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    private static final Set<Role> EVERYONE = Set.of(Role.SUPERVISOR, Role.AGENT, Role.TELEPHONY);

    private final Http http;
    private final Commands commands;
    private final ReentrantLock writeLock = new ReentrantLock();

    ConfigController(Http http, Commands commands) {
        this.http = http;
        this.commands = commands;
    }

    void register() {
        http.route(POST, "/api/agents", ADMIN, this::createAgent);
        http.route(PUT, "/api/agents/{agentId}", ADMIN, this::putAgent);
        http.route(DELETE, "/api/agents/{agentId}", ADMIN, this::deleteAgent);
        http.route(GET, "/api/agents/{agentId}/skills", READERS, this::getSkills);
        http.route(PUT, "/api/agents/{agentId}/skills", ADMIN, this::putSkills);
        http.route(PUT, "/api/agents/{agentId}/skills/{skill}", ADMIN, this::putSkill);
        http.route(DELETE, "/api/agents/{agentId}/skills/{skill}", ADMIN, this::deleteSkill);
        http.route(GET, "/api/skills", READERS, this::skillsInUse);

        http.route(POST, "/api/services", ADMIN, this::createService);
        http.route(PUT, "/api/services/{serviceId}", ADMIN, this::putService);
        http.route(DELETE, "/api/services/{serviceId}", ADMIN, this::deleteService);
        http.route(GET, "/api/services/{serviceId}/policy", READERS, this::getPolicy);
        http.route(PUT, "/api/services/{serviceId}/policy", ADMIN, this::putPolicy);
        http.route(GET, "/api/services/{serviceId}/opening-hours", READERS, this::getOpeningHours);
        http.route(PUT, "/api/services/{serviceId}/opening-hours", ADMIN, this::putOpeningHours);
        http.route(DELETE, "/api/services/{serviceId}/opening-hours", ADMIN, this::deleteOpeningHours);

        http.route(GET, "/api/profiles", EVERYONE, this::listProfiles);
        http.route(POST, "/api/profiles", ADMIN, this::createProfile);
        http.route(GET, "/api/profiles/{profileId}", EVERYONE, this::getProfile);
        http.route(PUT, "/api/profiles/{profileId}", ADMIN, this::putProfile);
        http.route(DELETE, "/api/profiles/{profileId}", ADMIN, this::deleteProfile);
    }

    // ---- agents ----

    private void createAgent(Context ctx) {
        AgentConfig agent = ConfigJson.agent(body(ctx), null);
        lockedRun(() -> {
            if (commands.snapshot().agents().containsKey(agent.id())) {
                throw ApiException.conflict("ALREADY_EXISTS", "agent " + agent.id() + " exists; PUT replaces it");
            }
            commands.accept(new Command.ConfigureAgent(commands.now(), agent));
        });
        created(ctx, "/api/agents/", agent.id().value(), ConfigJson.dto(agent));
    }

    private void putAgent(Context ctx) {
        String id = Http.pathId(ctx, "agentId");
        AgentConfig agent = ConfigJson.agent(body(ctx), id);
        boolean existed = locked(() -> {
            boolean exists = commands.snapshot().agents().containsKey(agent.id());
            commands.accept(new Command.ConfigureAgent(commands.now(), agent));
            return exists;
        });
        http.json(ctx, existed ? 200 : 201, ConfigJson.dto(agent));
    }

    private void deleteAgent(Context ctx) {
        AgentId id = AgentId.of(Http.pathId(ctx, "agentId"));
        lockedRun(() -> commands.accept(new Command.RemoveAgent(commands.now(), id)));
        ctx.status(204);
    }

    private AgentView agentOrThrow(RoutingSnapshot s, AgentId id) {
        AgentView a = s.agents().get(id);
        if (a == null) {
            throw ApiException.notFound("UNKNOWN_AGENT", "no agent " + id);
        }
        return a;
    }

    private void getSkills(Context ctx) {
        AgentId id = AgentId.of(Http.pathId(ctx, "agentId"));
        http.json(
                ctx,
                new TreeMap<>(agentOrThrow(commands.snapshot(), id).config().skills()));
    }

    private void putSkills(Context ctx) {
        AgentId id = AgentId.of(Http.pathId(ctx, "agentId"));
        JsonNode body = JsonInput.read(http.mapper(), ctx.bodyAsBytes());
        if (!body.isObject()) {
            throw new ApiException(400, "WRONG_TYPE", null, "the body must be an object of skill levels");
        }
        Map<String, Integer> skills = ConfigJson.skills(JsonInput.entries(body), "skills");
        AgentConfig updated = updateAgent(id, a -> a.withSkills(skills));
        http.json(ctx, new TreeMap<>(updated.skills()));
    }

    private void putSkill(Context ctx) {
        AgentId id = AgentId.of(Http.pathId(ctx, "agentId"));
        String skill = Http.pathId(ctx, "skill");
        JsonInput in = body(ctx).allowOnly("level");
        int level = in.requireInteger("level");
        if (level < 1 || level > SkillRequirement.MAX_LEVEL) {
            throw ApiException.invalid(
                    "level", "must be between 1 and " + SkillRequirement.MAX_LEVEL + " (was " + level + ")");
        }
        AgentConfig updated = updateAgent(id, a -> {
            Map<String, Integer> skills = new TreeMap<>(a.skills());
            skills.put(skill, level);
            return a.withSkills(skills);
        });
        http.json(ctx, new TreeMap<>(updated.skills()));
    }

    private void deleteSkill(Context ctx) {
        AgentId id = AgentId.of(Http.pathId(ctx, "agentId"));
        String skill = Http.pathId(ctx, "skill");
        updateAgent(id, a -> {
            if (!a.skills().containsKey(skill)) {
                throw ApiException.notFound("NOT_FOUND", "agent " + id + " has no skill " + skill);
            }
            Map<String, Integer> skills = new TreeMap<>(a.skills());
            skills.remove(skill);
            return a.withSkills(skills);
        });
        ctx.status(204);
    }

    private AgentConfig updateAgent(AgentId id, Function<AgentConfig, AgentConfig> change) {
        return locked(() -> {
            AgentConfig current = agentOrThrow(commands.snapshot(), id).config();
            AgentConfig next = ConfigJson.build("", true, () -> change.apply(current));
            commands.accept(new Command.ConfigureAgent(commands.now(), next));
            return next;
        });
    }

    record SkillAgentDto(String agent, int level) {}

    record SkillDto(String name, List<SkillAgentDto> agents, List<String> services) {}

    private void skillsInUse(Context ctx) {
        RoutingSnapshot s = commands.snapshot();
        Map<String, List<SkillAgentDto>> agents = new TreeMap<>();
        Map<String, Set<String>> services = new HashMap<>();
        s.agents().values().stream()
                .sorted(Comparator.comparing(a -> a.config().id()))
                .forEach(a -> a.config()
                        .skills()
                        .forEach((skill, level) -> agents.computeIfAbsent(skill, k -> new ArrayList<>())
                                .add(new SkillAgentDto(a.config().id().value(), level))));
        for (ServiceView v : s.services().values()) {
            for (EscalationLevel level : v.config().escalation()) {
                for (SkillRequirement r : level.requirements()) {
                    services.computeIfAbsent(r.skill(), k -> new TreeSet<>())
                            .add(v.config().id().value());
                    agents.computeIfAbsent(r.skill(), k -> new ArrayList<>());
                }
            }
        }
        List<SkillDto> out = new ArrayList<>();
        agents.forEach((skill, holders) ->
                out.add(new SkillDto(skill, holders, List.copyOf(services.getOrDefault(skill, Set.of())))));
        http.json(ctx, out);
    }

    // ---- services ----

    private static final Map<Rejection.Code, String> SERVICE_FIELDS = Map.of(Rejection.Code.UNKNOWN_AGENT, "members");

    private void createService(Context ctx) {
        ServiceConfig service = ConfigJson.service(body(ctx), null);
        lockedRun(() -> {
            if (commands.snapshot().services().containsKey(service.id())) {
                throw ApiException.conflict("ALREADY_EXISTS", "service " + service.id() + " exists; PUT replaces it");
            }
            commands.accept(new Command.ConfigureService(commands.now(), service), SERVICE_FIELDS);
        });
        created(ctx, "/api/services/", service.id().value(), ConfigJson.dto(service));
    }

    private void putService(Context ctx) {
        String id = Http.pathId(ctx, "serviceId");
        ServiceConfig service = ConfigJson.service(body(ctx), id);
        boolean existed = locked(() -> {
            boolean exists = commands.snapshot().services().containsKey(service.id());
            commands.accept(new Command.ConfigureService(commands.now(), service), SERVICE_FIELDS);
            return exists;
        });
        http.json(ctx, existed ? 200 : 201, ConfigJson.dto(service));
    }

    private void deleteService(Context ctx) {
        ServiceId id = ServiceId.of(Http.pathId(ctx, "serviceId"));
        lockedRun(() -> commands.accept(new Command.RemoveService(commands.now(), id)));
        ctx.status(204);
    }

    private ServiceConfig serviceOrThrow(ServiceId id) {
        ServiceView v = commands.snapshot().services().get(id);
        if (v == null) {
            throw ApiException.notFound("UNKNOWN_SERVICE", "no service " + id);
        }
        return v.config();
    }

    private ServiceConfig updateService(ServiceId id, Function<ServiceConfig.Builder, ServiceConfig.Builder> change) {
        return locked(() -> {
            ServiceConfig current = serviceOrThrow(id);
            ServiceConfig next = ConfigJson.build(
                    "", true, () -> change.apply(current.toBuilder()).build());
            commands.accept(new Command.ConfigureService(commands.now(), next), SERVICE_FIELDS);
            return next;
        });
    }

    private void getPolicy(Context ctx) {
        ServiceId id = ServiceId.of(Http.pathId(ctx, "serviceId"));
        http.json(ctx, ConfigJson.dto(serviceOrThrow(id).policy()));
    }

    private void putPolicy(Context ctx) {
        ServiceId id = ServiceId.of(Http.pathId(ctx, "serviceId"));
        DistributionPolicy policy = ConfigJson.policy(body(ctx));
        ServiceConfig updated = updateService(id, b -> b.policy(policy));
        http.json(ctx, ConfigJson.dto(updated.policy()));
    }

    private void getOpeningHours(Context ctx) {
        ServiceId id = ServiceId.of(Http.pathId(ctx, "serviceId"));
        http.json(ctx, ConfigJson.dto(serviceOrThrow(id).openingHours()));
    }

    private void putOpeningHours(Context ctx) {
        ServiceId id = ServiceId.of(Http.pathId(ctx, "serviceId"));
        OpeningHours hours = ConfigJson.openingHours(body(ctx));
        ServiceConfig updated = updateService(id, b -> b.openingHours(hours));
        http.json(ctx, ConfigJson.dto(updated.openingHours()));
    }

    private void deleteOpeningHours(Context ctx) {
        ServiceId id = ServiceId.of(Http.pathId(ctx, "serviceId"));
        updateService(id, b -> b.openingHours(null));
        ctx.status(204);
    }

    // ---- profiles ----

    private void listProfiles(Context ctx) {
        http.json(
                ctx,
                commands.snapshot().profiles().values().stream()
                        .sorted(Comparator.comparing(ResponsibilityProfile::id))
                        .map(ConfigJson::dto)
                        .toList());
    }

    private void getProfile(Context ctx) {
        ProfileId id = ProfileId.of(Http.pathId(ctx, "profileId"));
        ResponsibilityProfile p = commands.snapshot().profiles().get(id);
        if (p == null) {
            throw ApiException.notFound("UNKNOWN_PROFILE", "no profile " + id);
        }
        http.json(ctx, ConfigJson.dto(p));
    }

    private void createProfile(Context ctx) {
        ResponsibilityProfile profile = ConfigJson.profile(body(ctx), null);
        lockedRun(() -> {
            if (commands.snapshot().profiles().containsKey(profile.id())) {
                throw ApiException.conflict("ALREADY_EXISTS", "profile " + profile.id() + " exists; PUT replaces it");
            }
            commands.accept(new Command.ConfigureProfile(commands.now(), profile));
        });
        created(ctx, "/api/profiles/", profile.id().value(), ConfigJson.dto(profile));
    }

    private void putProfile(Context ctx) {
        String id = Http.pathId(ctx, "profileId");
        ResponsibilityProfile profile = ConfigJson.profile(body(ctx), id);
        boolean existed = locked(() -> {
            boolean exists = commands.snapshot().profiles().containsKey(profile.id());
            commands.accept(new Command.ConfigureProfile(commands.now(), profile));
            return exists;
        });
        http.json(ctx, existed ? 200 : 201, ConfigJson.dto(profile));
    }

    private void deleteProfile(Context ctx) {
        ProfileId id = ProfileId.of(Http.pathId(ctx, "profileId"));
        lockedRun(() -> commands.accept(new Command.RemoveProfile(commands.now(), id)));
        ctx.status(204);
    }

    // ---- helpers ----

    private JsonInput body(Context ctx) {
        return JsonInput.parse(http.mapper(), ctx.bodyAsBytes());
    }

    private void created(Context ctx, String base, String id, Object body) {
        ctx.header(
                "Location", base + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        http.json(ctx, 201, body);
    }

    private <T> T locked(java.util.function.Supplier<T> action) {
        writeLock.lock();
        try {
            return action.get();
        } finally {
            writeLock.unlock();
        }
    }

    private void lockedRun(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }
}
