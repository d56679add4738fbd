package org.edgeplan.bench.report;

import org.edgeplan.bench.batch.RunRecord;

/**
 * One run measured against its instance's reference objective.
 *
 * @param run            the record
 * @param reference      the instance's reference objective (see {@link InstanceSummary#referenceKind()}), NaN when
 *                       no plan of the instance is known at all
 * @param gap            {@link PrimalMeasures#gap relative primal gap} of the final plan; {@code 1} for a run
 *                       without a plan; NaN without a reference
 * @param timeToTarget   seconds until the incumbent was within {@link Statistics#TARGET_GAP} of the reference;
 *                       {@code +∞} when never, NaN without a reference
 * @param primalIntegral normalised primal integral over the time limit, in [0, 1]; NaN without a reference or a
 *                       positive time limit
 */
public record RunStats(RunRecord run, double reference, double gap, double timeToTarget, double primalIntegral) {
    public boolean hasPlan() {
        return run.hasPlan() && Double.isFinite(run.objective());
    }
}
