package dev.switchboard.bench;

import dev.switchboard.core.command.Command;
import dev.switchboard.core.model.AgentId;
import dev.switchboard.core.presence.Fidelity;
import dev.switchboard.core.presence.Presence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * An endless, deterministic stream of presence observations as the presence sources deliver
 * them to the core. Per 100 observations, on average:
 *
 * <ul>
 *   <li>67 new states with a fresh stamp, drawn from the organisation's presence mix (8 of them
 *       coarse): about half of them move the agent between selectable and not;
 *   <li>10 the agent's current detailed state again with a fresh stamp (a second presence
 *       account, a re-subscription): accepted, changes nothing that routing depends on;
 *   <li>15 exact re-deliveries of the agent's last detailed observation (same stamp): ignored;
 *   <li>8 older stamps arriving late: ignored.
 * </ul>
 *
 * Virtual time advances by {@code step} per observation.
 */
public final class PresenceStream {
    private final List<AgentId> agents;
    private final Random random;
    private final Organisation.PresenceMix mix;
    private final Presence[] lastDetailed;
    private final Duration step;
    private Instant now;

    public PresenceStream(List<AgentId> agents, long seed, Instant start, Duration step) {
        this.agents = List.copyOf(agents);
        this.random = new Random(seed);
        this.mix = new Organisation.PresenceMix(new Random(seed * 31 + 7));
        this.lastDetailed = new Presence[agents.size()];
        this.step = step;
        this.now = start;
    }

    public Instant now() {
        return now;
    }

    /** The next observation. */
    public Command.PresenceObserved next() {
        now = now.plus(step);
        int i = random.nextInt(agents.size());
        AgentId agent = agents.get(i);
        Presence last = lastDetailed[i];
        int roll = random.nextInt(100);
        Presence p;
        if (last != null && roll < 15) {
            p = last; // re-delivery: same stamp, must be ignored
        } else if (last != null && roll < 23) {
            p = new Presence(
                    last.availability(),
                    last.activity(),
                    last.outOfOffice(),
                    Fidelity.DETAILED,
                    last.source(),
                    olderThan(last.sequence()),
                    now); // late arrival of an older reading, must be ignored
        } else if (last != null && roll < 33) {
            p = new Presence(
                    last.availability(),
                    last.activity(),
                    last.outOfOffice(),
                    Fidelity.DETAILED,
                    "presence-account:pa2",
                    mix.nextStamp(),
                    now); // same state seen again through another account
        } else {
            p = mix.next(now);
        }
        if (p.fidelity() == Fidelity.DETAILED && p != last && (last == null || !p.isStaleComparedTo(last))) {
            lastDetailed[i] = p;
        }
        return new Command.PresenceObserved(now, agent, p);
    }

    /** A stamp a little older than {@code stamp} (same width, so it also sorts older). */
    private String olderThan(String stamp) {
        long value = Long.parseLong(stamp.substring(1));
        return "A" + (value - 1 - random.nextInt(5));
    }

    /** Fills the array with the next observations. */
    public void fill(Command[] batch) {
        for (int k = 0; k < batch.length; k++) {
            batch[k] = next();
        }
    }
}
