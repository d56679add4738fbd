package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;

import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.Stopwatch;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.pipeline.CompiledPipeline;

/**
 * The diagnosis step of the CP-SAT solver, after CP-SAT proved its model infeasible: names the constraint family
 * that makes it so by re-solving without it (memory, then queue limits, then both; else the channels and, in static
 * mode, the one node per layer). Each re-solve has at most 10 s.
 */
final class PipelineCpSatDiagnosis {
    private static final String PREFIX = "CP-SAT proved that no plan exists: ";

    private PipelineCpSatDiagnosis() {
    }

    static String explain(ExactModelInput d, TimeFrame frame, PipelineCpSatModel.Options options,
                          SolverSettings settings, long t0) {
        CompiledPipeline c = d.compiled();
        boolean memory = c.anyMemoryLimit();
        boolean queue = c.anyQueueLimit();
        String rounding = frame.scale().exact() ? "" : String.format(Locale.ROOT,
                " (in the integer time model at %d units/s)", frame.scale().unitsPerSecond());
        if (memory && feasibleWith(d, frame, options.withoutMemory(), settings, t0)) {
            return PREFIX + "the memory capacities cannot hold the weights of the layers together: "
                    + memorySummary(c) + "; without memory limits a plan exists";
        }
        if (queue && feasibleWith(d, frame, options.withoutQueueLimits(), settings, t0)) {
            return PREFIX + "no schedule keeps the waiting subtasks within the queue limits" + queueSummary(c)
                    + rounding + "; without queue limits a plan exists";
        }
        if (memory && queue && feasibleWith(d, frame, options.withoutMemory().withoutQueueLimits(), settings, t0)) {
            return PREFIX + "memory capacities and queue limits cannot be met together" + rounding;
        }
        return PREFIX + "no placement on allowed nodes connects every data edge, input and result over existing "
                + "channels" + (c.dynamic() ? "" : " with one node per layer (static mode)") + rounding;
    }

    private static boolean feasibleWith(ExactModelInput d, TimeFrame frame, PipelineCpSatModel.Options relaxed,
                                        SolverSettings settings, long t0) {
        PipelineCpSatModelBuilder.Result build = PipelineCpSatModelBuilder.build(d, frame.scale(),
                frame.horizonUnits(), frame.latencyCapUnits(), relaxed);
        if (!(build instanceof PipelineCpSatModelBuilder.Built built)) {
            return false;
        }
        PipelineCpSatModel m = built.model();
        m.model.clearObjective();
        CpSolver solver = new CpSolver();
        double remaining = Math.max(0.5, Math.min(10.0, settings.timeLimitSeconds() - Stopwatch.secondsSince(t0)));
        solver.getParameters().setMaxTimeInSeconds(remaining).setRandomSeed(settings.nativeSeed())
                .setNumWorkers(settings.threads());
        CpSolverStatus status = solver.solve(m.model);
        return status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE;
    }

    private static String memorySummary(CompiledPipeline c) {
        List<String> parts = new ArrayList<>();
        for (int n = 0; n < c.nodeCount(); n++) {
            long cap = c.memoryLimitBytes(n);
            if (cap >= 0) {
                parts.add("'" + c.instance().node(n).name() + "' holds " + cap + " bytes");
            }
        }
        double[] weights = new double[c.layerKeyCount()];
        for (int key = 0; key < weights.length; key++) {
            weights[key] = c.layerKeyWeightBytes(key);
        }
        Arrays.sort(weights);
        double total = Arrays.stream(weights).sum();
        return String.join(", ", parts) + "; the layers' weights total "
                + String.format(Locale.ROOT, "%.6g", total) + " bytes";
    }

    private static String queueSummary(CompiledPipeline c) {
        List<String> parts = new ArrayList<>();
        for (int n = 0; n < c.nodeCount(); n++) {
            if (c.queueLimit(n) >= 0) {
                parts.add("'" + c.instance().node(n).name() + "' " + c.queueLimit(n));
            }
        }
        return " (" + String.join(", ", parts) + ")";
    }
}
