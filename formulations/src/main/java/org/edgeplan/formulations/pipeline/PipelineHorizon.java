package org.edgeplan.formulations.pipeline;

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
record PipelineHorizon(double horizonSeconds, double latencyCapSeconds) {
    static PipelineHorizon of(PipelineData d, PipelineIncumbent incumbent) {
        double serial = serialBoundSeconds(d);
        if (!incumbent.present()) {
            return new PipelineHorizon(serial, Double.POSITIVE_INFINITY);
        }
        double t = incumbent.objective();
        if (d.instance.objective() == PipelineObjective.MAKESPAN) {
            return new PipelineHorizon(Math.min(serial, t), Double.POSITIVE_INFINITY);
        }
        return new PipelineHorizon(Math.min(serial, d.maxReleaseSeconds() + t), t);
    }

    static double serialBoundSeconds(PipelineData d) {
        double sum = d.maxReleaseSeconds();
        for (int id = 0; id < d.subtasks; id++) {
            double longest = 0;
            double input = 0;
            double result = 0;
            for (int n : d.candidates[id]) {
                longest = Math.max(longest, d.computeSeconds[id][n]);
                if (d.isSource[id]) {
                    input = Math.max(input, d.inputTransferSeconds(id, n));
                }
                if (d.isSink(id)) {
                    result = Math.max(result, d.resultTransferSeconds(d.requestOf[id], n));
                }
            }
            sum += longest + input + result;
        }
        for (int j = 0; j < d.edges; j++) {
            double longest = 0;
            for (int a : d.candidates[d.edgeProducer[j]]) {
                for (int b : d.candidates[d.edgeConsumer[j]]) {
                    double t = d.edgeTransferSeconds(j, a, b);
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
