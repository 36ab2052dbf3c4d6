package dev.switchboard.http.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.switchboard.core.model.ActionType;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallAction;
import dev.switchboard.core.model.DistributionPolicy;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.EscalationLevel;
import dev.switchboard.core.model.IdleClock;
import dev.switchboard.core.model.InvalidConfigException;
import dev.switchboard.core.model.OpeningHours;
import dev.switchboard.core.model.ProfileId;
import dev.switchboard.core.model.QueueSettings;
import dev.switchboard.core.model.ResponsibilityProfile;
import dev.switchboard.core.model.RonaSettings;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.model.SkillRequirement;
import dev.switchboard.core.model.TimeRange;
import dev.switchboard.core.model.Validation;
import dev.switchboard.core.presence.PresenceGroup;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The JSON form of configuration: DTO records for responses, and readers that turn a request body
 * into the core's configuration records. Field names follow docs/API.md (durations as {@code
 * …Seconds}).
 */
final class ConfigJson {
    private ConfigJson() {}

    // =====================================================================================
    // DTOs (responses)
    // =====================================================================================

    record AgentConfigDto(String id, String displayName, String userId, Map<String, Integer> skills) {}

    record ProfileDto(String id, String name, boolean onDuty, List<String> activeSkills) {}

    record ActionDto(ActionType type, String target) {}

    record PolicyDto(List<PresenceGroup> distributed, boolean offerWhenOutOfOffice, boolean coarseBusy) {}

    record RequirementDto(String skill, int minLevel) {}

    record EscalationDto(long afterSeconds, List<RequirementDto> requirements) {}

    record QueueDto(
            int maxSize,
            ActionDto overflowAction,
            long maxWaitSeconds,
            ActionDto timeoutAction,
            ActionDto noAgentsAction) {}

    record RonaDto(boolean enabled, long resetAfterSeconds) {}

    record RangeDto(String from, String to) {}

    record OpeningHoursDto(
            String zone,
            Map<DayOfWeek, List<RangeDto>> weekly,
            List<String> holidays,
            Map<String, List<RangeDto>> specialDays) {}

    record ServiceConfigDto(
            String id,
            String name,
            DistributionType distributionType,
            int batchSize,
            PolicyDto policy,
            IdleClock idleClock,
            List<String> members,
            boolean newMembersActive,
            boolean requiresDuty,
            List<EscalationDto> escalation,
            QueueDto queue,
            long alertTimeSeconds,
            RonaDto rona,
            long afterCallWorkSeconds,
            long serviceLevelTargetSeconds,
            OpeningHoursDto openingHours,
            ActionDto closedAction) {}

    static AgentConfigDto dto(AgentConfig a) {
        return new AgentConfigDto(a.id().value(), a.displayName(), a.userId(), new TreeMap<>(a.skills()));
    }

    static ProfileDto dto(ResponsibilityProfile p) {
        return new ProfileDto(p.id().value(), p.name(), p.onDuty(), List.copyOf(p.activeSkills()));
    }

    static ActionDto dto(CallAction a) {
        return a == null ? null : new ActionDto(a.type(), a.target());
    }

    static PolicyDto dto(DistributionPolicy p) {
        return new PolicyDto(List.copyOf(p.distributed()), p.offerWhenOutOfOffice(), p.coarseBusy());
    }

    static OpeningHoursDto dto(OpeningHours h) {
        if (h == null) {
            return null;
        }
        Map<DayOfWeek, List<RangeDto>> weekly = new EnumMap<>(DayOfWeek.class);
        h.weekly().forEach((day, ranges) -> weekly.put(day, ranges(ranges)));
        Map<String, List<RangeDto>> special = new LinkedHashMap<>();
        h.specialDays().forEach((day, ranges) -> special.put(day.toString(), ranges(ranges)));
        return new OpeningHoursDto(
                h.zone().getId(),
                weekly,
                h.holidays().stream().map(LocalDate::toString).toList(),
                special);
    }

