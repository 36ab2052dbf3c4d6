package dev.switchboard.http;

import static dev.switchboard.http.TestServer.ADMIN;
import static dev.switchboard.http.TestServer.ok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every value at every depth of full, valid bodies replaced in turn by each of a set of nasty
 * values: never a 5xx, always problem details, nothing changed by a refusal. Exhaustive where the
 * property tests sample.
 */
class NestedValuesTest {
    private static final List<JsonNode> NASTY = List.of(
            NullNode.instance,
            TextNode.valueOf(""),
            TextNode.valueOf("NOT_AN_ENUM"),
            TextNode.valueOf("x".repeat(300)),
            JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.arrayNode(),
            JsonNodeFactory.instance.arrayNode().add(NullNode.instance),
            IntNode.valueOf(-1),
            DoubleNode.valueOf(0.5),
            BigIntegerNode.valueOf(BigInteger.TEN.pow(40)),
            BooleanNode.TRUE);

    @Test
    void everyNestedValueReplacedByEveryNastyValue() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (TestServer t = new TestServer()) {
            t.salesWithAnnaAndBob("");
            ok(t.put("/api/profiles/on", ADMIN, "{}"));
            int requests = 0;
            for (Map.Entry<String, String> body : new TreeMap<>(GarbageInputPropertiesTest.RICH_BODIES).entrySet()) {
                ok(t.put(body.getKey(), ADMIN, body.getValue()));
                int places = countPlaces(json.readTree(body.getValue()));
                for (int place = 0; place < places; place++) {
                    for (JsonNode nasty : NASTY) {
                        JsonNode tree = json.readTree(body.getValue());
                        List<Object[]> locations = new ArrayList<>();
                        GarbageInputPropertiesTest.locations(tree, locations);
                        Object[] at = locations.get(place);
                        if (at[0] instanceof ObjectNode o) {
                            o.set((String) at[1], nasty);
                        } else {
                            ((ArrayNode) at[0]).set((Integer) at[1], nasty);
                        }
                        GarbageInputPropertiesTest.check(
                                t,
                                new String[] {"PUT", body.getKey()},
                                tree.toString().getBytes(StandardCharsets.UTF_8));
                        requests++;
                    }
                }
            }
            org.assertj.core.api.Assertions.assertThat(requests).isGreaterThan(500);
        }
    }

    private static int countPlaces(JsonNode tree) {
        List<Object[]> locations = new ArrayList<>();
        GarbageInputPropertiesTest.locations(tree, locations);
        return locations.size();
    }
}
