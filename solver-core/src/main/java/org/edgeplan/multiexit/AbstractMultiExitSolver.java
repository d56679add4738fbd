package org.edgeplan.multiexit;

import java.util.Objects;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;

/**
 * A problem-A solver whose name and description are fixed when it is built, and whose solve is timed from its
 * first line: {@link #solve(MultiExitInstance, SolverSettings)} starts a {@link Clock} and hands it to the method's
 * own {@link #solve(MultiExitInstance, SolverSettings, Clock)}. The registered exact methods, baselines and
 * formulations extend it and state only their method.
 */
public abstract class AbstractMultiExitSolver implements MultiExitSolver {
    private final String name;
    private final String description;

    /**
     * When a solve started and by when it must end, both on the {@link System#nanoTime()} scale.
     *
     * @param startNanos    the start of the solve
     * @param deadlineNanos the start plus the time limit, capped so that the sum cannot overflow
     */
    protected record Clock(long startNanos, long deadlineNanos) {
        /** Starts now, with the settings' time limit. */
        static Clock start(SolverSettings settings) {
            long start = System.nanoTime();
            return new Clock(start, start + (long) Math.min(settings.timeLimitSeconds() * 1e9, Long.MAX_VALUE / 4));
        }

        /** Wall-clock seconds since the start. */
        public double seconds() {
            return (System.nanoTime() - startNanos) / 1e9;
        }
    }

    protected AbstractMultiExitSolver(String name, String description) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings) {
        return solve(instance, settings, Clock.start(settings));
    }

    /** The method itself: solves within the settings' limits, timed by {@code clock}. */
    protected abstract SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings,
                                                        Clock clock);
}