    private static List<RangeDto> ranges(List<TimeRange> ranges) {
        return ranges.stream()
                .map(r -> new RangeDto(r.from().toString(), r.to().toString()))
                .toList();
    }

    static ServiceConfigDto dto(ServiceConfig s) {
        QueueSettings q = s.queue();
        return new ServiceConfigDto(
                s.id().value(),
                s.name(),
                s.distributionType(),
                s.batchSize(),
                dto(s.policy()),
                s.idleClock(),
                s.members().stream().map(AgentId::value).toList(),
                s.newMembersActive(),
                s.requiresDuty(),
                s.escalation().stream()
                        .map(l -> new EscalationDto(
                                l.after().toSeconds(),
                                l.requirements().stream()
                                        .map(r -> new RequirementDto(r.skill(), r.minLevel()))
                                        .toList()))
                        .toList(),
                new QueueDto(
                        q.maxSize(),
                        dto(q.overflowAction()),
                        q.maxWait().toSeconds(),
                        dto(q.timeoutAction()),
                        dto(q.noAgentsAction())),
                s.alertTime().toSeconds(),
                new RonaDto(s.rona().enabled(), s.rona().resetAfter().toSeconds()),
                s.afterCallWork().toSeconds(),
                s.serviceLevelTarget().toSeconds(),
                dto(s.openingHours()),
                dto(s.closedAction()));
    }

    // =====================================================================================
    // Readers (requests)
    // =====================================================================================

    /**
     * Reads the id of a create/replace body: required when there is no path id; must equal it
     * when there is one.
     */
    static String bodyId(JsonInput in, String pathId) {
        String id = in.string("id");
        if (pathId == null) {
            if (id == null) {
                throw ApiException.missing("id");
            }
            return id;
        }
        if (id != null && !id.equals(pathId)) {
            throw new ApiException(
                    422, "ID_MISMATCH", "id", "id '" + id + "' differs from the id in the path '" + pathId + "'");
        }
        return pathId;
    }

    static AgentConfig agent(JsonInput in, String pathId) {
        in.allowOnly("id", "displayName", "userId", "skills");
        String id = bodyId(in, pathId);
        AgentId agentId = agentId(id, "id");
        String displayName = in.string("displayName");
        String userId = in.string("userId");
        Map<String, Integer> skills = skills(in.map("skills"), in.field("skills"));
        return build("", true, () -> new AgentConfig(agentId, displayName, userId, skills));
    }

    /** A skill map {@code {"english": 7}}; null when absent. */
    static Map<String, Integer> skills(Map<String, JsonNode> raw, String path) {
        if (raw == null) {
            return null;
        }
        Map<String, Integer> skills = new TreeMap<>();
        raw.forEach((name, level) -> {
            String field = path + "." + name;
            requireId(name, field, "a skill name");
            Integer value = JsonInput.integerOf(level, field);
            if (value == null) {
                throw ApiException.missing(field);
            }
            if (value < 1 || value > SkillRequirement.MAX_LEVEL) {
                throw ApiException.invalid(
                        field, "must be between 1 and " + SkillRequirement.MAX_LEVEL + " (was " + value + ")");
            }
            skills.put(name, value);
        });
        return skills;
    }

    static ResponsibilityProfile profile(JsonInput in, String pathId) {
        in.allowOnly("id", "name", "onDuty", "activeSkills");
        String id = bodyId(in, pathId);
        ProfileId profileId = build("id", false, () -> ProfileId.of(id));
        String name = in.string("name");
        boolean onDuty = in.bool("onDuty", true);
        List<String> active = in.strings("activeSkills");
        Set<String> activeSkills = new LinkedHashSet<>();
        if (active != null) {
            for (int i = 0; i < active.size(); i++) {
                String skill = active.get(i);
                requireId(skill, in.field("activeSkills") + "[" + i + "]", "a skill name");
                activeSkills.add(skill);
            }
        }
        return build("", true, () -> new ResponsibilityProfile(profileId, name, onDuty, activeSkills));
    }

