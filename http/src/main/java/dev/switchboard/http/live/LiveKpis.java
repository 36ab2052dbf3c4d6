package dev.switchboard.http.live;

import dev.switchboard.core.kpi.KpiCollector;
import dev.switchboard.core.kpi.RangeKpis;
import dev.switchboard.engine.EventSink;
import dev.switchboard.engine.JournaledEvent;
import dev.switchboard.http.port.KpiQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * KPIs from the events since the server started, for servers without the store: the core's
 * {@link KpiCollector} with history (the store's definitions), fed from the engine and asked on
 * request threads. Facts are kept for a retention period, at most {@value #MAX_CALLS} calls and
 * {@value #MAX_PER_AGENT} facts of each kind per agent.
 *
 * <p>Staffed time comes from the presence events: the agent counts as signed in while its
 * effective presence (detailed while detailed tracking works, else coarse) is not in the Offline
 * group.
 */
public final class LiveKpis implements KpiQuery, EventSink {
    static final int MAX_CALLS = 500_000;
    static final int MAX_PER_AGENT = 50_000;

    private final InstantSource clock;
    private final KpiCollector collector;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<List<JournaledEvent>> pending = new ConcurrentLinkedQueue<>();

    /**
     * @param clock for "now": open intervals end there
     * @param retention how long facts are kept (e.g. 8 days)
     */
    public LiveKpis(InstantSource clock, Duration retention) {
        this.clock = clock;
        this.collector = KpiCollector.withHistory(retention, MAX_CALLS, MAX_PER_AGENT);
    }

    /**
     * Called on the engine's thread: queues the batch and applies what is queued only if no query
     * holds the lock, so a long KPI query never stalls the engine. A query applies the rest first.
     */
    @Override
    public void publish(List<JournaledEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        pending.add(events);
        if (lock.tryLock()) {
            try {
                drain();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Applies queued batches; the lock is held. */
    private void drain() {
        List<JournaledEvent> batch;
        while ((batch = pending.poll()) != null) {
            for (JournaledEvent e : batch) {
                collector.accept(e.event());
            }
        }
    }

    @Override
    public RangeKpis kpis(Instant from, Instant to) {
        return series(List.of(from, to)).get(0);
    }

    /** All ranges in one pass over the facts. */
    @Override
    public List<RangeKpis> series(List<Instant> bounds) {
        lock.lock();
        try {
            drain();
            return collector.kpis(bounds, clock.instant());
        } finally {
            lock.unlock();
        }
    }
}
