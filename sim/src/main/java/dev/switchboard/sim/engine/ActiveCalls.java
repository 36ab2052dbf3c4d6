package dev.switchboard.sim.engine;

import dev.switchboard.core.model.CallId;

/**
 * The simulator's active calls by their sequence number: call ids are "c" + sequence, so the
 * sequence read back from an id indexes a ring that grows when two active calls would share a slot.
 * Saves a hash lookup per event on the hot path.
 */
final class ActiveCalls {
    private SimCall[] slots = new SimCall[1024];
    private int size;

    static CallId idOf(long sequence) {
        return CallId.of("c" + sequence);
    }

    void put(long sequence, SimCall call) {
        while (slots[slot(sequence, slots.length)] != null) {
            grow();
        }
        slots[slot(sequence, slots.length)] = call;
        size++;
    }

    SimCall get(CallId id) {
        long sequence = sequenceOf(id);
        SimCall call = slots[slot(sequence, slots.length)];
        if (call == null || call.sequence != sequence) {
            throw new IllegalStateException("the core names a call the simulator does not know: " + id);
        }
        return call;
    }

    SimCall remove(CallId id) {
        SimCall call = get(id);
        slots[slot(call.sequence, slots.length)] = null;
        size--;
        return call;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private void grow() {
        SimCall[] bigger = new SimCall[slots.length * 2];
        for (SimCall c : slots) {
            if (c != null) {
                bigger[slot(c.sequence, bigger.length)] = c;
            }
        }
        slots = bigger;
    }

    private static int slot(long sequence, int length) {
        return (int) (sequence & (length - 1));
    }

    private static long sequenceOf(CallId id) {
        String v = id.value();
        long n = 0;
        for (int i = 1, len = v.length(); i < len; i++) {
            n = n * 10 + (v.charAt(i) - '0');
        }
        return n;
    }
}
