package dev.switchboard.sim.tenant;

import java.time.LocalTime;
import java.util.Random;

/**
 * Moves every user through a simulated working day: arrival, calls, meetings, breaks, lunch,
 * focus time, idle spells, leaving. Deterministic for a seed: the same seed and the same
 * simulated times give the same presence changes. About 2 % of changes carry a value a tolerant
 * client must survive (an unknown activity or camelCase spelling).
 */
final class WorkingDay {
    /** Receives each change: user index, pair, out-of-office flag. */
    interface Sink {
        void change(int userIndex, PresenceCatalog.Pair pair, boolean outOfOffice);
    }

    /** What the day looks like now. */
    record Status(boolean running, String simulatedTime, double speed, long seed, long changes) {}

    private static final long NEVER = Long.MAX_VALUE;

    private final int users;
    private final long seed;
    private final double speed;
    private final Sink sink;
    private final Random[] random;
    private final long[] arrive;
    private final long[] leave;
    private final long[] lunchStart;
    private final long[] lunchEnd;
    private final boolean[] outOfOffice;
    private final byte[] kind;
    private final long[] next;
    private final PresenceCatalog.Pair[] current;
    private long simSecond;
    private long changes;
    private final long realStartNanos;
    private final long simStart;
    private long manualOffset;

    private static final byte NORMAL = 0;
    private static final byte ABSENT = 1;
    private static final byte NO_TEAMS = 2;

    WorkingDay(int users, long seed, LocalTime start, double speed, Sink sink) {
        if (speed < 0) throw new IllegalArgumentException("speed must be >= 0 (0 = only manual steps)");
        this.users = users;
        this.seed = seed;
        this.speed = speed;
        this.sink = sink;
        this.random = new Random[users];
        this.arrive = new long[users];
        this.leave = new long[users];
        this.lunchStart = new long[users];
        this.lunchEnd = new long[users];
        this.outOfOffice = new boolean[users];
        this.kind = new byte[users];
        this.next = new long[users];
        this.current = new PresenceCatalog.Pair[users];
        this.simStart = start.toSecondOfDay();
        this.simSecond = simStart;
        for (int i = 0; i < users; i++) {
            Random r = new Random(seed * 1_000_003L + i);
            random[i] = r;
            arrive[i] = minutes(7 * 60 + 30 + r.nextInt(120));
            leave[i] = minutes(16 * 60 + r.nextInt(150));
            lunchStart[i] = minutes(11 * 60 + 45 + r.nextInt(75));
            lunchEnd[i] = lunchStart[i] + minutes(30 + r.nextInt(31));
            int k = r.nextInt(100);
            kind[i] = k < 3 ? ABSENT : k < 4 ? NO_TEAMS : NORMAL;
            outOfOffice[i] = kind[i] == ABSENT || r.nextInt(40) == 0;
            next[i] = simStart;
        }
        this.realStartNanos = System.nanoTime();
    }

    private static long minutes(int m) {
        return m * 60L;
    }

    /** Moves to where real time says the day is (speed × elapsed real time), plus manual steps. */
    synchronized int tick() {
        long elapsedSim = (long) ((System.nanoTime() - realStartNanos) / 1e9 * speed);
        return advanceTo(simStart + elapsedSim + manualOffset);
    }

    /** Moves the simulated day forward by hand (works at any speed, deterministic at speed 0). */
    synchronized int advance(long seconds) {
        manualOffset += seconds;
        return advanceTo(Math.max(simSecond, simSecond + seconds));
    }

    private int advanceTo(long target) {
        if (target < simSecond) return 0;
        simSecond = target;
        int n = 0;
        for (int i = 0; i < users; i++) {
            while (next[i] <= simSecond) {
                step(i, next[i]);
                n++;
            }
        }
        changes += n;
        return n;
    }

