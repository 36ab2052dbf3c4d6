package dev.switchboard.sim.tenant;

/**
 * How the notification sender misbehaves. Rates are probabilities per notification, drawn from
 * the tenant's seeded random source.
 *
 * @param duplicateRate a notification is delivered twice
 * @param outOfOrderRate a notification swaps places with the one queued after it
 * @param dropRate a notification is never delivered
 * @param delayMillis every notification waits this long before it is queued for delivery
 */
public record NotificationFaults(double duplicateRate, double outOfOrderRate, double dropRate, long delayMillis) {
    public static final NotificationFaults NONE = new NotificationFaults(0, 0, 0, 0);

    public NotificationFaults {
        check("duplicateRate", duplicateRate);
        check("outOfOrderRate", outOfOrderRate);
        check("dropRate", dropRate);
        if (delayMillis < 0 || delayMillis > 60_000) {
            throw new IllegalArgumentException("delayMillis must be 0..60000, was " + delayMillis);
        }
    }

    private static void check(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + rate);
        }
    }
}
