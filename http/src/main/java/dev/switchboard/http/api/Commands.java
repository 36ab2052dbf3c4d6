package dev.switchboard.http.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.Rejection;
import dev.switchboard.core.routing.RoutingSnapshot;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOverloadedException;
import dev.switchboard.http.live.ReadModels;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Submits commands to the engine and waits for their outcome, and reads snapshots; turns the
 * engine's refusals (overload, stopped, too slow) into 503 problems. Request threads block only
 * on their own command's future, never on each other.
 */
final class Commands {
    /** The answer to a command: the events it caused, in the event stream's JSON form. */
    record CommandResult(List<RawValue> events) {}

    /** How long a read waits for the read models to catch up before it answers with what there is. */
    private static final Duration READ_MODEL_WAIT = Duration.ofSeconds(2);

    private final Engine engine;
    private final InstantSource clock;
    private final Duration timeout;
    private final ObjectWriter eventWriter;
    private final ReadModels readModels;

    Commands(Engine engine, InstantSource clock, Duration timeout, ObjectMapper coreJson, ReadModels readModels) {
        this.engine = engine;
        this.clock = clock;
        this.timeout = timeout;
        this.eventWriter = coreJson.writerFor(Event.class);
        this.readModels = readModels;
    }

    /**
     * Waits until the read models (call log, live KPIs) reflect everything journaled so far, so a
     * client reads its own writes there too.
     */
    void awaitReadModels() {
        readModels.awaitSequence(engine.stats().journalSequence(), READ_MODEL_WAIT);
    }

    Instant now() {
        return clock.instant();
    }

    /** Submits and waits; a rejection is returned in the outcome, not thrown. */
    Outcome submit(Command command) {
        try {
            return engine.submit(command).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("the request was interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable("the engine did not answer within " + timeout.toMillis() + " ms");
        }
    }

    /** Submits, waits, and throws the mapped problem if the engine rejected the command. */
    Outcome accept(Command command, Map<Rejection.Code, String> bodyFields) {
        Outcome outcome = submit(command);
        if (outcome.rejection().isPresent()) {
            throw Problems.of(outcome.rejection().get(), bodyFields);
        }
        return outcome;
    }

    Outcome accept(Command command) {
        return accept(command, Map.of());
    }

    /** A snapshot reflecting every command acknowledged so far. */
    RoutingSnapshot snapshot() {
        try {
            return engine.snapshot();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    CommandResult result(Outcome outcome) {
        return new CommandResult(events(outcome.events()));
    }

    List<RawValue> events(List<Event> events) {
        List<RawValue> out = new ArrayList<>(events.size());
        for (Event e : events) {
            try {
                out.add(new RawValue(eventWriter.writeValueAsString(e)));
            } catch (JsonProcessingException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    private static RuntimeException translate(Throwable cause) {
        if (cause instanceof EngineOverloadedException) {
            return new ApiException(
                    503,
                    "ENGINE_OVERLOADED",
                    null,
                    "the engine is overloaded; retry shortly",
                    Map.of("Retry-After", "1"));
        }
        if (cause instanceof IllegalStateException) {
            // The engine stopped, or a read timed out: its message names no secret, but keep it in the log.
            return unavailable("the engine is not available");
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new IllegalStateException(cause);
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(503, "ENGINE_UNAVAILABLE", null, detail, Map.of("Retry-After", "5"));
    }
}
