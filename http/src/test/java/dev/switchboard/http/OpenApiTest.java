package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.TELEPHONY;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.http.api.ApiRoute;
import dev.switchboard.http.auth.Role;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The served OpenAPI document describes exactly the registered routes with their roles, its
 * references resolve, and real responses match its schemas (every documented field present, none
 * undocumented).
 */
class OpenApiTest {
    private static TestServer t;
    private static JsonNode doc;

    @BeforeAll
    static void start() {
        t = new TestServer();
        TestServer.Response r = t.get("/openapi.json", null);
        assertThat(r.status()).isEqualTo(200);
        doc = r.json();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    @Test
    void isOpenApi31() {
        assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void everyRouteIsDocumentedWithItsRolesAndNothingElseIs() {
        Set<String> registered = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (ApiRoute route : t.server.routes()) {
            String key = route.method() + " " + route.path();
            registered.add(key);
            JsonNode op =
                    doc.path("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
            if (op.isMissingNode()) {
                problems.add("undocumented: " + key);
                continue;
            }
            if (op.path("summary").asText().isBlank()) {
                problems.add("no summary: " + key);
            }
            if (route.open()) {
                if (!op.path("security").isArray() || !op.path("security").isEmpty()) {
                    problems.add("open but documented with security: " + key);
                }
            } else {
                Set<String> documented = new HashSet<>();
                op.path("x-roles").forEach(n -> documented.add(n.asText()));
                Set<String> actual = route.roles().stream().map(Role::label).collect(Collectors.toSet());
                if (!documented.equals(actual)) {
                    problems.add(key + " roles documented " + documented + " but are " + actual);
                }
                if (!op.path("responses").has("401") || !op.path("responses").has("403")) {
                    problems.add(key + " lacks 401/403");
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        doc.path("paths")
                .properties()
                .forEach(p -> p.getValue().properties().forEach(m -> {
                    if (!m.getKey().equals("parameters")) {
                        documented.add(m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
                    }
                }));
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(registered);
        extra.forEach(e -> problems.add("documented but not served: " + e));
        assertThat(problems).isEmpty();
    }

    @Test
    void pathParametersAreDeclaredAndReferencesResolve() {
        List<String> problems = new ArrayList<>();
        Pattern param = Pattern.compile("\\{([^}]+)}");
        doc.path("paths").properties().forEach(p -> {
            Set<String> declared = new HashSet<>();
            p.getValue()
                    .path("parameters")
                    .forEach(n -> declared.add(n.path("name").asText()));
            Matcher m = param.matcher(p.getKey());
            while (m.find()) {
                if (!declared.contains(m.group(1))) {
                    problems.add(p.getKey() + " does not declare " + m.group(1));
                }
            }
        });
        collectRefs(doc, problems);
        assertThat(problems).isEmpty();
    }

    private static void collectRefs(JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && doc.at(ref.asText().substring(1)).isMissingNode()) {
                problems.add("unresolved " + ref.asText());
            }
            node.forEach(child -> collectRefs(child, problems));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, problems));
        }
    }

    @Test
    void realResponsesMatchTheDocumentedSchemas() {
        t.salesWithAnnaAndBob(
                "\"escalation\":[{\"afterSeconds\":0,\"requirements\":[{\"skill\":\"english\",\"minLevel\":1}]}],"
                        + "\"openingHours\":{\"zone\":\"UTC\",\"weekly\":{\"MONDAY\":[{\"from\":\"00:00\",\"to\":\"00:00\"}]}}");
        ok(t.put("/api/profiles/on", ADMIN, "{\"activeSkills\":[\"english\"]}"));
        TestServer.Response created = ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-doc\",\"service\":\"sales\"}"));
        String agent = created.at("/events/1/agents/0").asText();
        ok(t.post("/api/calls", TELEPHONY, "{\"id\":\"c-wait\",\"service\":\"sales\",\"caller\":\"+41\"}"));
        TestServer.Response declined =
                ok(t.post("/api/calls/c-doc/decline", TELEPHONY, "{\"agent\":\"" + agent + "\"}"));

        List<String> problems = new ArrayList<>();
        check("CallCreated", created.json(), problems);
        check("CommandResult", declined.json(), problems);
        check("State", ok(t.get("/api/state", SUPERVISOR)).json(), problems);
        check("AgentView", ok(t.get("/api/agents/anna", SUPERVISOR)).json(), problems);
        check("ServiceView", ok(t.get("/api/services/sales", SUPERVISOR)).json(), problems);
        check("Call", ok(t.get("/api/calls/c-doc", SUPERVISOR)).json(), problems);
        ok(t.post("/api/calls/c-wait/hangup", TELEPHONY, null));
        check("Call", ok(t.get("/api/calls/c-wait", SUPERVISOR)).json(), problems);
        check("Kpis", ok(t.get("/api/kpis", SUPERVISOR)).json(), problems);
        check("KpiSeries", ok(t.get("/api/kpis/series?step=PT6H", SUPERVISOR)).json(), problems);
        for (JsonNode view : ok(t.get("/api/agents?id=anna&id=bob", SUPERVISOR)).json()) {
            check("AgentView", view, problems);
        }
        check("Health", t.get("/api/health", null).json(), problems);
        check("Me", ok(t.get("/api/me", SUPERVISOR)).json(), problems);
        for (JsonNode skill : ok(t.get("/api/skills", SUPERVISOR)).json()) {
            check("SkillInUse", skill, problems);
        }
        check("Policy", ok(t.get("/api/services/sales/policy", SUPERVISOR)).json(), problems);
        check(
                "OpeningHours",
                ok(t.get("/api/services/sales/opening-hours", SUPERVISOR)).json(),
                problems);
        check("Profile", ok(t.get("/api/profiles/on", SUPERVISOR)).json(), problems);
        check("Problem", t.get("/api/agents/nobody", SUPERVISOR).json(), problems);
        check(
                "Problem",
                t.put("/api/services/sales", ADMIN, "{\"batchSize\":0}").json(),
                problems);
        assertThat(problems).isEmpty();
    }

    // A small JSON-schema checker for the subset the document uses.

    private static void check(String schema, JsonNode value, List<String> problems) {
        validate(doc.at("/components/schemas/" + schema), value, schema, problems);
    }

    private static void validate(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.has("$ref")) {
            validate(doc.at(schema.get("$ref").asText().substring(1)), value, path, problems);
            return;
        }
        if (schema.has("oneOf")) {
            for (JsonNode option : schema.get("oneOf")) {
                List<String> attempt = new ArrayList<>();
                validate(option, value, path, attempt);
                if (attempt.isEmpty()) {
                    return;
                }
            }
            problems.add(path + ": matches none of oneOf: " + value);
            return;
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(path + ": expected " + schema.get("type") + " but was " + value);
            return;
        }
        if (schema.has("enum") && value.isTextual()) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.asText().equals(value.asText());
            }
            if (!found) {
                problems.add(path + ": " + value + " is not in the documented enum");
            }
        }
        if (value.isObject()) {
            JsonNode props = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                if (!value.has(p.getKey())) {
                    problems.add(path + "." + p.getKey() + ": documented but missing");
                } else {
                    validate(p.getValue(), value.get(p.getKey()), path + "." + p.getKey(), problems);
                }
            }
            JsonNode additional = schema.path("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (props.has(f.getKey())) {
                    continue;
                }
                if (additional.isBoolean() && !additional.asBoolean()) {
                    problems.add(path + "." + f.getKey() + ": not documented");
                } else if (additional.isObject()) {
                    validate(additional, f.getValue(), path + "." + f.getKey(), problems);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                validate(schema.get("items"), value.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> false;
        };
    }
}
