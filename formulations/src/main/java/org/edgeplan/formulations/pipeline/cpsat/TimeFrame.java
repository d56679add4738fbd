package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.List;

import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineHorizon;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.formulations.pipeline.TimeScale;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineObjective;

/**
 * The integer time frame of a CP-SAT model: its {@link TimeScale}, the horizon and the per-request latency cap in
 * units (from {@link PipelineHorizon}, with one request's rounding slack added), and the objective's rounding
 * tolerance in seconds (zero when the scale is exact).
 *
 * @param scale                     units per second and whether every value is integral at it
 * @param horizonUnits              no activity of some optimal schedule ends later
 * @param latencyCapUnits           every request's latency in an optimal schedule is at most this, or Long.MAX_VALUE
 * @param objectiveToleranceSeconds most the objective of a fixed plan differs between the integer and real models
 */
record TimeFrame(TimeScale scale, long horizonUnits, long latencyCapUnits, double objectiveToleranceSeconds) {
    /** The frame of an instance given its best heuristic plan; {@code fixedUnitsPerSecond} 0 chooses the scale. */
    static TimeFrame of(ExactModelInput d, PipelineIncumbent incumbent, long fixedUnitsPerSecond) {
        CompiledPipeline c = d.compiled();
        PipelineHorizon horizon = PipelineHorizon.of(d, incumbent);
        TimeScale scale = chooseScale(d, horizon.horizonSeconds(), fixedUnitsPerSecond);
        int perObjective = c.objective() == PipelineObjective.TOTAL_LATENCY ? c.requestCount() : 1;
        long slack = scale.requestSlackUnits() * perObjective;
        long horizonUnits = scale.units(horizon.horizonSeconds()) + slack;
        long latencyCapUnits = Double.isFinite(horizon.latencyCapSeconds())
                ? scale.units(horizon.latencyCapSeconds()) + slack : Long.MAX_VALUE;
        return new TimeFrame(scale, horizonUnits, latencyCapUnits, scale.requestToleranceSeconds() * perObjective);
    }

    private static TimeScale chooseScale(ExactModelInput d, double horizonSeconds, long fixedUnitsPerSecond) {
        int pathTerms = d.compiled().subtaskCount() + d.transferCount() + 2;
        if (fixedUnitsPerSecond > 0) {
            return new TimeScale(fixedUnitsPerSecond, TimeScale.allIntegral(timeValues(d), fixedUnitsPerSecond),
                    pathTerms);
        }
        return TimeScale.choose(timeValues(d), horizonSeconds, pathTerms);
    }

    /** Every time value the integer model uses: releases, compute durations, transfer durations. */
    static double[] timeValues(ExactModelInput d) {
        CompiledPipeline c = d.compiled();
        List<Double> values = new ArrayList<>();
        for (int r = 0; r < c.requestCount(); r++) {
            values.add(c.releaseSeconds(r));
        }
        for (int id = 0; id < c.subtaskCount(); id++) {
            for (int n : d.candidates(id)) {
                values.add(c.computeSeconds(id, n));
                if (c.isSource(id)) {
                    values.add(c.inputTransferSeconds(id, n));
                }
                if (c.isSink(id)) {
                    values.add(c.resultTransferSeconds(c.requestOf(id), n));
                }
            }
        }
        for (int j = 0; j < c.edgeCount(); j++) {
            for (int a : d.candidates(c.producer(j))) {
                for (int b : d.candidates(c.consumer(j))) {
                    double t = c.edgeTransferSeconds(j, a, b);
                    if (Double.isFinite(t)) {
                        values.add(t);
                    }
                }
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).distinct().toArray();
    }
}
