package org.edgeplan.formulations.pipeline;

/**
 * Integer time for CP-SAT: {@code unitsPerSecond} units make one second, and every time value of the model
 * (release, compute duration, transfer duration) becomes {@code Math.round(seconds · unitsPerSecond)} units.
 *
 * <p>{@link #choose} takes the smallest power of ten (1, 10, ..., 10^12 units per second, keeping the horizon
 * below 10^15 units) at which every value is an integer (up to the floating-point noise of the input, relative
 * 1e-14): then the integer model is the exact model and {@link #exact()} holds. Standard Task Graph instances
 * (integer times) get one unit per time unit; the shipped scenarios (GFLOP/s speeds, Mbit/s links) are exact at
 * 10^12 (picoseconds). Otherwise it takes the finest power of ten (at most 10^9, nanoseconds) that keeps the
 * horizon below 10^12 units, and each value carries a rounding error of at most half a unit.
 *
 * <p>Error bound when not exact: every completion time of a semi-active schedule is the length of a path through
 * at most {@code K = subtasks + transfers + 2} of these values (one release, compute durations of distinct
 * subtasks, durations of distinct transfers, and the release subtracted again for the latency), so, for a fixed
 * plan, a request's latency or completion in the integer model differs from the real one by at most
 * {@code K / 2} units: {@link #requestToleranceSeconds}. Total latency sums that over the requests.
 *
 * @param unitsPerSecond     units per second (a power of ten)
 * @param exact              whether every model value was an integer number of units
 * @param pathTerms          K above
 */
public record TimeScale(long unitsPerSecond, boolean exact, int pathTerms) {
    /** Largest horizon, in units, for which a finer non-exact scale is chosen. */
    public static final double MAX_HORIZON_UNITS = 1e12;
    /** Largest horizon, in units, for an exact scale (sums over requests stay far below 2^63). */
    public static final double MAX_EXACT_HORIZON_UNITS = 1e15;
    public static final int MAX_EXACT_POWER = 12;
    public static final int MAX_POWER = 9;

    /** The scale for these values (seconds) and horizon; {@code pathTerms} as in the class comment. */
    public static TimeScale choose(double[] values, double horizonSeconds, int pathTerms) {
        long scale = 1;
        for (int k = 0; k <= MAX_EXACT_POWER && horizonSeconds * scale <= MAX_EXACT_HORIZON_UNITS; k++) {
            if (allIntegral(values, scale)) {
                return new TimeScale(scale, true, pathTerms);
            }
            scale *= 10;
        }
        scale = 1;
        for (int k = 1; k <= MAX_POWER && horizonSeconds * scale * 10 <= MAX_HORIZON_UNITS; k++) {
            scale *= 10;
        }
        return new TimeScale(scale, false, pathTerms);
    }

    public static boolean allIntegral(double[] values, long scale) {
        for (double v : values) {
            double x = v * scale;
            // Floating-point noise only: a few ulps of the scaled value (a real fraction is far larger).
            if (Math.abs(x - Math.rint(x)) > Math.max(1e-6, 1e-14 * Math.abs(x))) {
                return false;
            }
        }
        return true;
    }

    public long units(double seconds) {
        return Math.round(seconds * unitsPerSecond);
    }

    public double seconds(long units) {
        return (double) units / unitsPerSecond;
    }

    public double seconds(double units) {
        return units / unitsPerSecond;
    }

    /** Most a request's completion or latency, for a fixed plan, differs between the integer and real models. */
    public double requestToleranceSeconds() {
        return exact ? 0.0 : 0.5 * pathTerms / unitsPerSecond;
    }

    /** The same in units, rounded up, plus one (one unit even when exact, against floating-point noise). */
    public long requestSlackUnits() {
        return exact ? 1 : (pathTerms + 1) / 2 + 1;
    }
}
