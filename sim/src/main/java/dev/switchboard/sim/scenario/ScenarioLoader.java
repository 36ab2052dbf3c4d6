package dev.switchboard.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.switchboard.core.model.DistributionPolicy;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.IdleClock;
import dev.switchboard.core.model.InvalidConfigException;
import dev.switchboard.core.model.QueueSettings;
import dev.switchboard.core.model.RonaSettings;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.presence.PresenceGroup;
import dev.switchboard.sim.random.Distribution;
import dev.switchboard.sim.scenario.AgentGroupSpec.AnswerSpec;
import dev.switchboard.sim.scenario.AgentGroupSpec.CalendarEntry;
import dev.switchboard.sim.scenario.AgentGroupSpec.InCallReaction;
import dev.switchboard.sim.scenario.AgentGroupSpec.ManualStatus;
import dev.switchboard.sim.scenario.AgentGroupSpec.ManualStatusSpec;
import dev.switchboard.sim.scenario.AgentGroupSpec.MeetingSpec;
import dev.switchboard.sim.scenario.AgentGroupSpec.OfflineSpec;
import dev.switchboard.sim.scenario.AgentGroupSpec.PersonalCallSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads scenarios from YAML (a file or a built-in), applies overrides and splits them into modes. */
public final class ScenarioLoader {
    private ScenarioLoader() {}

    /** The scenarios that ship with the simulator, by name. */
    public static final List<String> BUILT_IN = List.of("presence-dilemma", "textbook", "impatient");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Loads a built-in scenario by name or a YAML file by path, then applies {@code sets} ("path=
     * value", value in YAML) to it.
     */
    public static LoadedScenario load(String nameOrFile, List<String> sets) {
        if (nameOrFile == null || nameOrFile.isBlank()) {
            throw new ScenarioException("--scenario", "is empty");
        }
        if (BUILT_IN.contains(nameOrFile)) {
            return parse(builtInText(nameOrFile), nameOrFile, sets);
        }
        Path file = Path.of(nameOrFile);
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(
                    "--scenario",
                    "no built-in scenario and no file named '" + nameOrFile + "' (built-in: "
                            + String.join(", ", BUILT_IN) + ")");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ScenarioException("--scenario", "cannot read " + file + ": " + e.getMessage());
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return parse(text, base, sets);
    }

    /** The YAML text of a built-in scenario. */
    public static String builtInText(String name) {
        String resource = "/dev/switchboard/sim/scenarios/" + name + ".yaml";
        try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ScenarioException("--scenario", "built-in scenario " + name + " is missing from this build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException("--scenario", "cannot read built-in scenario " + name + ": " + e.getMessage());
        }
    }

    /** Parses YAML text; {@code defaultName} names the scenario when the text does not. */
    public static LoadedScenario parse(String yaml, String defaultName, List<String> sets) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new ScenarioException("scenario", "is not valid YAML" + where + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new ScenarioException("scenario", "is empty");
        }
        if (!root.isObject()) {
            throw new ScenarioException("scenario", "must be a mapping of keys to values");
        }
        ObjectNode tree = (ObjectNode) root;
        for (String set : sets) {
            applySet(tree, set);
        }
        return fromTree(tree, defaultName);
    }

