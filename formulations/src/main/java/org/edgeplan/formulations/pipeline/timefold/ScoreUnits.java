package org.edgeplan.formulations.pipeline.timefold;

/**
 * The units of the Timefold score: soft scores are nanoseconds of the objective (rounded per request), the memory
 * penalty is in mebibytes over capacity.
 */
public final class ScoreUnits {
    /** Nanoseconds per second: the score's time scale. */
    public static final double NANOS_PER_SECOND = 1e9;
    /** Bytes per mebibyte: the unit of the memory-capacity penalty. */
    public static final double BYTES_PER_MIB = 1024.0 * 1024.0;

    private ScoreUnits() {
    }

    /** Seconds rounded to whole nanoseconds, the score's unit; non-finite values are the caller's to exclude. */
    public static long nanos(double seconds) {
        return Math.round(seconds * NANOS_PER_SECOND);
    }
}
