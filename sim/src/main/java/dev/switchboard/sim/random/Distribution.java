package dev.switchboard.sim.random;

import java.util.random.RandomGenerator;

/** A distribution of durations, sampled in nanoseconds of virtual time. */
public sealed interface Distribution {
    long NANOS_PER_SECOND = 1_000_000_000L;

    /** One sample, in nanoseconds (never negative). */
    long sampleNanos(RandomGenerator random);

    /** The mean in seconds (before any cap). */
    double meanSeconds();

    /** A short description for reports, e.g. "exponential, mean 240 s". */
    String describe();

    /** Always the same duration. */
    record Fixed(double seconds) implements Distribution {
        public Fixed {
            requireNonNegative(seconds, "seconds");
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return toNanos(seconds);
        }

        @Override
        public double meanSeconds() {
            return seconds;
        }

        @Override
        public String describe() {
            return "fixed " + format(seconds) + " s";
        }
    }

    /** Uniform between {@code min} and {@code max} seconds. */
    record Uniform(double minSeconds, double maxSeconds) implements Distribution {
        public Uniform {
            requireNonNegative(minSeconds, "min_seconds");
            if (!(maxSeconds >= minSeconds)) {
                throw new IllegalArgumentException("max_seconds must be at least min_seconds");
            }
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            return toNanos(minSeconds + (maxSeconds - minSeconds) * random.nextDouble());
        }

        @Override
        public double meanSeconds() {
            return (minSeconds + maxSeconds) / 2;
        }

        @Override
        public String describe() {
            return "uniform " + format(minSeconds) + "–" + format(maxSeconds) + " s";
        }
    }

    /** Exponential with the given mean, optionally capped (samples above the cap become the cap). */
    record Exponential(double meanSeconds, double capSeconds) implements Distribution {
        public Exponential {
            requirePositive(meanSeconds, "mean_seconds");
            requirePositive(capSeconds, "max_seconds");
        }

        public static Exponential withMean(double meanSeconds) {
            return new Exponential(meanSeconds, Double.POSITIVE_INFINITY);
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            // 1 − u is in (0, 1], so the logarithm is finite.
            double s = -meanSeconds * Math.log(1 - random.nextDouble());
            return toNanos(Math.min(s, capSeconds));
        }

        @Override
        public String describe() {
            return "exponential, mean " + format(meanSeconds) + " s" + cap(capSeconds);
        }
    }

    /**
     * Lognormal with the given mean and standard deviation (of the duration itself, not of its
     * logarithm), optionally capped.
     */
    record Lognormal(double meanSeconds, double sdSeconds, double capSeconds) implements Distribution {
        public Lognormal {
            requirePositive(meanSeconds, "mean_seconds");
            requirePositive(sdSeconds, "sd_seconds");
            requirePositive(capSeconds, "max_seconds");
        }

        @Override
        public long sampleNanos(RandomGenerator random) {
            double sigma2 = Math.log(1 + (sdSeconds * sdSeconds) / (meanSeconds * meanSeconds));
            double mu = Math.log(meanSeconds) - sigma2 / 2;
            double s = Math.exp(mu + Math.sqrt(sigma2) * random.nextGaussian());
            return toNanos(Math.min(s, capSeconds));
        }

        @Override
        public String describe() {
            return "lognormal, mean " + format(meanSeconds) + " s, sd " + format(sdSeconds) + " s" + cap(capSeconds);
        }
    }

    /** Never happens: a caller without a patience limit. */
    record Never() implements Distribution {
        @Override
        public long sampleNanos(RandomGenerator random) {
            return Long.MAX_VALUE;
        }

        @Override
        public double meanSeconds() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public String describe() {
            return "none";
        }
    }

    private static long toNanos(double seconds) {
        return Math.round(seconds * NANOS_PER_SECOND);
    }

    private static void requireNonNegative(double v, String field) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + " must be a number ≥ 0 (was " + v + ")");
        }
    }

    private static void requirePositive(double v, String field) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(field + " must be a number > 0 (was " + v + ")");
        }
    }

    private static String cap(double capSeconds) {
        return Double.isInfinite(capSeconds) ? "" : ", at most " + format(capSeconds) + " s";
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }
}
