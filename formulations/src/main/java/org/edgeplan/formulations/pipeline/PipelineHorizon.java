package org.edgeplan.formulations.pipeline;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineObjective;

/**
 * Time bounds shared by the exact models, in seconds.
 *
 * <p>The serial bound: in a semi-active schedule (every node and channel busy whenever it has work it can do)
 * something runs at every instant after the last release until the last completion, so no completion exceeds the
 * last release plus the sum of the longest possible duration of every activity (compute on the slowest candidate,
 * every transfer on its slowest usable channel). Some optimal schedule is semi-active, so this bounds it.
 *
 * <p>With a feasible incumbent of objective T: for makespan, every completion of an optimal schedule is at most T;
 * for total latency, every request's latency is at most T, so its completion is at most its release plus T.
 *
 * @param horizonSeconds   no completion of some optimal (semi-active) schedule exceeds this
 * @param latencyCapSeconds every request's latency in an optimal schedule is at most this (+Infinity: unknown)
 */
public record PipelineHorizon(double horizonSeconds, double latencyCapSeconds) {
    public static PipelineHorizon of(ExactModelInput d, PipelineIncumbent incumbent) {
        CompiledPipeline c = d.compiled();
        double serial = serialBoundSeconds(d);
        if (!incumbent.present()) {
            return new PipelineHorizon(serial, Double.POSITIVE_INFINITY);
        }
        double t = incumbent.objective();
        if (c.instance().objective() == PipelineObjective.MAKESPAN) {
            return new PipelineHorizon(Math.min(serial, t), Double.POSITIVE_INFINITY);
        }
        return new PipelineHorizon(Math.min(serial, c.maxReleaseSeconds() + t), t);
    }

    public static double serialBoundSeconds(ExactModelInput d) {
        CompiledPipeline c = d.compiled();
        double sum = c.maxReleaseSeconds();
        for (int id = 0; id < c.subtaskCount(); id++) {
            double longest = 0;
            double input = 0;
            double result = 0;
            for (int n : d.candidates(id)) {
                longest = Math.max(longest, c.computeSeconds(id, n));
                if (c.isSource(id)) {
                    input = Math.max(input, c.inputTransferSeconds(id, n));
                }
                if (c.isSink(id)) {
                    result = Math.max(result, c.resultTransferSeconds(c.requestOf(id), n));
                }
            }
            sum += longest + input + result;
        }
        for (int j = 0; j < c.edgeCount(); j++) {
            double longest = 0;
            for (int a : d.candidates(c.producer(j))) {
                for (int b : d.candidates(c.consumer(j))) {
                    double t = c.edgeTransferSeconds(j, a, b);
                    if (Double.isFinite(t)) {
                        longest = Math.max(longest, t);
                    }
                }
            }
            sum += longest;
        }
        return sum;
    }
}