    static ServiceConfig service(JsonInput in, String pathId) {
        in.allowOnly(
                "id",
                "name",
                "distributionType",
                "batchSize",
                "policy",
                "idleClock",
                "members",
                "newMembersActive",
                "requiresDuty",
                "escalation",
                "queue",
                "alertTimeSeconds",
                "rona",
                "afterCallWorkSeconds",
                "serviceLevelTargetSeconds",
                "openingHours",
                "closedAction");
        String id = bodyId(in, pathId);
        ServiceConfig.Builder b = build("id", false, () -> ServiceConfig.builder(id));
        String name = in.string("name");
        if (name != null) {
            b.name(name);
        }
        DistributionType type = in.enumValue("distributionType", DistributionType.class);
        if (type != null) {
            b.distributionType(type);
        }
        Integer batch = in.integer("batchSize");
        if (batch != null) {
            b.batchSize(batch);
        }
        JsonInput policy = in.object("policy");
        if (policy != null) {
            b.policy(policy(policy));
        }
        IdleClock idle = in.enumValue("idleClock", IdleClock.class);
        if (idle != null) {
            b.idleClock(idle);
        }
        List<String> members = in.strings("members");
        if (members != null) {
            List<AgentId> ids = new ArrayList<>(members.size());
            for (int i = 0; i < members.size(); i++) {
                ids.add(agentId(members.get(i), in.field("members") + "[" + i + "]"));
            }
            b.members(ids);
        }
        b.newMembersActive(in.bool("newMembersActive", true));
        b.requiresDuty(in.bool("requiresDuty", false));
        List<JsonInput> levels = in.objects("escalation");
        if (levels != null) {
            List<EscalationLevel> escalation = new ArrayList<>(levels.size());
            for (JsonInput level : levels) {
                escalation.add(escalationLevel(level));
            }
            b.escalation(escalation);
        }
        JsonInput queue = in.object("queue");
        if (queue != null) {
            b.queue(queue(queue));
        }
        Long alert = in.longValue("alertTimeSeconds");
        if (alert != null) {
            b.alertTime(Duration.ofSeconds(alert));
        }
        JsonInput rona = in.object("rona");
        if (rona != null) {
            b.rona(rona(rona));
        }
        Long acw = in.longValue("afterCallWorkSeconds");
        if (acw != null) {
            b.afterCallWork(Duration.ofSeconds(acw));
        }
        Long target = in.longValue("serviceLevelTargetSeconds");
        if (target != null) {
            b.serviceLevelTarget(Duration.ofSeconds(target));
        }
        JsonInput hours = in.object("openingHours");
        if (hours != null) {
            b.openingHours(openingHours(hours));
        }
        JsonInput closed = in.object("closedAction");
        if (closed != null) {
            b.closedAction(action(closed));
        }
        return build("", true, b::build);
    }

    static DistributionPolicy policy(JsonInput in) {
        in.allowOnly("distributed", "offerWhenOutOfOffice", "coarseBusy");
        DistributionPolicy defaults = DistributionPolicy.availableOnly();
        Set<PresenceGroup> groups = EnumSet.noneOf(PresenceGroup.class);
        List<JsonNode> raw = in.array("distributed");
        if (raw == null) {
            groups.addAll(defaults.distributed());
        } else {
            for (int i = 0; i < raw.size(); i++) {
                String field = in.field("distributed") + "[" + i + "]";
                PresenceGroup group = JsonInput.enumOf(raw.get(i), field, PresenceGroup.class);
                if (group == null) {
                    throw ApiException.missing(field); // a null in the list names no group
                }
                groups.add(group);
            }
        }
        boolean ooo = in.bool("offerWhenOutOfOffice", defaults.offerWhenOutOfOffice());
        boolean coarseBusy = in.bool("coarseBusy", defaults.coarseBusy());
        return build(in.path(), false, () -> new DistributionPolicy(groups, ooo, coarseBusy));
    }

