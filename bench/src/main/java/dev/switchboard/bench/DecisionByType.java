package dev.switchboard.bench;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.event.Event;
import dev.switchboard.core.model.CallId;
import dev.switchboard.core.model.DistributionType;
import dev.switchboard.core.model.Priority;
import dev.switchboard.core.model.ServiceConfig;
import dev.switchboard.core.model.ServiceId;
import dev.switchboard.core.routing.Outcome;
import dev.switchboard.core.routing.RoutingCore;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Where the decision latency's tail comes from: the same calls as {@link DecisionBenchmark}
 * (same organisation, same weighted choice of service, caller hangs up untimed), each timed with
 * {@link System#nanoTime()} and grouped by the service's distribution type, with the agents rung
 * per decision. Not JMH, so the figures carry the timer's ~25 ns and are for comparing the types
 * with one another; the headline stays with {@code DecisionBenchmark}.
 *
 * <pre>java -XX:+UseParallelGC -Xms2g -Xmx2g -cp 'bench/target/switchboard-bench.jar:bench/target/lib/*'
 *     dev.switchboard.bench.DecisionByType [agents] [calls]</pre>
 *
 * The first third of the calls warm up and are not counted. Prints a table on stdout.
 */
public final class DecisionByType {
    private DecisionByType() {}

    public static void main(String[] args) {
        int agents = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
        Organisation org = Organisation.generate(agents, agents / 10, 42);
        RoutingCore core = org.newCore();
        Map<ServiceId, DistributionType> typeOf = new HashMap<>();
        for (ServiceConfig s : org.services()) {
            typeOf.put(s.id(), s.distributionType());
        }
        ServiceId[] targets = DecisionBenchmark.weightedTargets(org, core);
        Random random = new Random(7);
        Instant now = Organisation.T0;
        Duration step = Duration.ofNanos(200_000_000_000L / agents);
        int warmUp = calls / 3;

        long[] all = new long[calls - warmUp];
        Map<DistributionType, long[]> byType = new EnumMap<>(DistributionType.class);
        Map<DistributionType, Integer> counts = new EnumMap<>(DistributionType.class);
        Map<DistributionType, Long> rung = new EnumMap<>(DistributionType.class);
        for (int i = 0; i < calls; i++) {
            now = now.plus(step);
            ServiceId service = targets[random.nextInt(targets.length)];
            Command.CallArrived call =
                    new Command.CallArrived(now, CallId.of("call-" + i), service, Priority.NORMAL, "+41445550100");
            long start = System.nanoTime();
            Outcome outcome = core.handle(call);
            long nanos = System.nanoTime() - start;
            core.handle(new Command.CallerHungUp(now, call.call()));
            if (i < warmUp) {
                continue;
            }
            DistributionType type = typeOf.get(service);
            all[i - warmUp] = nanos;
            int n = counts.merge(type, 1, Integer::sum);
            long[] samples = byType.computeIfAbsent(type, t -> new long[all.length]);
            samples[n - 1] = nanos;
            for (Event e : outcome.events()) {
                if (e instanceof Event.CallOffered o) {
                    rung.merge(type, (long) o.agents().size(), Long::sum);
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%,d agents, %,d calls timed (after %,d to warm up), ns per decision%n%n",
                agents,
                all.length,
                warmUp);
        String row = "%-16s %7s %9s %8s %8s %8s %8s%n";
        System.out.printf(Locale.ROOT, row, "distribution", "share", "rung/call", "p50", "p90", "p99", "p99.9");
        Arrays.sort(all);
        System.out.printf(
                Locale.ROOT, row, "all", "100%", "", at(all, 0.5), at(all, 0.9), at(all, 0.99), at(all, 0.999));
        byType.forEach((type, samples) -> {
            int n = counts.get(type);
            long[] sorted = Arrays.copyOf(samples, n);
            Arrays.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    row,
                    type,
                    String.format(Locale.ROOT, "%.1f%%", 100.0 * n / all.length),
                    String.format(Locale.ROOT, "%.1f", rung.getOrDefault(type, 0L) / (double) n),
                    at(sorted, 0.5),
                    at(sorted, 0.9),
                    at(sorted, 0.99),
                    at(sorted, 0.999));
        });
    }

    private static long at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }
}
