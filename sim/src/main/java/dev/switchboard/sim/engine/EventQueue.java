package dev.switchboard.sim.engine;

import java.util.Arrays;

/**
 * A binary min-heap of pending happenings ordered by (time, sequence), stored in parallel
 * primitive arrays so the hot loop allocates nothing per entry. Entries with the same time leave
 * in the order they were added; {@link #addNow} entries go before every ordinary entry of their
 * instant.
 */
final class EventQueue {
    private long[] time = new long[256];
    private long[] seq = new long[256];
    private int[] kind = new int[256];
    private int[] arg = new int[256];
    private long[] token = new long[256];
    private Object[] ref = new Object[256];
    private int size;
    private long nextSeq;
    private long nextImmediateSeq = Long.MIN_VALUE;

    // The entry last removed by poll().
    long polledTime;
    int polledKind;
    int polledArg;
    long polledToken;
    Object polledRef;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return time[0];
    }

    /** Whether the head was added with {@link #addNow} (and so must run before the core's deadlines). */
    boolean headIsImmediate() {
        return size > 0 && seq[0] < 0;
    }

    void add(long at, int k, int a, long t, Object r) {
        push(at, nextSeq++, k, a, t, r);
    }

    /** Adds an entry for the current instant that runs before any other entry of that instant. */
    void addNow(long now, int k, int a, long t, Object r) {
        push(now, nextImmediateSeq++, k, a, t, r);
    }

    private void push(long at, long s, int k, int a, long t, Object r) {
        if (size == time.length) {
            int n = size * 2;
            time = Arrays.copyOf(time, n);
            seq = Arrays.copyOf(seq, n);
            kind = Arrays.copyOf(kind, n);
            arg = Arrays.copyOf(arg, n);
            token = Arrays.copyOf(token, n);
            ref = Arrays.copyOf(ref, n);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(at, s, time[parent], seq[parent])) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, at, s, k, a, t, r);
    }

    /** Removes the head into the {@code polled*} fields. */
    void poll() {
        polledTime = time[0];
        polledKind = kind[0];
        polledArg = arg[0];
        polledToken = token[0];
        polledRef = ref[0];
        int last = --size;
        long lt = time[last];
        long ls = seq[last];
        int lk = kind[last];
        int la = arg[last];
        long ltok = token[last];
        Object lr = ref[last];
        ref[last] = null;
        if (last == 0) {
            return;
        }
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && before(time[right], seq[right], time[child], seq[child])) {
                child = right;
            }
            if (!before(time[child], seq[child], lt, ls)) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, lt, ls, lk, la, ltok, lr);
    }

    private static boolean before(long t1, long s1, long t2, long s2) {
        return t1 < t2 || (t1 == t2 && s1 < s2);
    }

    private void move(int from, int to) {
        time[to] = time[from];
        seq[to] = seq[from];
        kind[to] = kind[from];
        arg[to] = arg[from];
        token[to] = token[from];
        ref[to] = ref[from];
    }

    private void set(int i, long t, long s, int k, int a, long tok, Object r) {
        time[i] = t;
        seq[i] = s;
        kind[i] = k;
        arg[i] = a;
        token[i] = tok;
        ref[i] = r;
    }
}
