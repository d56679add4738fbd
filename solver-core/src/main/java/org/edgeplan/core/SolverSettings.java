package org.edgeplan.core;

/**
 * What every solver is told: a time limit, a seed for all randomness, and how many threads it may use.
 *
 * @param timeLimitSeconds wall-clock limit, positive and finite: every solve ends (local searches have no other end,
 *                         run records keep the limit as a JSON number); a solve's {@link Deadline} is derived from it
 * @param seed             seed of every random choice; the same seed gives the same result
 * @param threads          worker threads, at least 1
 * @param incumbents       told of every improvement by anytime solvers ({@link IncumbentListener#NONE} to ignore)
 */
public record SolverSettings(double timeLimitSeconds, long seed, int threads, IncumbentListener incumbents) {
    public static final double DEFAULT_TIME_LIMIT_SECONDS = 60.0;

    public SolverSettings {
        if (!(timeLimitSeconds > 0) || !Double.isFinite(timeLimitSeconds)) {
            throw new InvalidInputException("time limit must be a positive, finite number of seconds, got "
                    + timeLimitSeconds + (timeLimitSeconds == Double.POSITIVE_INFINITY
                    ? " (there is no unlimited run: give a long limit such as 86400)" : ""));
        }
        if (threads < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + threads);
        }
        incumbents = incumbents == null ? IncumbentListener.NONE : incumbents;
    }

    /**
     * The seed as a non-negative {@code int} ({@code seed mod 2^31}), for native solvers whose seed parameter is a
     * 32-bit integer (CP-SAT, SCIP, HiGHS): the one mapping every formulation uses, the identity on 0 .. 2^31 - 1.
     */
    public int nativeSeed() {
        return (int) Math.floorMod(seed, 1L << 31);
    }

    /** Settings without an incumbent listener. */
    public SolverSettings(double timeLimitSeconds, long seed, int threads) {
        this(timeLimitSeconds, seed, threads, IncumbentListener.NONE);
    }

    /** 60 s, seed 0, one thread. */
    public static SolverSettings defaults() {
        return new SolverSettings(DEFAULT_TIME_LIMIT_SECONDS, 0L, 1);
    }

    public SolverSettings withTimeLimit(double seconds) {
        return new SolverSettings(seconds, seed, threads, incumbents);
    }

    public SolverSettings withSeed(long newSeed) {
        return new SolverSettings(timeLimitSeconds, newSeed, threads, incumbents);
    }

    public SolverSettings withThreads(int newThreads) {
        return new SolverSettings(timeLimitSeconds, seed, newThreads, incumbents);
    }

    public SolverSettings withIncumbents(IncumbentListener listener) {
        return new SolverSettings(timeLimitSeconds, seed, threads, listener);
    }
}
