package dev.switchboard.bench;

import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.routing.RoutingCore;
import dev.switchboard.core.routing.RoutingSnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.Locale;

/**
 * Retained heap of a routing core per agent: heap in use after full collections, before and
 * after building a core with the generated organisation (configured agents, memberships, duty,
 * presence set), divided by the number of agents. Measured twice: the core as configured, and
 * the same core after it has built one snapshot for readers (it keeps the per-agent views to
 * rebuild later snapshots incrementally).
 *
 * <p>Run in its own JVM, with the serial collector so "in use after a full collection" is exact:
 *
 * <pre>java -XX:+UseSerialGC -Xmx2g -cp 'bench/target/switchboard-bench.jar:bench/target/lib/*'
 *     dev.switchboard.bench.HeapFootprint [agents] [services]</pre>
 *
 * Prints one JSON object on stdout.
 */
public final class HeapFootprint {
    private HeapFootprint() {}

    public static void main(String[] args) {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int services = args.length > 1 ? Integer.parseInt(args[1]) : agents / 10;

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = usedAfterGc(memory);

        Organisation org = Organisation.generate(agents, services, 42);
        long memberships = 0;
        for (ServiceConfig s : org.services()) {
            memberships += s.members().size();
        }
        RoutingCore core = org.newCore();
        org = null; // the set-up commands go; what the core keeps of them stays
        long configured = usedAfterGc(memory) - baseline;

        RoutingSnapshot snapshot = core.snapshot();
        int viewed = snapshot.agents().size();
        snapshot = null; // readers drop it; the core keeps its views
        long withViews = usedAfterGc(memory) - baseline;
        Reference.reachabilityFence(core);

        System.out.println(String.format(
                Locale.ROOT,
                "{\"agents\":%d,\"services\":%d,\"memberships\":%d,\"heap_bytes\":%d,"
                        + "\"heap_bytes_per_agent\":%.1f,\"heap_bytes_with_views\":%d,"
                        + "\"heap_bytes_per_agent_with_views\":%.1f,\"agents_in_snapshot\":%d,"
                        + "\"gc\":\"%s\",\"jdk\":\"%s\"}",
                agents,
                services,
                memberships,
                configured,
                (double) configured / agents,
                withViews,
                (double) withViews / agents,
                viewed,
                ManagementFactory.getGarbageCollectorMXBeans().get(0).getName(),
                System.getProperty("java.version")));
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        // Repeat until the figure settles: finalizable and soft references may need a second pass.
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(now - used) < 64 * 1024) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
