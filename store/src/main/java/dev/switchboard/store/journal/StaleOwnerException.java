package dev.switchboard.store.journal;

import dev.switchboard.store.StoreException;

/**
 * An append was refused because another owner took the tenant over (a higher epoch). The
 * refused owner must stop: its state may be behind the journal, and it may not write any more.
 */
public final class StaleOwnerException extends StoreException {
    private final String tenant;
    private final long heldEpoch;
    private final long currentEpoch;

    public StaleOwnerException(String tenant, long heldEpoch, long currentEpoch, String currentOwner) {
        super("tenant " + tenant + " was taken over by " + currentOwner + " (epoch " + currentEpoch
                + "); this owner holds epoch " + heldEpoch + " and may no longer append");
        this.tenant = tenant;
        this.heldEpoch = heldEpoch;
        this.currentEpoch = currentEpoch;
    }

    public String tenant() {
        return tenant;
    }

    public long heldEpoch() {
        return heldEpoch;
    }

    public long currentEpoch() {
        return currentEpoch;
    }
}