    private void step(int i, long t) {
        Random r = random[i];
        PresenceCatalog.Pair pair;
        long until;
        if (kind[i] == NO_TEAMS) {
            pair = PresenceCatalog.UNKNOWN;
            until = NEVER;
        } else if (kind[i] == ABSENT) {
            pair = r.nextBoolean() ? PresenceCatalog.OFFLINE_OUT_OF_OFFICE : PresenceCatalog.AVAILABLE_OUT_OF_OFFICE;
            until = NEVER;
        } else if (t < arrive[i]) {
            pair = PresenceCatalog.OFF_WORK;
            until = arrive[i];
        } else if (t >= leave[i]) {
            pair = PresenceCatalog.OFF_WORK;
            until = NEVER;
        } else if (t >= lunchStart[i] && t < lunchEnd[i]) {
            pair = PresenceCatalog.AWAY;
            until = lunchEnd[i];
        } else {
            pair = pick(r);
            if (pair.equals(current[i])) pair = pick(r);
            until = t + minutes(durationMinutes(pair, r));
            if (t < lunchStart[i]) until = Math.min(until, lunchStart[i]);
            until = Math.min(until, leave[i]);
            int odd = r.nextInt(100);
            if (odd < 1) {
                pair = r.nextBoolean() ? PresenceCatalog.FOCUSING : PresenceCatalog.FUTURE_ACTIVITY;
            } else if (odd < 2) {
                pair = PresenceCatalog.camelCase(pair);
            }
        }
        next[i] = Math.max(until, t + 1);
        if (until == NEVER) next[i] = NEVER;
        if (!pair.equals(current[i])) {
            current[i] = pair;
            sink.change(i, pair, outOfOffice[i]);
        }
    }

    private static PresenceCatalog.Pair pick(Random r) {
        int x = r.nextInt(100);
        if (x < 30) return PresenceCatalog.AVAILABLE;
        if (x < 50) return PresenceCatalog.IN_A_CALL;
        if (x < 62) return PresenceCatalog.IN_A_MEETING;
        if (x < 65) return PresenceCatalog.IN_A_CONFERENCE_CALL;
        if (x < 71) return PresenceCatalog.BUSY;
        if (x < 77) return PresenceCatalog.AVAILABLE_IDLE;
        if (x < 79) return PresenceCatalog.BUSY_IDLE;
        if (x < 84) return PresenceCatalog.AWAY;
        if (x < 86) return PresenceCatalog.AWAY_BE_RIGHT_BACK;
        if (x < 90) return PresenceCatalog.BE_RIGHT_BACK;
        if (x < 95) return PresenceCatalog.DO_NOT_DISTURB;
        if (x < 98) return PresenceCatalog.PRESENTING;
        return PresenceCatalog.URGENT_ONLY;
    }

    private static int durationMinutes(PresenceCatalog.Pair pair, Random r) {
        if (pair == PresenceCatalog.IN_A_MEETING) return r.nextBoolean() ? 30 : 60;
        if (pair == PresenceCatalog.IN_A_CALL) return 2 + r.nextInt(14);
        if (pair == PresenceCatalog.IN_A_CONFERENCE_CALL) return 10 + r.nextInt(31);
        if (pair == PresenceCatalog.AVAILABLE) return 2 + r.nextInt(19);
        if (pair == PresenceCatalog.BE_RIGHT_BACK || pair == PresenceCatalog.AWAY_BE_RIGHT_BACK) {
            return 3 + r.nextInt(8);
        }
        if (pair == PresenceCatalog.DO_NOT_DISTURB) return 15 + r.nextInt(31);
        if (pair == PresenceCatalog.PRESENTING) return 10 + r.nextInt(21);
        return 5 + r.nextInt(21);
    }

    synchronized Status status(boolean running) {
        long s = Math.min(simSecond, 24 * 3600 - 1);
        return new Status(running, LocalTime.ofSecondOfDay(s).toString(), speed, seed, changes);
    }
}
