package dev.switchboard.http.bench;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.RonaSettings;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.EngineOptions;
import dev.switchboard.engine.InMemoryJournal;
import dev.switchboard.http.HttpServer;
import dev.switchboard.http.auth.ApiToken;
import dev.switchboard.http.auth.Role;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A server for load tests: an engine with an in-memory journal, one service {@code bench} with
 * {@code agents} available agents (no after-call work, no RONA), and the token {@link #TOKEN}
 * with the telephony and admin roles.
 *
 * <p>{@code java -cp … dev.switchboard.http.bench.BenchServer <port> <agents> [platform]}
 */
public final class BenchServer {
    public static final String TOKEN = "bench-telephony-token-0001";

    private BenchServer() {}

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8099;
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        boolean virtual = args.length < 3 || !args[2].equals("platform");
        InstantSource clock = InstantSource.system();
        Engine engine =
                Engine.start("bench", RoutingCore.indexed(), new InMemoryJournal(), clock, EngineOptions.defaults());
        Instant now = clock.instant();
        List<AgentId> members = new ArrayList<>();
        for (int i = 0; i < agents; i++) {
            AgentId id = AgentId.of("agent-" + i);
            members.add(id);
            engine.submit(new Command.ConfigureAgent(now, AgentConfig.of(id.value())));
        }
        engine.submitAndWait(
                new Command.ConfigureService(
                        now,
                        ServiceConfig.builder("bench")
                                .members(members)
                                .afterCallWork(Duration.ZERO)
                                .rona(RonaSettings.disabled())
                                .build()),
                Duration.ofSeconds(30));
        for (AgentId id : members) {
            engine.submit(new Command.PresenceObserved(
                    now, id, Presence.detailed(Availability.AVAILABLE, Activity.AVAILABLE, "bench", "1", now)));
        }
        engine.submitAndWait(new Command.Tick(clock.instant()), Duration.ofSeconds(30));
        HttpServer server = HttpServer.builder(engine)
                .port(port)
                .virtualThreads(virtual)
                .staticFiles(null)
                .tokens(List.of(ApiToken.fromSecret("bench", Set.of(Role.TELEPHONY, Role.ADMIN), null, TOKEN)))
                .start();
        System.out.println("READY " + server.baseUrl() + " agents=" + agents + " virtualThreads=" + virtual);
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            forever.countDown();
        }));
        forever.await();
    }
}
