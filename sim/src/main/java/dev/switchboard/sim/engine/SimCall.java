package dev.switchboard.sim.engine;

import dev.switchboard.core.model.CallId;

/** One simulated caller, from arrival until the core says the call is over. */
final class SimCall {
    static final int ARRIVING = 0;
    static final int WAITING = 1;
    static final int RINGING = 2;
    static final int CONNECTED = 3;
    static final int DONE = 4;

    final CallId id;
    final long sequence;
    final SimService service;
    final long handleNanos;

    int state = ARRIVING;
    SimAgent agent;

    SimCall(long sequence, SimService service, long handleNanos) {
        this.id = ActiveCalls.idOf(sequence);
        this.sequence = sequence;
        this.service = service;
        this.handleNanos = handleNanos;
    }

    /** Waiting or ringing: the caller has not reached anyone yet. */
    boolean inQueue() {
        return state == WAITING || state == RINGING;
    }
}
