package dev.switchboard.sim.engine;

import dev.switchboard.sim.random.Distribution;
import dev.switchboard.sim.scenario.AgentGroupSpec;
import dev.switchboard.sim.scenario.ScenarioSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An agent's days, drawn up front from the agent's own random stream: shifts, meetings, manual
 * statuses, offline spells and personal call attempts, in time order. Drawing it all before the
 * run keeps the agent's day identical in every mode of a scenario, whatever the routing does.
 */
final class AgentPlan {
    static final int SHIFT_START = 0;
    static final int SHIFT_END = 1;
    static final int MEETING_START = 2;
    static final int MEETING_END = 3;
    static final int MANUAL_START = 4;
    static final int MANUAL_END = 5;
    static final int OFFLINE_START = 6;
    static final int OFFLINE_END = 7;
    static final int PERSONAL_CALL = 8;

    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;
    static final long DAY = 24 * HOUR;

    final long[] times;
    final int[] types;
    final int[] args;
    final long[] durations;

    private AgentPlan(List<Item> items) {
        int n = items.size();
        times = new long[n];
        types = new int[n];
        args = new int[n];
        durations = new long[n];
        for (int i = 0; i < n; i++) {
            Item it = items.get(i);
            times[i] = it.at;
            types[i] = it.type;
            args[i] = it.arg;
            durations[i] = it.duration;
        }
    }

    int size() {
        return times.length;
    }

    private record Item(long at, int type, int arg, long duration) {}

    /** The plan of the {@code indexInGroup}-th agent of a group. */
    static AgentPlan draw(ScenarioSpec spec, AgentGroupSpec group, int indexInGroup, SplittableRandom random) {
        List<Item> items = new ArrayList<>();
        long open = nanos(spec.start());
        long length = spec.length().toNanos();
        for (int d = 0; d < spec.days(); d++) {
            long midnight = d * DAY;
            long on = group.shiftStart() == null ? midnight + open : midnight + nanos(group.shiftStart());
            long off = group.shiftEnd() == null ? midnight + open + length : midnight + nanos(group.shiftEnd());
            items.add(new Item(on, SHIFT_START, 0, 0));
            items.add(new Item(off, SHIFT_END, 0, 0));

            AgentGroupSpec.MeetingSpec meetings = group.meetings();
            if (meetings != null) {
                int n = poisson(random, meetings.perDay());
                long earliest = midnight + nanos(meetings.earliest());
                long latest = midnight + nanos(meetings.latest());
                for (int i = 0; i < n; i++) {
                    long start = earliest + (long) (random.nextDouble() * (latest - earliest));
                    span(items, start, meetings.duration().sampleNanos(random), MEETING_START, MEETING_END, 0);
                }
            }
            for (AgentGroupSpec.CalendarEntry entry : group.calendar()) {
                if (indexInGroup < Math.ceil(entry.share() * group.count() - 1e-9)) {
                    long start = midnight + nanos(entry.start());
                    span(items, start, nanos(entry.end()) - nanos(entry.start()), MEETING_START, MEETING_END, 0);
                }
            }
            for (AgentGroupSpec.ManualStatusSpec m : group.manual()) {
                int n = poisson(random, m.perDay());
                for (int i = 0; i < n; i++) {
                    long start = on + (long) (random.nextDouble() * (off - on));
                    span(
                            items,
                            start,
                            m.duration().sampleNanos(random),
                            MANUAL_START,
                            MANUAL_END,
                            m.status().ordinal());
                }
            }
            AgentGroupSpec.OfflineSpec offline = group.offline();
            if (offline != null) {
                int n = poisson(random, offline.perDay());
                for (int i = 0; i < n; i++) {
                    long start = on + (long) (random.nextDouble() * (off - on));
                    span(items, start, offline.duration().sampleNanos(random), OFFLINE_START, OFFLINE_END, 0);
                }
            }
            AgentGroupSpec.PersonalCallSpec personal = group.personalCalls();
            if (personal != null && personal.perHour() > 0) {
                Distribution gap = Distribution.Exponential.withMean(3600 / personal.perHour());
                long t = on + gap.sampleNanos(random);
                while (t < off) {
                    items.add(new Item(
                            t, PERSONAL_CALL, 0, Math.max(1, personal.duration().sampleNanos(random))));
                    t += gap.sampleNanos(random);
                }
            }
        }
        items.sort(Comparator.comparingLong(Item::at)); // stable: ties keep the order above
        return new AgentPlan(items);
    }

    private static void span(List<Item> items, long start, long duration, int startType, int endType, int arg) {
        long d = Math.max(1, duration);
        items.add(new Item(start, startType, arg, d));
        items.add(new Item(start + d, endType, arg, 0));
    }

    /** Knuth's method: fine for the small means of per-day counts. */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        double limit = Math.exp(-mean);
        double p = random.nextDouble();
        int n = 0;
        while (p > limit) {
            p *= random.nextDouble();
            n++;
        }
        return n;
    }

    static long nanos(java.time.Duration d) {
        return d.toNanos();
    }
}
