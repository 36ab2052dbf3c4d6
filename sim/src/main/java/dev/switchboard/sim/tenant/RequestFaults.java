package dev.switchboard.sim.tenant;

import java.util.ArrayList;
import java.util.List;

/** Scripted {@link GraphFault}s, consumed in the order they were injected. */
final class RequestFaults {
    private static final class Active {
        final GraphFault fault;
        int remaining;

        Active(GraphFault fault) {
            this.fault = fault;
            this.remaining = fault.count();
        }
    }

    private final List<Active> active = new ArrayList<>();
    private volatile boolean any;

    synchronized void add(GraphFault fault) {
        active.add(new Active(fault));
        any = true;
    }

    synchronized void clear() {
        active.clear();
        any = false;
    }

    synchronized List<GraphFault> pending() {
        List<GraphFault> out = new ArrayList<>();
        for (Active a : active) {
            GraphFault f = a.fault;
            out.add(new GraphFault(
                    f.kind(), a.remaining, f.retryAfterSeconds(), f.delayMillis(), f.status(), f.path()));
        }
        return out;
    }

    /** The fault for a request to this path, consuming one use; or null. */
    GraphFault take(String path) {
        if (!any) return null;
        synchronized (this) {
            for (int i = 0; i < active.size(); i++) {
                Active a = active.get(i);
                if (path.startsWith(a.fault.path())) {
                    if (--a.remaining <= 0) active.remove(i);
                    any = !active.isEmpty();
                    return a.fault;
                }
            }
            return null;
        }
    }
}
