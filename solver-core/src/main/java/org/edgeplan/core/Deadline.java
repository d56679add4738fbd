package org.edgeplan.core;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * When a solve must end: its start and its time budget on one clock ({@link System#nanoTime()} unless a test injects
 * another). Every solver is handed one ({@link Solver#solve(Instance, SolverSettings, Deadline)}), derived from
 * {@link SolverSettings#timeLimitSeconds()} when the solve starts, and passes it down into every loop whose work grows
 * with the instance; such a loop asks {@link #expired()} and, once it is, stops and returns what it has (the best plan
 * so far as feasible with the bound it proved, or no plan with the reason), never a claim of optimality it has not
 * proved. Native solvers get {@link #remainingSeconds()}.
 *
 * <p>Immutable; a budget beyond {@value #MAX_BUDGET_SECONDS} s (about 73 years, {@code Long.MAX_VALUE / 4}
 * nanoseconds) counts as that budget, so {@code Deadline.after(Double.POSITIVE_INFINITY)} is a deadline that never
 * comes in practice (used by training runs bounded by an episode budget). Solver settings reject an infinite limit.
 */
public final class Deadline {
    /** The largest budget kept, in seconds ({@code Long.MAX_VALUE / 4} nanoseconds). */
    public static final double MAX_BUDGET_SECONDS = (Long.MAX_VALUE / 4) / 1e9;

    private final LongSupplier clock;
    private final long startNanos;
    private final long budgetNanos;

    private Deadline(LongSupplier clock, long startNanos, long budgetNanos) {
        this.clock = clock;
        this.startNanos = startNanos;
        this.budgetNanos = budgetNanos;
    }

    /** Starts now with the settings' time limit. */
    public static Deadline start(SolverSettings settings) {
        return after(settings.timeLimitSeconds());
    }

    /** Starts now and ends {@code seconds} later (positive, possibly infinite: capped at the largest budget). */
    public static Deadline after(double seconds) {
        return of(seconds, System::nanoTime);
    }

    /** No deadline in practice: the largest budget (for work bounded otherwise, such as an episode budget). */
    public static Deadline none() {
        return after(Double.POSITIVE_INFINITY);
    }

    /**
     * Starts at the current reading of {@code nanoClock} and ends {@code seconds} later on that clock; for tests that
     * drive the time themselves (a clock that advances one nanosecond per reading expires after a counted number of
     * checks, whatever the machine).
     */
    public static Deadline of(double seconds, LongSupplier nanoClock) {
        Objects.requireNonNull(nanoClock, "nanoClock");
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("a deadline needs a budget >= 0 seconds, got " + seconds);
        }
        return new Deadline(nanoClock, nanoClock.getAsLong(), budgetNanos(seconds));
    }

    private static long budgetNanos(double seconds) {
        return (long) Math.min(seconds * 1e9, Long.MAX_VALUE / 4);
    }

    /** Whether the deadline has come. */
    public boolean expired() {
        return elapsedNanos() >= budgetNanos;
    }

    /** Seconds since the start. */
    public double elapsedSeconds() {
        return elapsedNanos() / 1e9;
    }

    /** Seconds left until the deadline, 0 once it has come. */
    public double remainingSeconds() {
        return Math.max(0L, budgetNanos - elapsedNanos()) / 1e9;
    }

    /** Whole milliseconds left until the deadline, 0 once it has come (for APIs that count milliseconds). */
    public long remainingMillis() {
        return Math.max(0L, budgetNanos - elapsedNanos()) / 1_000_000L;
    }

    /**
     * A deadline with the same start on the same clock that ends after {@code fraction} of this one's budget, e.g. a
     * phase that must leave time for the work after it.
     */
    public Deadline fraction(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must lie in [0, 1], got " + fraction);
        }
        return new Deadline(clock, startNanos, (long) (budgetNanos * fraction));
    }

    private long elapsedNanos() {
        return clock.getAsLong() - startNanos;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Deadline[%.3f s of %.3f s elapsed]", elapsedSeconds(),
                budgetNanos / 1e9);
    }
}