    static EscalationLevel escalationLevel(JsonInput in) {
        in.allowOnly("afterSeconds", "requirements");
        Long after = in.longValue("afterSeconds");
        if (after == null) {
            throw ApiException.missing(in.field("afterSeconds"));
        }
        List<JsonInput> reqs = in.objects("requirements");
        List<SkillRequirement> requirements = new ArrayList<>();
        if (reqs != null) {
            for (JsonInput r : reqs) {
                r.allowOnly("skill", "minLevel");
                String skill = r.requireString("skill");
                int min = r.integer("minLevel", 1);
                requirements.add(build(r.path(), false, () -> new SkillRequirement(skill, min)));
            }
        }
        return build(in.path(), false, () -> new EscalationLevel(Duration.ofSeconds(after), requirements));
    }

    static QueueSettings queue(JsonInput in) {
        in.allowOnly("maxSize", "overflowAction", "maxWaitSeconds", "timeoutAction", "noAgentsAction");
        QueueSettings d = QueueSettings.defaults();
        int maxSize = in.integer("maxSize", d.maxSize());
        CallAction overflow = actionOr(in.object("overflowAction"), d.overflowAction());
        Long maxWait = in.longValue("maxWaitSeconds");
        Duration wait = maxWait == null ? d.maxWait() : Duration.ofSeconds(maxWait);
        CallAction timeout = actionOr(in.object("timeoutAction"), d.timeoutAction());
        CallAction noAgents = actionOr(in.object("noAgentsAction"), d.noAgentsAction());
        return build(in.path(), false, () -> new QueueSettings(maxSize, overflow, wait, timeout, noAgents));
    }

    static RonaSettings rona(JsonInput in) {
        in.allowOnly("enabled", "resetAfterSeconds");
        RonaSettings d = RonaSettings.defaults();
        boolean enabled = in.bool("enabled", d.enabled());
        Long reset = in.longValue("resetAfterSeconds");
        Duration resetAfter = reset == null ? d.resetAfter() : Duration.ofSeconds(reset);
        return build(in.path(), false, () -> new RonaSettings(enabled, resetAfter));
    }

    private static CallAction actionOr(JsonInput in, CallAction fallback) {
        return in == null ? fallback : action(in);
    }

    static CallAction action(JsonInput in) {
        in.allowOnly("type", "target");
        ActionType type = in.requireEnum("type", ActionType.class);
        String target = in.string("target");
        return build(in.path(), false, () -> new CallAction(type, target));
    }

