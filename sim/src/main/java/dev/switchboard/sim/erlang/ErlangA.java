package dev.switchboard.sim.erlang;

/**
 * Erlang A (M/M/N+M): Poisson arrivals, exponential handle times, N agents, an unlimited queue, and
 * callers who hang up after an exponential patience with mean 1/θ. Garnett, Mandelbaum and Reiman
 * (2002), §6.3 of the project's research notes.
 *
 * <p>The stationary distribution is π_j ∝ A^j/j! for j ≤ N and π_{N+k} = π_N ∏_{i=1..k} λ/(Nμ +
 * iθ) beyond. The weights are kept relative to π_N, so nothing overflows: the states up to N sum to
 * π_N / B(N, A). A caller who finds k others waiting moves up one place at rate Nμ + iθ (i callers
 * still ahead) and gives up at rate θ; that gives the share answered, their mean wait and (by
 * uniformization) the chance of an answer within the target.
 */
public final class ErlangA {
    private ErlangA() {}

    /** Tail weights below this share of the total are dropped. */
    private static final double NEGLIGIBLE = 1e-16;
    /** More waiting callers than this means the parameters make no sense for a contact centre. */
    private static final int MAX_QUEUE_STATES = 2_000_000;

    /**
     * The long-run figures for N agents, arrivals per second and mean handle time, mean patience
     * and service level target in seconds.
     */
    public static Prediction predict(
            int agents, double arrivalsPerSecond, double handleSeconds, double patienceSeconds, double targetSeconds) {
        if (agents < 1) {
            throw new IllegalArgumentException("agents must be at least 1 (was " + agents + ")");
        }
        if (!(arrivalsPerSecond > 0) || !(handleSeconds > 0) || !(patienceSeconds > 0) || !(targetSeconds >= 0)) {
            throw new IllegalArgumentException("rates and times must be positive numbers");
        }
        double lambda = arrivalsPerSecond;
        double mu = 1 / handleSeconds;
        double theta = 1 / patienceSeconds;
        double a = lambda / mu;
        double serviceRate = agents * mu;

        double head = 1 / ErlangC.erlangB(agents, a); // Σ_{j ≤ N} π_j / π_N
        // w[k] = π_{N+k} / π_N for k ≥ 0.
        double[] w = tailWeights(lambda, serviceRate, theta, head);
        int last = w.length - 1;
        double tail = 0;
        double queueMoment = 0;
        for (int k = 0; k <= last; k++) {
            tail += w[k];
            queueMoment += k * w[k];
        }
        double total = head - 1 + tail; // π_N counted once
        double pWait = tail / total;
        double meanQueue = queueMoment / total;
        double pAbandon = theta * meanQueue / lambda;

        // A caller who finds k waiting: served with probability ∏ r_i/(r_i + θ), i = 0..k, and then
        // waited E[S·e^{−θS}] = P(served) · Σ 1/(r_i + θ), with r_i = Nμ + iθ.
        double servedAfterWaiting = 0;
        double waitOfServed = 0;
        double pServed = 1;
        double meanToService = 0;
        for (int k = 0; k <= last; k++) {
            double r = serviceRate + k * theta;
            pServed *= r / (r + theta);
            meanToService += 1 / (r + theta);
            double pk = w[k] / total;
            servedAfterWaiting += pk * pServed;
            waitOfServed += pk * pServed * meanToService;
        }
        double answered = (1 - pWait) + servedAfterWaiting;
        double asa = waitOfServed / answered;
        double withinTarget = (1 - pWait) + servedWithin(w, total, serviceRate, theta, targetSeconds);
        double occupancy = lambda * (1 - pAbandon) / serviceRate;
        return new Prediction(
                "erlang-a",
                agents,
                a,
                targetSeconds,
                true,
                pWait,
                withinTarget,
                asa,
                meanQueue / lambda,
                pAbandon,
                occupancy);
    }

    /** π_{N+k}/π_N until the rest is negligible against the whole distribution. */
    private static double[] tailWeights(double lambda, double serviceRate, double theta, double head) {
        double[] w = new double[64];
        w[0] = 1;
        double sum = head;
        int k = 0;
        while (true) {
            double ratio = lambda / (serviceRate + (k + 1) * theta);
            double next = w[k] * ratio;
            // Once the ratio is below 1 the rest is a geometric-bounded tail: stop when it is tiny.
            if (ratio < 1 && next / (1 - ratio) < NEGLIGIBLE * sum) {
                break;
            }
            k++;
            if (k >= MAX_QUEUE_STATES) {
                throw new IllegalArgumentException("the queue would grow beyond " + MAX_QUEUE_STATES
                        + " waiting callers; patience too long for this load");
            }
            if (k == w.length) {
                w = java.util.Arrays.copyOf(w, w.length * 2);
            }
            w[k] = next;
            sum += next;
        }
        return java.util.Arrays.copyOf(w, k + 1);
    }

    /**
     * Σ_k π_{N+k} · P(a caller who found k waiting is answered within t), by uniformization of
     * the caller's position: from i callers ahead it moves up at rate r_i = Nμ + iθ (into service
     * from i = 0) and leaves at rate θ.
     */
    private static double servedWithin(double[] w, double total, double serviceRate, double theta, double t) {
        int last = w.length - 1;
        double uniform = serviceRate + (last + 1) * theta;
        double mean = uniform * t;
        // g[i] = P(answered within n jumps | i ahead); starts at 0 for n = 0.
        double[] g = new double[last + 1];
        double result = 0;
        double logMean = Math.log(Math.max(mean, Double.MIN_NORMAL));
        double logFactorial = 0;
        int maxSteps = (int) Math.ceil(mean + 12 * Math.sqrt(mean) + 30);
        double cumulative = 0;
        for (int n = 0; n <= maxSteps; n++) {
            if (n > 0) {
                logFactorial += Math.log(n);
                for (int i = last; i >= 0; i--) {
                    double r = serviceRate + i * theta;
                    double forward = i == 0 ? 1.0 : g[i - 1];
                    g[i] = (r / uniform) * forward + (1 - (r + theta) / uniform) * g[i];
                }
            }
            double poisson = mean == 0 ? (n == 0 ? 1 : 0) : Math.exp(-mean + n * logMean - logFactorial);
            cumulative += poisson;
            double weighted = 0;
            for (int i = 0; i <= last; i++) {
                weighted += w[i] * g[i];
            }
            result += poisson * weighted / total;
            if (n > mean && 1 - cumulative < 1e-14) {
                break;
            }
        }
        return result;
    }
}
