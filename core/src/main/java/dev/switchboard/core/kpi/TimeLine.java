package dev.switchboard.core.kpi;

import java.util.Arrays;

/**
 * Instants (epoch nanoseconds), or intervals of them, in the order they happened: a bounded ring
 * of longs, cheaper than a queue of objects. Queries distribute them over consecutive ranges.
 */
final class TimeLine {
    private final int max;
    private final boolean intervals;
    private long[] starts = new long[8];
    private long[] ends;
    private int head;
    private int size;

    /** @param intervals whether entries are intervals (start and end) or single instants */
    TimeLine(int max, boolean intervals) {
        this.max = max;
        this.intervals = intervals;
        this.ends = intervals ? new long[8] : null;
    }

    void add(long at) {
        add(at, at);
    }

    void add(long start, long end) {
        if (size == max) {
            removeFirst();
        }
        if (size == starts.length) {
            grow();
        }
        int i = (head + size) % starts.length;
        starts[i] = start;
        if (intervals) {
            ends[i] = end;
        }
        size++;
    }

    private void grow() {
        int capacity = Math.min(max, starts.length * 2);
        starts = unroll(starts, capacity);
        if (intervals) {
            ends = unroll(ends, capacity);
        }
        head = 0;
    }

    private long[] unroll(long[] ring, int capacity) {
        long[] out = Arrays.copyOf(ring, capacity);
        for (int k = 0; k < size; k++) {
            out[k] = ring[(head + k) % ring.length];
        }
        return out;
    }

    private void removeFirst() {
        head = (head + 1) % starts.length;
        size--;
    }

    /** Forgets entries that ended before {@code limit}. */
    void forgetBefore(long limit) {
        while (size > 0 && (intervals ? ends[head] : starts[head]) < limit) {
            removeFirst();
        }
    }

    /** Counts the instants in each range {@code [bounds[k], bounds[k + 1])} into {@code out[k]}. */
    void count(long[] bounds, long[] out) {
        int k = 0;
        for (int j = 0; j < size; j++) {
            k = rangeOf(starts[(head + j) % starts.length], bounds, k);
            if (k == out.length) {
                return;
            }
            if (k >= 0) {
                out[k]++;
            }
        }
    }

    /**
     * For instants in order: the range {@code [bounds[k], bounds[k + 1])} that holds {@code t},
     * searching from range {@code from} on; -1 before the first range, the number of ranges after
     * the last.
     */
    static int rangeOf(long t, long[] bounds, int from) {
        if (t < bounds[0]) {
            return -1;
        }
        int k = Math.max(0, from);
        while (k < bounds.length - 1 && t >= bounds[k + 1]) {
            k++;
        }
        return k;
    }

    /** Adds the part of every interval inside each range {@code [bounds[k], bounds[k + 1])} to {@code out[k]}. */
    void overlap(long[] bounds, long[] out) {
        for (int j = 0; j < size; j++) {
            int i = (head + j) % starts.length;
            overlap(starts[i], ends[i], bounds, out);
        }
    }

    /** Adds the part of {@code [start, end)} inside each range to {@code out}. */
    static void overlap(long start, long end, long[] bounds, long[] out) {
        if (end <= bounds[0] || start >= bounds[out.length]) {
            return;
        }
        int k = Arrays.binarySearch(bounds, start);
        k = k >= 0 ? k : Math.max(0, -k - 2);
        for (; k < out.length && bounds[k] < end; k++) {
            long from = Math.max(start, bounds[k]);
            long to = Math.min(end, bounds[k + 1]);
            if (to > from) {
                out[k] += to - from;
            }
        }
    }
}