    static OpeningHours openingHours(JsonInput in) {
        in.allowOnly("zone", "weekly", "holidays", "specialDays");
        String zoneText = in.requireString("zone");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw ApiException.invalid(in.field("zone"), "is not a time zone id (e.g. Europe/Zurich)");
        }
        Map<DayOfWeek, List<TimeRange>> weekly = new EnumMap<>(DayOfWeek.class);
        Map<String, JsonNode> rawWeekly = in.map("weekly");
        if (rawWeekly != null) {
            rawWeekly.forEach((key, value) -> {
                String field = in.field("weekly") + "." + key;
                DayOfWeek day = JsonInput.enumOf(TextNode.valueOf(key), field, DayOfWeek.class);
                if (weekly.containsKey(day)) {
                    throw ApiException.invalid(field, "names a day twice");
                }
                weekly.put(day, timeRanges(value, field));
            });
        }
        Set<LocalDate> holidays = new LinkedHashSet<>();
        List<String> rawHolidays = in.strings("holidays");
        if (rawHolidays != null) {
            for (int i = 0; i < rawHolidays.size(); i++) {
                holidays.add(date(rawHolidays.get(i), in.field("holidays") + "[" + i + "]"));
            }
        }
        Map<LocalDate, List<TimeRange>> special = new TreeMap<>();
        Map<String, JsonNode> rawSpecial = in.map("specialDays");
        if (rawSpecial != null) {
            rawSpecial.forEach((key, value) -> {
                String field = in.field("specialDays") + "." + key;
                LocalDate day = date(key, field);
                if (special.containsKey(day)) {
                    throw ApiException.invalid(field, "names a day twice");
                }
                special.put(day, timeRanges(value, field));
            });
        }
        return build(in.path(), false, () -> new OpeningHours(zone, weekly, holidays, special));
    }

    private static List<TimeRange> timeRanges(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiException.wrongType(field, "an array of {from, to}");
        }
        List<TimeRange> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String itemPath = field + "[" + i + "]";
            JsonInput range = JsonInput.at(value.get(i), itemPath);
            range.allowOnly("from", "to");
            LocalTime from = time(range.requireString("from"), range.field("from"));
            LocalTime to = time(range.requireString("to"), range.field("to"));
            out.add(build(itemPath, false, () -> new TimeRange(from, to)));
        }
        return out;
    }

    private static LocalTime time(String text, String field) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeException e) {
            throw ApiException.invalid(field, "must be a time of day like 08:30");
        }
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            throw ApiException.invalid(field, "must be a date like 2026-12-24");
        }
    }

    /** Checks an identifier with the core's rule, naming the API field. */
    static String requireId(String value, String field, String what) {
        try {
            Validation.requireId(value, field);
            return value;
        } catch (InvalidConfigException e) {
            throw ApiException.invalid(field, "must be " + what + ": " + e.problem());
        }
    }

    static AgentId agentId(String value, String field) {
        return build(field, false, () -> AgentId.of(value));
    }

    static ServiceId serviceId(String value, String field) {
        return build(field, false, () -> ServiceId.of(value));
    }

    static ProfileId profileId(String value, String field) {
        return build(field, false, () -> ProfileId.of(value));
    }

    // =====================================================================================
    // From the core's field names to the API's
    // =====================================================================================

    /** Core names of durations; the API calls them …Seconds. */
    private static final Set<String> DURATIONS =
            Set.of("after", "alertTime", "afterCallWork", "serviceLevelTarget", "maxWait", "resetAfter");

    /**
     * Runs a core constructor and turns its validation failure into a 422 naming the API field.
     *
     * @param site the API path of the object being built ("" for the body itself)
     * @param fullPath whether the core's field name is a full path from {@code site} (true for the
     *     top-level records, whose messages say e.g. {@code escalation[1].after}); otherwise only
     *     its last segment names a field of {@code site} (e.g. {@code range.to} → {@code to})
     */
    static <T> T build(String site, boolean fullPath, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidConfigException e) {
            String field = apiField(site, fullPath, e.field());
            throw new ApiException(422, "INVALID_VALUE", field, field + " " + e.problem());
        } catch (IllegalArgumentException | NullPointerException | DateTimeException | ArithmeticException e) {
            String field = site.isEmpty() ? null : site;
            throw new ApiException(422, "INVALID_VALUE", field, (field == null ? "the body" : field) + " is not valid");
        }
    }

    static String apiField(String site, boolean fullPath, String coreField) {
        if (coreField == null || coreField.isEmpty()) {
            return site.isEmpty() ? null : site;
        }
        String[] segments;
        if (fullPath) {
            segments = coreField.split("\\.");
        } else {
            int dot = coreField.lastIndexOf('.');
            segments = new String[] {dot < 0 ? coreField : coreField.substring(dot + 1)};
            if (!site.isEmpty() && isIdField(segments[0])) {
                // An id constructor names its kind (agentId, serviceId): the site is the field.
                return site;
            }
        }
        StringBuilder sb = new StringBuilder(site);
        for (int i = 0; i < segments.length; i++) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            String segment = segments[i];
            int bracket = segment.indexOf('[');
            String name = bracket < 0 ? segment : segment.substring(0, bracket);
            String index = bracket < 0 ? "" : segment.substring(bracket);
            boolean last = i == segments.length - 1;
            sb.append(name)
                    .append(last && DURATIONS.contains(name) ? "Seconds" : "")
                    .append(index);
        }
        return sb.toString();
    }

    private static boolean isIdField(String name) {
        return name.equals("agentId") || name.equals("serviceId") || name.equals("callId") || name.equals("profileId");
    }
}
