package dev.switchboard.engine;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.routing.Outcome;
import java.util.concurrent.CompletableFuture;

/**
 * Where adapters (HTTP, presence sources, the simulator) send commands. The future completes
 * once the command's events are durably journaled, with the core's outcome; it fails with {@link
 * EngineOverloadedException} when the inbox is full.
 *
 * <p>Ordering: commands submitted by one thread are decided in the order they were submitted
 * (the engine's inbox is first in, first out), so a caller may rely on a fresh presence reading
 * being decided before a tracking change it submits afterwards.
 */
@FunctionalInterface
public interface CommandGateway {
    CompletableFuture<Outcome> submit(Command command);
}
