package org.edgeplan.core;

/** Wall-clock time of a solve, measured with {@link System#nanoTime()}: the one place solvers convert it. */
public final class Stopwatch {
    private Stopwatch() {
    }

    /** Seconds since {@code startNanos}, a value of {@link System#nanoTime()}. */
    public static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
