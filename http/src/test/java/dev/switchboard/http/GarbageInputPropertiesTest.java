package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.TELEPHONY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random and mutated request bodies against every write route: never a 5xx, always problem
 * details for a 4xx, and a refused request never changes the journal. jqwik reports the seed of a
 * failing try.
 */
class GarbageInputPropertiesTest {
    private static TestServer t;

    @BeforeContainer
    static void start() {
        t = new TestServer();
        t.salesWithAnnaAndBob("");
        TestServer.ok(t.put("/api/profiles/on", ADMIN, "{}"));
        TestServer.ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-1\",\"service\":\"sales\"}"));
    }

    @AfterContainer
    static void stop() {
        t.close();
    }

    /** Every route that takes a body, with ids that exist (and some that do not). */
    private static final List<String[]> WRITES = List.of(
            new String[] {"POST", "/api/agents"},
            new String[] {"PUT", "/api/agents/anna"},
            new String[] {"PUT", "/api/agents/zed"},
            new String[] {"PUT", "/api/agents/anna/skills"},
            new String[] {"PUT", "/api/agents/anna/skills/english"},
            new String[] {"POST", "/api/services"},
            new String[] {"PUT", "/api/services/sales"},
            new String[] {"PUT", "/api/services/other"},
            new String[] {"PUT", "/api/services/sales/policy"},
            new String[] {"PUT", "/api/services/sales/opening-hours"},
            new String[] {"POST", "/api/profiles"},
            new String[] {"PUT", "/api/profiles/on"},
            new String[] {"POST", "/api/calls"},
            new String[] {"POST", "/api/calls/c-1/accept"},
            new String[] {"POST", "/api/calls/c-1/decline"},
            new String[] {"POST", "/api/calls/c-1/hangup"},
            new String[] {"POST", "/api/agents/anna/external-call"},
            new String[] {"PUT", "/api/agents/bob/duty"},
            new String[] {"PUT", "/api/agents/bob/services/sales/active"},
            new String[] {"POST", "/api/agents/bob/not-ready"},
            new String[] {"POST", "/api/agents/bob/ready"},
            new String[] {"POST", "/api/agents/bob/acw/extend"},
            new String[] {"POST", "/api/agents/bob/rona/reset"});

    private static final List<String> FIELD_NAMES = List.of(
            "id",
            "name",
            "displayName",
            "userId",
            "skills",
            "level",
            "distributionType",
            "batchSize",
            "policy",
            "distributed",
            "offerWhenOutOfOffice",
            "coarseBusy",
            "idleClock",
            "members",
            "newMembersActive",
            "requiresDuty",
            "escalation",
            "afterSeconds",
            "requirements",
            "skill",
            "minLevel",
            "queue",
            "maxSize",
            "overflowAction",
            "maxWaitSeconds",
            "timeoutAction",
            "noAgentsAction",
            "type",
            "target",
            "alertTimeSeconds",
            "rona",
            "enabled",
            "resetAfterSeconds",
            "afterCallWorkSeconds",
            "serviceLevelTargetSeconds",
            "openingHours",
            "zone",
            "weekly",
            "MONDAY",
            "from",
            "to",
            "holidays",
            "specialDays",
            "closedAction",
            "onDuty",
            "activeSkills",
            "service",
            "priority",
            "caller",
            "agent",
            "profile",
            "active",
            "reason",
            "seconds",
            "inCall",
            "english");

    private static final List<String> TEXTS = List.of(
            "anna",
            "bob",
            "sales",
            "on",
            "c-1",
            "DIRECT",
            "broadcast",
            "AVAILABLE",
            "IN_A_CALL",
            "QUEUE",
            "FORWARD",
            "VOICEMAIL",
            "UTC",
            "Europe/Zurich",
            "08:00",
            "00:00",
            "24:00",
            "2026-02-30",
            "2026-12-24",
            "high",
            "",
            " ",
            "a/b",
            "x".repeat(200),
            "\u0000",
            "💥",
            "null",
            "1e309",
            "-0");

    @Property(tries = 400)
    void randomJsonNeverBreaksTheServer(@ForAll("writes") String[] route, @ForAll("bodies") String body) {
        check(route, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Property(tries = 150)
    void randomBytesNeverBreakTheServer(@ForAll("writes") String[] route, @ForAll("bytes") byte[] body) {
        check(route, body);
    }

    @Property(tries = 600)
    void validBodiesWithOneFieldReplacedNeverBreakTheServer(@ForAll("mutations") Mutation m) {
        ObjectNode body = validBody(m.route()[1]);
        body.set(m.field(), m.value());
        check(m.route(), body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Full, valid bodies with nested objects and arrays, for mutations anywhere inside them. */
    static final Map<String, String> RICH_BODIES = Map.of(
            "/api/services/sales",
            """
            {"id":"sales","distributionType":"BROADCAST","batchSize":3,
             "policy":{"distributed":["AVAILABLE","BUSY"],"offerWhenOutOfOffice":true,"coarseBusy":false},
             "idleClock":"SINCE_LAST_CALL","members":["anna","bob"],"newMembersActive":true,"requiresDuty":false,
             "escalation":[{"afterSeconds":0,"requirements":[{"skill":"english","minLevel":3}]},
                           {"afterSeconds":30,"requirements":[{"skill":"english","minLevel":1}]}],
             "queue":{"maxSize":20,"overflowAction":{"type":"FORWARD","target":"+41"},"maxWaitSeconds":300,
                      "timeoutAction":{"type":"VOICEMAIL","target":"box"},"noAgentsAction":{"type":"QUEUE","target":null}},
             "alertTimeSeconds":20,"rona":{"enabled":true,"resetAfterSeconds":60},"afterCallWorkSeconds":10,
             "serviceLevelTargetSeconds":20,
             "openingHours":{"zone":"UTC","weekly":{"MONDAY":[{"from":"08:00","to":"17:00"}]},
                             "holidays":["2026-12-25"],"specialDays":{"2026-12-24":[{"from":"08:00","to":"12:00"}]}},
             "closedAction":{"type":"DISCONNECT","target":null}}
            """,
            "/api/agents/anna",
            "{\"id\":\"anna\",\"displayName\":\"Anna\",\"userId\":\"u-1\",\"skills\":{\"english\":7,\"german\":2}}",
            "/api/profiles/on",
            "{\"id\":\"on\",\"name\":\"On\",\"onDuty\":true,\"activeSkills\":[\"english\",\"german\"]}",
            "/api/services/sales/opening-hours",
            "{\"zone\":\"UTC\",\"weekly\":{\"MONDAY\":[{\"from\":\"08:00\",\"to\":\"17:00\"}]},"
                    + "\"holidays\":[\"2026-12-25\"],\"specialDays\":{\"2026-12-24\":[]}}");

    /** Every value inside a JSON tree, as (parent, key or index). */
    static void locations(JsonNode node, List<Object[]> out) {
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> {
                out.add(new Object[] {o, e.getKey()});
                locations(e.getValue(), out);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Object[] {a, i});
                locations(a.get(i), out);
            }
        }
    }

    @Property(tries = 600)
    void richBodiesWithOneNestedValueReplacedNeverBreakTheServer(
            @ForAll("richPaths") String path, @ForAll("positions") int position, @ForAll("values") JsonNode value)
            throws Exception {
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(RICH_BODIES.get(path));
        List<Object[]> places = new java.util.ArrayList<>();
        locations(body, places);
        Object[] place = places.get(position % places.size());
        if (place[0] instanceof ObjectNode o) {
            o.set((String) place[1], value);
        } else {
            ((ArrayNode) place[0]).set((Integer) place[1], value);
        }
        check(new String[] {"PUT", path}, body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> richPaths() {
        return Arbitraries.of(List.copyOf(new java.util.TreeSet<>(RICH_BODIES.keySet())));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return value(1);
    }

    /** A write route with one field of a valid body replaced by a random value. */
    record Mutation(String[] route, String field, JsonNode value) {
        @Override
        public String toString() {
            return route[0] + " " + route[1] + " " + field + "=" + value;
        }
    }

    /** The fields each route reads, so most mutations hit a field the handler looks at. */
    private static List<String> fieldsOf(String path) {
        if (path.endsWith("/accept") || path.endsWith("/decline")) {
            return List.of("agent");
        } else if (path.equals("/api/calls")) {
            return List.of("id", "service", "priority", "caller");
        } else if (path.endsWith("/duty")) {
            return List.of("profile");
        } else if (path.endsWith("/active")) {
            return List.of("active");
        } else if (path.endsWith("/extend")) {
            return List.of("seconds");
        } else if (path.endsWith("/skills/english")) {
            return List.of("level");
        } else if (path.endsWith("/skills")) {
            return List.of("english", "german", "");
        } else if (path.endsWith("/external-call")) {
            return List.of("inCall");
        } else if (path.endsWith("/not-ready")) {
            return List.of("reason");
        } else if (path.endsWith("/opening-hours")) {
            return List.of("zone", "weekly", "holidays", "specialDays");
        } else if (path.endsWith("/policy")) {
            return List.of("distributed", "offerWhenOutOfOffice", "coarseBusy");
        } else if (path.startsWith("/api/profiles")) {
            return List.of("id", "name", "onDuty", "activeSkills");
        } else if (path.startsWith("/api/agents")) {
            return List.of("id", "displayName", "userId", "skills");
        } else if (path.startsWith("/api/services")) {
            return List.of(
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
        }
        return FIELD_NAMES;
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return Arbitraries.of(WRITES)
                .flatMap(route -> Arbitraries.frequencyOf(
                                net.jqwik.api.Tuple.of(8, Arbitraries.of(fieldsOf(route[1]))),
                                net.jqwik.api.Tuple.of(1, Arbitraries.of(FIELD_NAMES)))
                        .flatMap(field -> value(2).map(v -> new Mutation(route, field, v))));
    }

    private static ObjectNode validBody(String path) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (path.endsWith("/accept") || path.endsWith("/decline")) {
            o.put("agent", "anna");
        } else if (path.equals("/api/calls")) {
            o.put("service", "sales");
        } else if (path.endsWith("/duty")) {
            o.put("profile", "on");
        } else if (path.endsWith("/active")) {
            o.put("active", true);
        } else if (path.endsWith("/extend")) {
            o.put("seconds", 30);
        } else if (path.endsWith("/skills/english")) {
            o.put("level", 5);
        } else if (path.endsWith("/opening-hours")) {
            o.put("zone", "UTC");
        } else if (path.startsWith("/api/services") && !path.endsWith("/policy")) {
            o.put("id", path.equals("/api/services") ? "new-service" : path.substring(path.lastIndexOf('/') + 1));
            o.putArray("members").add("anna");
        }
        return o;
    }

    private static void check(String[] route, byte[] body) {
        check(t, route, body);
    }

    static void check(TestServer t, String[] route, byte[] body) {
        long before = t.journal.lastSequence();
        TestServer.Response r = t.send(route[0], route[1], route[1].contains("/calls") ? TELEPHONY : ADMIN, body, null);
        assertThat(r.status()).as("%s %s %s", route[0], route[1], r).isLessThan(500);
        if (r.status() >= 400) {
            assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
            assertThat(r.at("/code").asText()).as(r.toString()).isNotBlank();
            assertThat(t.journal.lastSequence())
                    .as("refused, so unchanged: " + r)
                    .isEqualTo(before);
        }
    }

    @Provide
    Arbitrary<String[]> writes() {
        return Arbitraries.of(WRITES);
    }

    @Provide
    Arbitrary<String> fieldNames() {
        return Arbitraries.oneOf(
                Arbitraries.of(FIELD_NAMES), Arbitraries.strings().ofMaxLength(8));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Provide
    Arbitrary<String> bodies() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, value(3).map(JsonNode::toString)),
                net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(60)),
                // Truncated JSON.
                net.jqwik.api.Tuple.of(2, value(3).map(JsonNode::toString).map(s -> s.substring(0, s.length() / 2))));
    }

    private static Arbitrary<JsonNode> leaf() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.of(TEXTS).map(TextNode::valueOf)),
                net.jqwik.api.Tuple.of(1, others()));
    }

    private static Arbitrary<JsonNode> others() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(TextNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.integers().between(-5, 300).map(i -> (JsonNode) LongNode.valueOf(i)),
                Arbitraries.doubles().map(DoubleNode::valueOf),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40))
                        .map(BigIntegerNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.instance));
    }

    private static Arbitrary<JsonNode> value(int depth) {
        if (depth == 0) {
            return leaf();
        }
        Arbitrary<JsonNode> array = value(depth - 1).list().ofMaxSize(4).map(items -> {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            items.forEach(a::add);
            return (JsonNode) a;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(
                        Arbitraries.oneOf(
                                Arbitraries.of(FIELD_NAMES),
                                Arbitraries.strings().ofMaxLength(6)),
                        value(depth - 1))
                .ofMaxSize(6)
                .map(GarbageInputPropertiesTest::object);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf()), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(3, object));
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        fields.forEach(o::set);
        return o;
    }
}
