package org.edgeplan.bench.report;

/**
 * A two-sided confidence interval; both ends {@code NaN} when the sample is too small to give one.
 *
 * @param low  lower end
 * @param high upper end
 */
public record Interval(double low, double high) {
    /** No interval (sample too small). */
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN);

    public boolean exists() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }
}
