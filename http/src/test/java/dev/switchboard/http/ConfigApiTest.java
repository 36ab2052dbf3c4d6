package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.SUPERVISOR;
import static dev.switchboard.http.TestServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigApiTest {
    private static TestServer t;

    @BeforeAll
    static void start() {
        t = new TestServer();
    }

    @AfterAll
    static void stop() {
        t.close();
    }

    private static final String FULL_SERVICE = """
            {
              "id": "support",
              "name": "Support line",
              "distributionType": "BROADCAST",
              "batchSize": 3,
              "policy": {"distributed": ["AVAILABLE", "IN_A_MEETING"], "offerWhenOutOfOffice": false, "coarseBusy": false},
              "idleClock": "SINCE_LAST_OFFER",
              "members": ["carla", "dan"],
              "newMembersActive": false,
              "requiresDuty": true,
              "escalation": [
                {"afterSeconds": 0, "requirements": [{"skill": "french", "minLevel": 5}]},
                {"afterSeconds": 60, "requirements": [{"skill": "french", "minLevel": 1}]}
              ],
              "queue": {
                "maxSize": 20,
                "overflowAction": {"type": "FORWARD", "target": "+41440000000"},
                "maxWaitSeconds": 600,
                "timeoutAction": {"type": "VOICEMAIL", "target": "support-box"},
                "noAgentsAction": {"type": "DISCONNECT", "target": null}
              },
              "alertTimeSeconds": 20,
              "rona": {"enabled": false, "resetAfterSeconds": 120},
              "afterCallWorkSeconds": 45,
              "serviceLevelTargetSeconds": 30,
              "openingHours": {
                "zone": "Europe/Zurich",
                "weekly": {"MONDAY": [{"from": "08:00", "to": "12:00"}, {"from": "13:00", "to": "17:00"}],
                           "SATURDAY": [{"from": "09:00", "to": "00:00"}]},
                "holidays": ["2026-12-25"],
                "specialDays": {"2026-12-24": [{"from": "08:00", "to": "12:00"}]}
              },
              "closedAction": {"type": "VOICEMAIL", "target": "closed-box"}
            }
            """;

    @Test
    void serviceConfigRoundTripsThroughCreateReadReplaceDelete() throws Exception {
        ok(t.put("/api/agents/carla", ADMIN, "{\"skills\":{\"french\":8}}"));
        ok(t.put("/api/agents/dan", ADMIN, "{}"));

        TestServer.Response created = t.post("/api/services", ADMIN, FULL_SERVICE);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/services/support");
        JsonNode expected = t.json.readTree(FULL_SERVICE);
        assertThat(created.json()).isEqualTo(expected);

        TestServer.Response read = ok(t.get("/api/services/support", SUPERVISOR));
        assertThat(read.at("/config")).isEqualTo(expected);
        assertThat(read.at("/waiting").isArray()).isTrue();

        // Replace with the read config, changed: 200, and the change is visible.
        ObjectNode changed = (ObjectNode) read.at("/config").deepCopy();
        changed.put("batchSize", 5);
        TestServer.Response replaced = t.put("/api/services/support", ADMIN, changed.toString());
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(ok(t.get("/api/services/support", ADMIN))
                        .at("/config/batchSize")
                        .asInt())
                .isEqualTo(5);

        assertThat(t.post("/api/services", ADMIN, FULL_SERVICE).at("/code").asText())
                .isEqualTo("ALREADY_EXISTS");

        assertThat(t.delete("/api/services/support", ADMIN).status()).isEqualTo(204);
        TestServer.Response gone = t.get("/api/services/support", ADMIN);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.at("/code").asText()).isEqualTo("UNKNOWN_SERVICE");
        assertThat(t.delete("/api/services/support", ADMIN).status()).isEqualTo(404);
    }

    @Test
    void minimalServiceGetsTheDocumentedDefaults() {
        TestServer.Response r = t.put("/api/services/minimal", ADMIN, "{}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.at("/name").asText()).isEqualTo("minimal");
        assertThat(r.at("/distributionType").asText()).isEqualTo("DIRECT");
        assertThat(r.at("/batchSize").asInt()).isEqualTo(10);
        assertThat(r.at("/policy/distributed").toString()).isEqualTo("[\"AVAILABLE\"]");
        assertThat(r.at("/queue/maxSize").asInt()).isEqualTo(50);
        assertThat(r.at("/queue/maxWaitSeconds").asInt()).isEqualTo(1200);
        assertThat(r.at("/queue/noAgentsAction/type").asText()).isEqualTo("QUEUE");
        assertThat(r.at("/alertTimeSeconds").asInt()).isEqualTo(30);
        assertThat(r.at("/rona/resetAfterSeconds").asInt()).isEqualTo(600);
        assertThat(r.at("/afterCallWorkSeconds").asInt()).isEqualTo(20);
        assertThat(r.at("/openingHours").isNull()).isTrue();
        assertThat(r.at("/closedAction/type").asText()).isEqualTo("DISCONNECT");
    }

    @Test
    void agentsAndSkillsRoundTrip() {
        TestServer.Response created =
                t.post("/api/agents", ADMIN, "{\"id\":\"erin\",\"displayName\":\"Erin\",\"skills\":{\"english\":4}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.at("/userId").asText()).isEqualTo("erin");

        assertThat(ok(t.put("/api/agents/erin/skills/german", ADMIN, "{\"level\":9}"))
                        .json()
                        .toString())
                .isEqualTo("{\"english\":4,\"german\":9}");
        assertThat(ok(t.get("/api/agents/erin/skills", SUPERVISOR)).json().toString())
                .isEqualTo("{\"english\":4,\"german\":9}");
        assertThat(t.delete("/api/agents/erin/skills/english", ADMIN).status()).isEqualTo(204);
        assertThat(t.delete("/api/agents/erin/skills/english", ADMIN).status()).isEqualTo(404);
        assertThat(ok(t.put("/api/agents/erin/skills", ADMIN, "{\"spanish\":2}"))
                        .json()
                        .toString())
                .isEqualTo("{\"spanish\":2}");

        TestServer.Response view = ok(t.get("/api/agents/erin", SUPERVISOR));
        assertThat(view.at("/config/displayName").asText()).isEqualTo("Erin");
        assertThat(view.at("/config/skills/spanish").asInt()).isEqualTo(2);
        assertThat(view.at("/status").asText()).isEqualTo("OFFLINE");

        JsonNode skills = ok(t.get("/api/skills", SUPERVISOR)).json();
        assertThat(skills.findValuesAsText("name")).contains("spanish");

        assertThat(t.delete("/api/agents/erin", ADMIN).status()).isEqualTo(204);
        assertThat(t.get("/api/agents/erin", ADMIN).at("/code").asText()).isEqualTo("UNKNOWN_AGENT");
    }

    @Test
    void profilesRoundTrip() {
        TestServer.Response created = t.post(
                "/api/profiles",
                ADMIN,
                "{\"id\":\"morning\",\"name\":\"Morning\",\"onDuty\":true,\"activeSkills\":[\"english\"]}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(ok(t.get("/api/profiles/morning", TestServer.ANNA))
                        .at("/activeSkills/0")
                        .asText())
                .isEqualTo("english");
        assertThat(ok(t.put("/api/profiles/morning", ADMIN, "{\"onDuty\":false}"))
                        .at("/onDuty")
                        .asBoolean())
                .isFalse();
        assertThat(ok(t.get("/api/profiles", SUPERVISOR)).json().findValuesAsText("id"))
                .contains("morning");
        assertThat(t.delete("/api/profiles/morning", ADMIN).status()).isEqualTo(204);
        assertThat(t.delete("/api/profiles/morning", ADMIN).at("/code").asText())
                .isEqualTo("UNKNOWN_PROFILE");
    }

    @Test
    void policyAndOpeningHoursSubResources() {
        ok(t.put("/api/services/hours", ADMIN, "{}"));
        TestServer.Response policy = t.put(
                "/api/services/hours/policy", ADMIN, "{\"distributed\":[\"available\",\"BUSY\"],\"coarseBusy\":true}");
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.at("/distributed").toString()).isEqualTo("[\"AVAILABLE\",\"BUSY\"]");
        assertThat(ok(t.get("/api/services/hours/policy", SUPERVISOR))
                        .at("/coarseBusy")
                        .asBoolean())
                .isTrue();

        assertThat(ok(t.get("/api/services/hours/opening-hours", SUPERVISOR))
                        .json()
                        .isNull())
                .isTrue();
        String hours = "{\"zone\":\"UTC\",\"weekly\":{\"monday\":[{\"from\":\"08:00\",\"to\":\"17:00\"}]}}";
        TestServer.Response put = t.put("/api/services/hours/opening-hours", ADMIN, hours);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.at("/weekly/MONDAY/0/to").asText()).isEqualTo("17:00");
        assertThat(ok(t.get("/api/services/hours", ADMIN))
                        .at("/config/openingHours/zone")
                        .asText())
                .isEqualTo("UTC");
        assertThat(t.delete("/api/services/hours/opening-hours", ADMIN).status())
                .isEqualTo(204);
        assertThat(ok(t.get("/api/services/hours", ADMIN))
                        .at("/config/openingHours")
                        .isNull())
                .isTrue();
    }

    @ParameterizedTest(name = "{0} {1} → {3} {4} {5}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                // malformed and wrong types
                "PUT | /api/services/v | `{` | 400 | MALFORMED_JSON | ",
                "PUT | /api/services/v | `` | 400 | MALFORMED_JSON | ",
                "PUT | /api/services/v | `[1,2]` | 400 | WRONG_TYPE | ",
                "PUT | /api/services/v | `{\"batchSize\":\"ten\"}` | 400 | WRONG_TYPE | batchSize",
                "PUT | /api/services/v | `{\"batchSize\":2.5}` | 400 | WRONG_TYPE | batchSize",
                "PUT | /api/services/v | `{\"members\":\"anna\"}` | 400 | WRONG_TYPE | members",
                "PUT | /api/services/v | `{\"members\":[1]}` | 400 | WRONG_TYPE | members[0]",
                "PUT | /api/services/v | `{\"queue\":[]}` | 400 | WRONG_TYPE | queue",
                "PUT | /api/services/v | `{\"requiresDuty\":\"yes\"}` | 400 | WRONG_TYPE | requiresDuty",
                "PUT | /api/services/v | `{\"alertTime\":30}` | 400 | UNKNOWN_FIELD | alertTime",
                "PUT | /api/services/v | `{\"queue\":{\"size\":3}}` | 400 | UNKNOWN_FIELD | queue.size",
                "PUT | /api/services/v | `{\"id\":\"v\",\"id\":\"w\"}` | 400 | MALFORMED_JSON | ",
                // out of range and invalid values
                "PUT | /api/services/v | `{\"batchSize\":51}` | 422 | INVALID_VALUE | batchSize",
                "PUT | /api/services/v | `{\"batchSize\":99999999999}` | 422 | INVALID_VALUE | batchSize",
                "PUT | /api/services/v | `{\"alertTimeSeconds\":5}` | 422 | INVALID_VALUE | alertTimeSeconds",
                "PUT | /api/services/v | `{\"queue\":{\"maxSize\":500}}` | 422 | INVALID_VALUE | queue.maxSize",
                "PUT | /api/services/v | `{\"queue\":{\"maxWaitSeconds\":-1}}` | 422 | INVALID_VALUE | queue.maxWaitSeconds",
                "PUT | /api/services/v | `{\"queue\":{\"overflowAction\":{\"type\":\"QUEUE\"}}}` | 422 | INVALID_VALUE | queue.overflowAction",
                "PUT | /api/services/v | `{\"queue\":{\"timeoutAction\":{\"type\":\"FORWARD\"}}}` | 422 | INVALID_VALUE | queue.timeoutAction.target",
                "PUT | /api/services/v | `{\"queue\":{\"timeoutAction\":{}}}` | 422 | MISSING_FIELD | queue.timeoutAction.type",
                "PUT | /api/services/v | `{\"rona\":{\"resetAfterSeconds\":1}}` | 422 | INVALID_VALUE | rona.resetAfterSeconds",
                "PUT | /api/services/v | `{\"distributionType\":\"RANDOM\"}` | 422 | INVALID_VALUE | distributionType",
                "PUT | /api/services/v | `{\"policy\":{\"distributed\":[\"IN_A_CALL\"]}}` | 422 | INVALID_VALUE | policy.distributed",
                "PUT | /api/services/v | `{\"policy\":{\"distributed\":[\"SLEEPING\"]}}` | 422 | INVALID_VALUE | policy.distributed[0]",
                "PUT | /api/services/v | `{\"policy\":{\"distributed\":[null]}}` | 422 | MISSING_FIELD | policy.distributed[0]",
                "PUT | /api/services/v | `{\"escalation\":[{\"afterSeconds\":5}]}` | 422 | INVALID_VALUE | escalation[0].afterSeconds",
                "PUT | /api/services/v | `{\"escalation\":[{\"afterSeconds\":0},{\"afterSeconds\":0}]}` | 422 | INVALID_VALUE | escalation[1].afterSeconds",
                "PUT | /api/services/v | `{\"escalation\":[{\"afterSeconds\":0,\"requirements\":[{\"skill\":\"x\",\"minLevel\":11}]}]}` | 422 | INVALID_VALUE | escalation[0].requirements[0].minLevel",
                "PUT | /api/services/v | `{\"escalation\":[{\"requirements\":[]}]}` | 422 | MISSING_FIELD | escalation[0].afterSeconds",
                "PUT | /api/services/v | `{\"members\":[\"anna\",\"anna\"]}` | 422 | INVALID_VALUE | members",
                "PUT | /api/services/v | `{\"members\":[\"\"]}` | 422 | INVALID_VALUE | members[0]",
                "PUT | /api/services/v | `{\"members\":[\"nobody\"]}` | 422 | UNKNOWN_AGENT | members",
                "PUT | /api/services/v | `{\"id\":\"w\"}` | 422 | ID_MISMATCH | id",
                "PUT | /api/services/v | `{\"openingHours\":{}}` | 422 | MISSING_FIELD | openingHours.zone",
                "PUT | /api/services/v | `{\"openingHours\":{\"zone\":\"Mars/Base\"}}` | 422 | INVALID_VALUE | openingHours.zone",
                "PUT | /api/services/v | `{\"openingHours\":{\"zone\":\"UTC\",\"weekly\":{\"FUNDAY\":[]}}}` | 422 | INVALID_VALUE | openingHours.weekly.FUNDAY",
                "PUT | /api/services/v | `{\"openingHours\":{\"zone\":\"UTC\",\"weekly\":{\"MONDAY\":[{\"from\":\"17:00\",\"to\":\"08:00\"}]}}}` | 422 | INVALID_VALUE | openingHours.weekly.MONDAY[0].to",
                "PUT | /api/services/v | `{\"openingHours\":{\"zone\":\"UTC\",\"weekly\":{\"MONDAY\":[{\"from\":\"25:00\",\"to\":\"08:00\"}]}}}` | 422 | INVALID_VALUE | openingHours.weekly.MONDAY[0].from",
                "PUT | /api/services/v | `{\"openingHours\":{\"zone\":\"UTC\",\"holidays\":[\"2026-13-01\"]}}` | 422 | INVALID_VALUE | openingHours.holidays[0]",
                "POST | /api/services | `{}` | 422 | MISSING_FIELD | id",
                "POST | /api/services | `{\"id\":\"a/b\"}` | 422 | INVALID_VALUE | id",
                // agents
                "PUT | /api/agents/x | `{\"skills\":{\"english\":0}}` | 422 | INVALID_VALUE | skills.english",
                "PUT | /api/agents/x | `{\"skills\":{\"english\":\"high\"}}` | 400 | WRONG_TYPE | skills.english",
                "PUT | /api/agents/x | `{\"skills\":[\"english\"]}` | 400 | WRONG_TYPE | skills",
                "PUT | /api/agents/x | `{\"name\":\"X\"}` | 400 | UNKNOWN_FIELD | name",
                "PUT | /api/agents/x/skills/english | `{\"level\":3}` | 404 | UNKNOWN_AGENT | ",
                "PUT | /api/agents/x/skills/english | `{\"level\":11}` | 422 | INVALID_VALUE | level",
                "PUT | /api/agents/x/skills | `{\"english\":3}` | 404 | UNKNOWN_AGENT | ",
                "POST | /api/agents | `{\"id\":\"\"}` | 422 | INVALID_VALUE | id",
                // profiles
                "PUT | /api/profiles/p | `{\"onDuty\":1}` | 400 | WRONG_TYPE | onDuty",
                "PUT | /api/profiles/p | `{\"activeSkills\":[\"\"]}` | 422 | INVALID_VALUE | activeSkills[0]",
                // sub-resources of unknown services
                "PUT | /api/services/none/policy | `{}` | 404 | UNKNOWN_SERVICE | ",
                "PUT | /api/services/none/opening-hours | `{\"zone\":\"UTC\"}` | 404 | UNKNOWN_SERVICE | ",
            })
    void everyValidationFailureIsAProblemWithCodeAndFieldAndChangesNothing(
            String method, String path, String body, int status, String code, String field) {
        long before = t.journal.lastSequence();
        TestServer.Response r = t.send(method, path, ADMIN, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.at("/code").asText()).as(r.toString()).isEqualTo(code);
        assertThat(r.at("/status").asInt()).isEqualTo(status);
        assertThat(r.at("/type").asText()).startsWith("urn:switchboard:problem:");
        assertThat(r.at("/instance").asText()).isEqualTo(path);
        if (field == null) {
            assertThat(r.at("/field").isNull()).as(r.toString()).isTrue();
        } else {
            assertThat(r.at("/field").asText()).as(r.toString()).isEqualTo(field);
        }
        assertThat(t.journal.lastSequence())
                .as("a rejected request changes nothing")
                .isEqualTo(before);
    }

    @Test
    void deletingAnAgentThatTalksIsAConflict() {
        t.salesWithAnnaAndBob("");
        TestServer.Response call =
                ok(t.post("/api/calls", TestServer.TELEPHONY, "{\"id\":\"c-conflict\",\"service\":\"sales\"}"));
        String ringing = call.at("/events/1/agents/0").asText();
        ok(t.post("/api/calls/c-conflict/accept", TestServer.TELEPHONY, "{\"agent\":\"" + ringing + "\"}"));
        assertThat(t.delete("/api/agents/" + ringing, ADMIN).at("/code").asText())
                .isEqualTo("AGENT_IN_USE");
        assertThat(t.delete("/api/services/sales", ADMIN).at("/code").asText()).isEqualTo("SERVICE_IN_USE");
        ok(t.post("/api/calls/c-conflict/end", TestServer.TELEPHONY, null));
    }

    @Test
    void oversizedBodiesAreRefused() {
        String big = "{\"name\":\"" + "x".repeat(2_000_000) + "\"}";
        // Expect: 100-continue, so the client waits for the answer before sending the body: the
        // server refuses by the announced length and closes, which would otherwise race with
        // the client still writing (and lose the answer to a broken pipe).
        TestServer.Response r = t.sendExpectingContinue("PUT", "/api/services/big", ADMIN, big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.at("/code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        TestServer.Response none = t.get("/api/nothing-here", ADMIN);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.at("/code").asText()).isEqualTo("NOT_FOUND");
        TestServer.Response method = t.send("PATCH", "/api/agents", ADMIN, "{}");
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.at("/code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
    }
}
