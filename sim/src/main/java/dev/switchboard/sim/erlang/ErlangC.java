package dev.switchboard.sim.erlang;

/**
 * Erlang C: Poisson arrivals, exponential handle times, N agents, an unlimited queue, nobody hangs
 * up. Gans, Koole and Mandelbaum (2003), §6.2 of the project's research notes.
 */
public final class ErlangC {
    private ErlangC() {}

    /**
     * The Erlang B blocking probability B(N, A) by the stable recursion B(k) = A·B(k−1) / (k +
     * A·B(k−1)), B(0) = 1.
     */
    public static double erlangB(int agents, double offeredLoad) {
        requireArguments(agents, offeredLoad);
        double b = 1.0;
        for (int k = 1; k <= agents; k++) {
            b = offeredLoad * b / (k + offeredLoad * b);
        }
        return b;
    }

    /** The probability of waiting C(N, A) = N·B / (N − A·(1 − B)); 1 when N ≤ A (no steady state). */
    public static double probabilityOfWaiting(int agents, double offeredLoad) {
        requireArguments(agents, offeredLoad);
        if (agents <= offeredLoad) {
            return 1.0;
        }
        double b = erlangB(agents, offeredLoad);
        return agents * b / (agents - offeredLoad * (1 - b));
    }

    /**
     * The long-run figures for N agents, arrivals per second, a mean handle time and a service
     * level target, both in seconds.
     */
    public static Prediction predict(int agents, double arrivalsPerSecond, double handleSeconds, double targetSeconds) {
        if (!(arrivalsPerSecond >= 0) || !(handleSeconds > 0) || !(targetSeconds >= 0)) {
            throw new IllegalArgumentException("rates and times must be positive numbers");
        }
        double a = arrivalsPerSecond * handleSeconds;
        requireArguments(agents, a);
        if (agents <= a) {
            return Prediction.unstable("erlang-c", agents, a, targetSeconds);
        }
        double c = probabilityOfWaiting(agents, a);
        double asa = c * handleSeconds / (agents - a);
        double sl = 1 - c * Math.exp(-(agents - a) * targetSeconds / handleSeconds);
        return new Prediction("erlang-c", agents, a, targetSeconds, true, c, sl, asa, asa, 0.0, a / agents);
    }

    private static void requireArguments(int agents, double offeredLoad) {
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be at least 1 (was " + agents + ")");
        }
        if (!(offeredLoad >= 0) || Double.isInfinite(offeredLoad)) {
            throw new IllegalArgumentException("offered load must be a finite number ≥ 0 (was " + offeredLoad + ")");
        }
    }
}
