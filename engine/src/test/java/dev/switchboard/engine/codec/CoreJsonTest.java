package dev.switchboard.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.testing.RandomWalk;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoreJsonTest {
    private final ObjectMapper mapper = CoreJson.mapper();

    @Test
    void everyEventOfARandomDaySurvivesTheRoundTrip() throws Exception {
        RoutingCore core = RoutingCore.indexed();
        RandomWalk walk = new RandomWalk(11, 8, 3);
        List<Command> commands = new ArrayList<>(walk.setup());
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            Command c = commands.isEmpty() ? walk.next(core.snapshot()) : commands.remove(0);
            String json = mapper.writerFor(Command.class).writeValueAsString(c);
            assertThat(mapper.readValue(json, Command.class)).isEqualTo(c);
            events.addAll(core.handle(c).events());
        }
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        RoutingCore replayed = RoutingCore.indexed();
        for (Event e : events) {
            String json = CoreJson.eventToJson(mapper, e);
            Event back = CoreJson.eventFromJson(mapper, json);
            assertThat(back).isEqualTo(e);
            replayed.apply(back);
            seen.add(e.getClass());
        }
        assertThat(replayed.stateHash()).isEqualTo(core.stateHash());
        assertThat(seen.size()).isGreaterThan(20);
    }

    @Test
    void coreStateSurvivesTheRoundTripAndRestoresTheSameCore() throws Exception {
        RoutingCore core = RoutingCore.indexed();
        RandomWalk walk = new RandomWalk(5, 8, 3);
        List<Command> commands = new ArrayList<>(walk.setup());
        for (int i = 0; i < 500; i++) {
            core.handle(commands.isEmpty() ? walk.next(core.snapshot()) : commands.remove(0));
        }
        String json = mapper.writeValueAsString(core.exportState());
        dev.switchboard.core.routing.CoreState back =
                mapper.readValue(json, dev.switchboard.core.routing.CoreState.class);
        assertThat(back).isEqualTo(core.exportState());
        assertThat(RoutingCore.restore(back).stateHash()).isEqualTo(core.stateHash());
    }

    @Test
    void identifiersAreStringsAndTheTypeIsNamed() throws Exception {
        Event e = new Event.CallConnected(
                java.time.Instant.parse("2026-01-05T09:00:00Z"),
                dev.switchboard.core.model.CallId.of("c1"),
                dev.switchboard.core.model.AgentId.of("anna"));
        assertThat(CoreJson.eventToJson(mapper, e))
                .isEqualTo(
                        "{\"type\":\"CallConnected\",\"at\":\"2026-01-05T09:00:00Z\",\"call\":\"c1\",\"agent\":\"anna\"}");
    }
}
