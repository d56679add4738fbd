package org.edgeplan.formulations.pipeline.cpsat;

import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.TimeScale;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.QueueTiming;

/**
 * Every duration of the CP-SAT model in integer units ({@link TimeScale#units}): compute durations of candidate
 * placements, releases, and transfers. As {@link QueueTiming.Durations} it times a plan in these units (exact in a
 * double: horizons stay below 10^15 units), which is how the hint gets start times that satisfy the model.
 */
final class UnitDurations implements QueueTiming.Durations {
    final CompiledPipeline c;
    final TimeScale scale;
    /** [subtask][node] units, -1 when the node is not a candidate. */
    final long[][] duration;
    /** Per request. */
    final long[] releaseUnits;

    UnitDurations(ExactModelInput d, TimeScale scale) {
        this.c = d.compiled();
        this.scale = scale;
        duration = new long[c.subtaskCount()][c.nodeCount()];
        for (int id = 0; id < c.subtaskCount(); id++) {
            for (int node = 0; node < c.nodeCount(); node++) {
                duration[id][node] = d.isCandidate(id, node) ? scale.units(c.computeSeconds(id, node)) : -1;
            }
        }
        releaseUnits = new long[c.requestCount()];
        for (int r = 0; r < c.requestCount(); r++) {
            releaseUnits[r] = scale.units(c.releaseSeconds(r));
        }
    }

    long edgeUnits(int j, int a, int b) {
        return scale.units(c.edgeTransferSeconds(j, a, b));
    }

    long inputUnits(int id, int node) {
        return scale.units(c.inputTransferSeconds(id, node));
    }

    long resultUnits(int r, int node) {
        return scale.units(c.resultTransferSeconds(r, node));
    }

    @Override
    public double compute(int id, int node) {
        return duration[id][node];
    }

    @Override
    public double inputArrival(int id, int node) {
        return releaseUnits[c.requestOf(id)] + inputUnits(id, node);
    }

    @Override
    public double edgeArrival(int edge, int from, double finish, int to) {
        return finish + edgeUnits(edge, from, to);
    }
}
