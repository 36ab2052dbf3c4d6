package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.AgentConfig;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.presence.Activity;
import dev.switchboard.core.presence.Availability;
import dev.switchboard.core.presence.Presence;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.testing.RandomWalk;
import dev.switchboard.core.testing.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final VirtualClock clock = new VirtualClock(Scenario.T0);

    private Engine start(Journal journal) {
        return Engine.start("test", RoutingCore.indexed(), journal, clock, EngineOptions.defaults());
    }

    private static void setUpSales(Engine engine, Instant at) {
        engine.submitAndWait(new Command.ConfigureAgent(at, AgentConfig.of("anna")), WAIT);
        engine.submitAndWait(
                new Command.ConfigureService(
                        at, ServiceConfig.builder("sales").member("anna").build()),
                WAIT);
        engine.submitAndWait(
                new Command.PresenceObserved(
                        at,
                        AgentId.of("anna"),
                        Presence.detailed(Availability.AVAILABLE, Activity.AVAILABLE, "test", "1", at)),
                WAIT);
    }

    @Test
    void decidesJournalsAcknowledgesAndPublishesInOrder() throws Exception {
        InMemoryJournal journal = new InMemoryJournal();
        List<JournaledEvent> published = new CopyOnWriteArrayList<>();
        try (Engine engine = start(journal)) {
            engine.subscribe(published::addAll);
            setUpSales(engine, clock.instant());
            Outcome outcome = engine.submit(new Command.CallArrived(
                            clock.instant(), CallId.of("c1"), ServiceId.of("sales"), Priority.NORMAL, "+41"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(outcome.events()).hasAtLeastOneElementOfType(Event.CallOffered.class);
            // Acknowledged means journaled: the journal already holds the offer.
            assertThat(journal.entries()).extracting(JournaledEvent::event).containsAll(outcome.events());
            assertThat(journal.entries()).extracting(JournaledEvent::sequence).startsWith(1L, 2L, 3L);
            assertThat(engine.snapshot().calls()).containsKey(CallId.of("c1"));
        }
        assertThat(published).isEqualTo(journal.entries());
    }

    @Test
    void concurrentReadersAlwaysSeeTheirOwnAcknowledgedWrites() throws Exception {
        try (Engine engine = start(new InMemoryJournal())) {
            int threads = 8;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        AgentId id = AgentId.of("agent-" + thread + "-" + i);
                        engine.submitAndWait(
                                new Command.ConfigureAgent(clock.instant(), AgentConfig.of(id.value())), WAIT);
                        if (!engine.snapshot().agents().containsKey(id)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isTrue();
            }
            pool.shutdown();
            assertThat(engine.stats().inboxCapacity())
                    .isEqualTo(EngineOptions.defaults().inboxCapacity());
        }
    }

    @Test
    void rejectedCommandsAreAcknowledgedWithTheirReason() {
        try (Engine engine = start(new InMemoryJournal())) {
            Outcome outcome = engine.submitAndWait(
                    new Command.CallArrived(clock.instant(), CallId.of("c1"), ServiceId.of("nowhere"), null, null),
                    WAIT);
            assertThat(outcome.rejection()).isPresent();
            assertThat(engine.stats().rejected()).isEqualTo(1);
        }
    }

    @Test
    void firesDeadlinesAtTheirOwnTimeWhenPoked() {
        InMemoryJournal journal = new InMemoryJournal();
        try (Engine engine = start(journal)) {
            setUpSales(engine, clock.instant());
            engine.submitAndWait(
                    new Command.CallArrived(clock.instant(), CallId.of("c1"), ServiceId.of("sales"), null, null), WAIT);
            clock.advance(Duration.ofSeconds(45)); // past the 30 s alert time
            engine.poke().join();
            Event expired = firstOf(journal, Event.OfferExpired.class);
            assertThat(expired.at()).isEqualTo(Scenario.T0.plusSeconds(30)); // at the deadline, not later
        }
    }

    @Test
    void noticesDueDeadlinesOnItsOwn() throws InterruptedException {
        InMemoryJournal journal = new InMemoryJournal();
        Engine engine = Engine.start(
                "test", RoutingCore.indexed(), journal, clock, new EngineOptions(1024, 64, Duration.ofMillis(5)));
        try (engine) {
            setUpSales(engine, clock.instant());
            engine.submitAndWait(
                    new Command.CallArrived(clock.instant(), CallId.of("c1"), ServiceId.of("sales"), null, null), WAIT);
            clock.advance(Duration.ofSeconds(31));
            // Nothing is submitted: the writer's own timer must fire the ring timeout.
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!has(journal, Event.OfferExpired.class) && System.nanoTime() < giveUp) {
                Thread.sleep(5);
            }
            assertThat(has(journal, Event.OfferExpired.class)).isTrue();
        }
    }

    private static boolean has(InMemoryJournal journal, Class<? extends Event> type) {
        return journal.entries().stream().anyMatch(e -> type.isInstance(e.event()));
    }

    private static Event firstOf(InMemoryJournal journal, Class<? extends Event> type) {
        return journal.entries().stream()
                .map(JournaledEvent::event)
                .filter(type::isInstance)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " journaled"));
    }

    @Test
    void replayingTheJournalReproducesTheLiveStateHash() {
        InMemoryJournal journal = new InMemoryJournal();
        long live;
        try (Engine engine = start(journal)) {
            RandomWalk walk = new RandomWalk(7, 8, 3);
            List<Command> commands = new ArrayList<>(walk.setup());
            List<CompletableFuture<Outcome>> pending = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                Command c = commands.isEmpty() ? walk.next(engine.snapshot()) : commands.remove(0);
                clock.set(walk.now());
                pending.add(engine.submit(c));
            }
            pending.forEach(CompletableFuture::join);
            live = engine.stateHash();
        }
        try (Engine restarted = start(journal)) {
            assertThat(restarted.stateHash()).isEqualTo(live);
        }
    }

    @Test
    void refusesCommandsWhenTheInboxIsFull() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Engine engine = Engine.start(
                "test",
                RoutingCore.indexed(),
                new InMemoryJournal(),
                clock,
                new EngineOptions(2, 16, Duration.ofMillis(50)));
        try {
            CountDownLatch blocked = new CountDownLatch(1);
            Thread reader = new Thread(() -> engine.read(core -> {
                blocked.countDown();
                awaitQuietly(release);
                return null;
            }));
            reader.start();
            blocked.await(10, TimeUnit.SECONDS); // the writer is now busy with the read
            Consumer<Integer> submit = i -> engine.submit(new Command.Tick(clock.instant()));
            submit.accept(1);
            submit.accept(2);
            CompletableFuture<Outcome> third = engine.submit(new Command.Tick(clock.instant()));
            assertThatThrownBy(third::get)
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(EngineOverloadedException.class);
            assertThat(engine.stats().refused()).isEqualTo(1);
            release.countDown();
            reader.join();
        } finally {
            release.countDown();
            engine.close();
        }
    }

    @Test
    void aFailingJournalStopsTheEngineAndAcknowledgesNothing() {
        Journal failing = new Journal() {
            @Override
            public List<JournaledEvent> append(List<Event> events) {
                throw new IllegalStateException("disk full");
            }

            @Override
            public void replay(long afterSequence, Consumer<JournaledEvent> consumer) {}

            @Override
            public long lastSequence() {
                return 0;
            }
        };
        try (Engine engine = start(failing)) {
            CompletableFuture<Outcome> f =
                    engine.submit(new Command.ConfigureAgent(clock.instant(), AgentConfig.of("anna")));
            assertThatThrownBy(f::join).hasMessageContaining("journal append failed");
            assertThat(engine.running()).isFalse();
            assertThatThrownBy(() ->
                            engine.submit(new Command.Tick(clock.instant())).join())
                    .hasMessageContaining("not running");
            assertThat(engine.stats().failure()).contains("disk full");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