    /** Sets a dotted path ("presence.latency", "services.support.calls_per_hour") to a YAML value. */
    static void applySet(ObjectNode root, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new ScenarioException("--set", "expected PATH=VALUE (was '" + assignment + "')");
        }
        String path = assignment.substring(0, eq).strip();
        String text = assignment.substring(eq + 1);
        JsonNode value;
        try {
            value = text.isBlank() ? JsonNodeFactory.instance.nullNode() : YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScenarioException("--set " + path, "value is not valid YAML: " + e.getOriginalMessage());
        }
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].isEmpty()) {
                throw new ScenarioException("--set", "empty name in path '" + path + "'");
            }
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            } else if (!child.isObject()) {
                throw new ScenarioException(
                        "--set " + path, String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + " is not a mapping");
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }

    private static LoadedScenario fromTree(ObjectNode tree, String defaultName) {
        Fields top = new Fields(tree, "");
        String name = top.string("name", defaultName);
        String description = top.string("description", "");
        top.raw("modes");
        JsonNode modesNode = tree.get("modes");
        ObjectNode base = tree.deepCopy();
        base.remove(List.of("name", "description", "modes"));
        List<LoadedScenario.Mode> modes = new ArrayList<>();
        if (modesNode == null || modesNode.isNull()) {
            modes.add(new LoadedScenario.Mode(name, description, spec(base, "")));
            return new LoadedScenario(name, description, false, modes);
        }
        Fields modeFields = new Fields(modesNode, "modes");
        if (modeFields.keys().isEmpty()) {
            throw new ScenarioException("modes", "must name at least one mode");
        }
        for (String modeName : modeFields.keys()) {
            Fields mode = modeFields.object(modeName);
            String modeDescription = mode.string("description", "");
            ObjectNode overlay = ((ObjectNode) tree.get("modes").get(modeName)).deepCopy();
            overlay.remove("description");
            ObjectNode merged = base.deepCopy();
            merge(merged, overlay);
            try {
                modes.add(new LoadedScenario.Mode(modeName, modeDescription, spec(merged, "")));
            } catch (ScenarioException e) {
                throw inBaseOrMode(base, modeName, e);
            }
        }
        return new LoadedScenario(name, description, true, modes);
    }

    /** An error the base scenario has on its own is the base's, not the mode's. */
    private static ScenarioException inBaseOrMode(ObjectNode base, String mode, ScenarioException e) {
        try {
            spec(base, "");
        } catch (ScenarioException inBase) {
            if (inBase.field().equals(e.field())) {
                return inBase;
            }
        }
        return new ScenarioException("modes." + mode + " → " + e.field(), stripField(e));
    }

    private static String stripField(ScenarioException e) {
        return e.getMessage().substring(e.field().length() + 2);
    }

    /** Mappings merge key by key; anything else in the overlay replaces the base value. */
    private static void merge(ObjectNode base, ObjectNode overlay) {
        for (Map.Entry<String, JsonNode> entry : overlay.properties()) {
            JsonNode current = base.get(entry.getKey());
            if (current instanceof ObjectNode c && entry.getValue() instanceof ObjectNode o) {
                merge(c, o);
            } else {
                base.set(entry.getKey(), entry.getValue());
            }
        }
    }

    private static ScenarioSpec spec(ObjectNode node, String path) {
        Fields f = new Fields(node, path);
        long seed = f.longValue("seed", 1);
        Fields day = f.has("day") ? f.object("day") : new Fields(JsonNodeFactory.instance.objectNode(), "day");
        Duration start = day.clock("start", Duration.ofHours(8));
        double hours = day.number("hours", 9, 1.0 / 60, 24.0 * 366);
        int days = day.integer("days", 1, 1, 366);
        day.done();
        if (days > 1 && hours > 24) {
            throw new ScenarioException("day.hours", "must be at most 24 when several days are simulated");
        }
        Duration length = Duration.ofNanos(Math.round(hours * 3600e9));
        Duration warmup = Duration.ofNanos(Math.round(f.number("warmup_minutes", 0, 0, hours * 60) * 60e9));
        Duration interval = Duration.ofNanos(Math.round(f.number("kpi_interval_minutes", 60, 1, 24 * 60) * 60e9));

        if (!f.has("services")) {
            throw new ScenarioException("services", "is required: at least one service");
        }
        Fields servicesNode = f.object("services");
        List<ServiceSpec> services = new ArrayList<>();
        for (String id : servicesNode.keys()) {
            services.add(service(id, servicesNode.object(id)));
        }
        if (services.isEmpty()) {
            throw new ScenarioException("services", "needs at least one service");
        }
        Set<String> serviceIds = new HashSet<>();
        services.forEach(s -> serviceIds.add(s.id()));

        if (!f.has("agents")) {
            throw new ScenarioException("agents", "is required: at least one agent group");
        }
        Fields agentsNode = f.object("agents");
        List<AgentGroupSpec> groups = new ArrayList<>();
        Set<String> agentIds = new HashSet<>();
        for (String id : agentsNode.keys()) {
            AgentGroupSpec g = group(id, agentsNode.object(id), serviceIds, start, length);
            for (int i = 0; i < g.count(); i++) {
                if (!agentIds.add(g.agentId(i))) {
                    throw new ScenarioException("agents." + id, "agent " + g.agentId(i) + " exists twice");
                }
            }
            groups.add(g);
        }
        if (groups.isEmpty()) {
            throw new ScenarioException("agents", "needs at least one agent group");
        }
        PresenceSpec presence = presence(
                f.has("presence")
                        ? f.object("presence")
                        : new Fields(JsonNodeFactory.instance.objectNode(), "presence"),
                days);
        f.done();
        return new ScenarioSpec(seed, start, length, days, warmup, interval, services, groups, presence);
    }

    private static ServiceSpec service(String id, Fields f) {
        double rate = f.required("calls_per_hour", 0, 1e7);
        List<Double> profile = profile(f);
        Distribution handle = f.distribution("handle_time", null, false);
        if (handle == null) {
            throw new ScenarioException(f.at("handle_time"), "is required");
        }
        Distribution patience = f.distribution("patience", new Distribution.Never(), true);
        ServiceConfig config;
        try {
            ServiceConfig.Builder b = ServiceConfig.builder(id);
            b.name(f.string("name", id));
            b.distributionType(f.enumValue("distribution_type", DistributionType.class, DistributionType.DIRECT));
            b.batchSize(f.integer("batch_size", ServiceConfig.DEFAULT_BATCH_SIZE, 1, ServiceConfig.MAX_BATCH_SIZE));
            b.idleClock(f.enumValue("idle_clock", IdleClock.class, IdleClock.SINCE_LAST_CALL));
            b.serviceLevelTarget(f.seconds("target_seconds", Duration.ofSeconds(20), 1, 3600));
            b.alertTime(f.seconds("alert_seconds", Duration.ofSeconds(30), 15, 180));
            b.afterCallWork(f.seconds("after_call_work_seconds", Duration.ofSeconds(20), 0, 3600));
            if (f.has("policy")) {
                b.policy(policy(f.object("policy")));
            }
            if (f.has("rona")) {
                Fields r = f.object("rona");
                b.rona(new RonaSettings(
                        r.bool("enabled", true), r.seconds("reset_seconds", Duration.ofMinutes(10), 10, 86400)));
                r.done();
            }
            QueueSettings queue = QueueSettings.defaults();
            if (f.has("queue")) {
                Fields q = f.object("queue");
                queue = queue.withMaxSize(q.integer("max_size", queue.maxSize(), 0, QueueSettings.MAX_QUEUE_SIZE))
                        .withMaxWait(q.seconds("max_wait_seconds", queue.maxWait(), 0, 2700));
                q.done();
            }
            b.queue(queue);
            config = b.build();
        } catch (InvalidConfigException e) {
            throw new ScenarioException(f.path() + "." + yamlName(e.field()), e.problem());
        }
        f.done();
        return new ServiceSpec(config, rate, profile, handle, patience);
    }

    /** The YAML key for a core configuration field named in a validation error. */
    private static String yamlName(String coreField) {
        return switch (coreField) {
            case "serviceId" -> "(name of the service)";
            case "alertTime" -> "alert_seconds";
            case "afterCallWork" -> "after_call_work_seconds";
            case "serviceLevelTarget" -> "target_seconds";
            case "batchSize" -> "batch_size";
            case "queue.maxSize" -> "queue.max_size";
            case "queue.maxWait" -> "queue.max_wait_seconds";
            case "rona.resetAfter" -> "rona.reset_seconds";
            default -> coreField;
        };
    }

    private static DistributionPolicy policy(Fields p) {
        Set<PresenceGroup> groups = EnumSet.noneOf(PresenceGroup.class);
        List<JsonNode> items = p.list("distributed");
        for (int i = 0; i < items.size(); i++) {
            String where = p.at("distributed") + "[" + i + "]";
            PresenceGroup g = Fields.enumValue(items.get(i), where, PresenceGroup.class);
            if (!g.configurable()) {
                throw new ScenarioException(where, "agents in a call or presenting are never offered calls");
            }
            groups.add(g);
        }
        if (!p.has("distributed")) {
            groups.add(PresenceGroup.AVAILABLE);
        }
        DistributionPolicy policy =
                new DistributionPolicy(groups, p.bool("offer_when_out_of_office", true), p.bool("coarse_busy", false));
        p.done();
        return policy;
    }

    private static List<Double> profile(Fields f) {
        Double[] values = new Double[24];
        java.util.Arrays.fill(values, 1.0);
        if (!f.has("hourly_profile")) {
            return List.of(values);
        }
        JsonNode node = f.raw("hourly_profile");
        String where = f.at("hourly_profile");
        if (node.isArray()) {
            if (node.size() != 24) {
                throw new ScenarioException(
                        where, "as a list needs 24 values, one per hour from 00 (had " + node.size() + ")");
            }
            for (int h = 0; h < 24; h++) {
                values[h] = Fields.number(node.get(h), where + "[" + h + "]", 0, 1000);
            }
        } else if (node.isObject()) {
            Fields p = new Fields(node, where);
            for (String key : p.keys()) {
                int hour;
                try {
                    hour = Integer.parseInt(key.strip());
                } catch (NumberFormatException e) {
                    hour = -1;
                }
                if (hour < 0 || hour > 23) {
                    throw new ScenarioException(p.at(key), "hours are named 0 to 23 (or 00 to 23)");
                }
                values[hour] = p.number(key, 1, 0, 1000);
            }
        } else {
            throw new ScenarioException(where, "must be a list of 24 multipliers or a mapping hour → multiplier");
        }
        return List.of(values);
    }

    private static AgentGroupSpec group(
            String id, Fields f, Set<String> serviceIds, Duration dayStart, Duration dayLength) {
        try {
            dev.switchboard.core.model.AgentId.of(id + "-01");
        } catch (InvalidConfigException e) {
            throw new ScenarioException(f.path(), "is not a usable agent name: " + e.problem());
        }
        int count = f.integer("count", 1, 1, 100_000);
        List<String> services = new ArrayList<>();
        List<JsonNode> listed = f.list("services");
        for (int i = 0; i < listed.size(); i++) {
            String s = listed.get(i).asText();
            if (!serviceIds.contains(s)) {
                throw new ScenarioException(f.at("services") + "[" + i + "]", "no service named '" + s + "'");
            }
            if (services.contains(s)) {
                throw new ScenarioException(f.at("services") + "[" + i + "]", "lists '" + s + "' twice");
            }
            services.add(s);
        }
        if (services.isEmpty()) {
            if (serviceIds.size() != 1) {
                throw new ScenarioException(f.at("services"), "is required when there are several services");
            }
            services.addAll(serviceIds);
        }
        Duration shiftStart = null;
        Duration shiftEnd = null;
        if (f.has("shift")) {
            Fields s = f.object("shift");
            shiftStart = s.clock("start", null);
            shiftEnd = s.clock("end", null);
            s.done();
            Duration effectiveStart = shiftStart == null ? dayStart : shiftStart;
            Duration effectiveEnd = shiftEnd == null ? dayStart.plus(dayLength) : shiftEnd;
            if (effectiveEnd.compareTo(effectiveStart) <= 0) {
                throw new ScenarioException(f.at("shift.end"), "must be after the shift start");
            }
        }
        AnswerSpec answer = new AnswerSpec(new Distribution.Fixed(0), 0);
        if (f.has("answer")) {
            Fields a = f.object("answer");
            answer = new AnswerSpec(
                    a.distribution("delay", new Distribution.Fixed(0), false),
                    a.number("no_answer_probability", 0, 0, 1));
            a.done();
        }
        Distribution acw = f.distribution("after_call_work", null, false);
        MeetingSpec meetings = null;
        if (f.has("meetings")) {
            Fields m = f.object("meetings");
            Duration earliest = m.clock("earliest", dayStart);
            Duration lastHour = dayStart.plus(dayLength).minusHours(1);
            Duration latest = m.clock("latest", lastHour.compareTo(earliest) < 0 ? earliest : lastHour);
            if (latest.compareTo(earliest) < 0) {
                throw new ScenarioException(m.at("latest"), "must not be before earliest");
            }
            meetings = new MeetingSpec(
                    m.required("per_day", 0, 100), requiredDistribution(m, "duration"), earliest, latest);
            m.done();
        }
        List<CalendarEntry> calendar = new ArrayList<>();
        List<JsonNode> entries = f.list("calendar");
        for (int i = 0; i < entries.size(); i++) {
            Fields c = new Fields(entries.get(i), f.at("calendar") + "[" + i + "]");
            Duration start = c.clock("start", null);
            Duration end = c.clock("end", null);
            if (start == null || end == null) {
                throw new ScenarioException(c.at(start == null ? "start" : "end"), "is required");
            }
            if (end.compareTo(start) <= 0) {
                throw new ScenarioException(c.at("end"), "must be after start");
            }
            calendar.add(new CalendarEntry(start, end, c.number("share", 1, 0, 1)));
            c.done();
        }
        PersonalCallSpec personal = null;
        if (f.has("personal_calls")) {
            Fields p = f.object("personal_calls");
            personal = new PersonalCallSpec(p.required("per_hour", 0, 60), requiredDistribution(p, "duration"));
            p.done();
        }
        List<ManualStatusSpec> manual = new ArrayList<>();
        if (f.has("manual")) {
            Fields m = f.object("manual");
            for (String key : m.keys()) {
                ManualStatus status =
                        Fields.enumValue(JsonNodeFactory.instance.textNode(key), m.at(key), ManualStatus.class);
                Fields s = m.object(key);
                manual.add(new ManualStatusSpec(
                        status, s.required("per_day", 0, 100), requiredDistribution(s, "duration")));
                s.done();
            }
            m.done();
        }
        OfflineSpec offline = null;
        if (f.has("offline")) {
            Fields o = f.object("offline");
            offline = new OfflineSpec(o.required("per_day", 0, 100), requiredDistribution(o, "duration"));
            o.done();
        }
        InCallReaction reaction = f.enumValue("when_offered_in_call", InCallReaction.class, InCallReaction.IGNORE);
        Distribution declineDelay = f.distribution("decline_delay", new Distribution.Fixed(3), false);
        f.done();
        return new AgentGroupSpec(
                id,
                count,
                services,
                shiftStart,
                shiftEnd,
                answer,
                acw,
                meetings,
                calendar,
                personal,
                manual,
                offline,
                reaction,
                declineDelay);
    }

    private static Distribution requiredDistribution(Fields f, String key) {
        Distribution d = f.distribution(key, null, false);
        if (d == null) {
            throw new ScenarioException(f.at(key), "is required");
        }
        return d;
    }

    private static PresenceSpec presence(Fields f, int days) {
        PresenceSpec.Source source = f.enumValue("source", PresenceSpec.Source.class, PresenceSpec.Source.DETAILED);
        Distribution latency = f.distribution("latency", new Distribution.Fixed(0), false);
        boolean reports = f.bool("reports_switchboard_calls", true);
        PresenceSpec.Failure failure = null;
        if (f.has("failure")) {
            Fields x = f.object("failure");
            int day = x.integer("day", 1, 1, days);
            Duration at = x.clock("at", null);
            Duration until = x.clock("until", null);
            if (at == null) {
                throw new ScenarioException(x.at("at"), "is required");
            }
            if (until == null) {
                throw new ScenarioException(x.at("until"), "is required");
            }
            if (until.compareTo(at) <= 0) {
                throw new ScenarioException(x.at("until"), "must be after at");
            }
            failure = new PresenceSpec.Failure(day, at, until, x.string("reason", "WRONG_PASSWORD (AADSTS50126)"));
            x.done();
        }
        if (source == PresenceSpec.Source.DETAILED_FAILING && failure == null) {
            throw new ScenarioException(f.at("failure"), "is required for source detailed-failing");
        }
        f.done();
        return new PresenceSpec(source, latency, reports, failure);
    }

    /** For tests and tools: the built-in scenarios' names with their descriptions. */
    public static Map<String, String> describeBuiltIns() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : BUILT_IN) {
            out.put(name, parse(builtInText(name), name, List.of()).description());
        }
        return Collections.unmodifiableMap(out);
    }
}
