package org.edgeplan.formulations.pipeline.cpsat;

import java.util.List;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.IntVar;

import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.TimeScale;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * The CP-SAT model of a problem-B instance as {@link PipelineCpSatModelBuilder} built it (the formulation is
 * documented there): the {@link CpModel} and its variables, in integer time units. Nothing here changes after the
 * build; {@link PipelineCpSatHint} adds a solution hint to the CpModel, {@link #extract} reads a solution.
 */
final class PipelineCpSatModel {
    /** What to include; all true for the real model, some false for diagnosing infeasibility. */
    record Options(boolean forceSemiActive, boolean memory, boolean queueLimits, boolean symmetryBreaking) {
        static final Options DEFAULT = new Options(false, true, true, true);

        Options withoutMemory() {
            return new Options(forceSemiActive, false, queueLimits, symmetryBreaking);
        }

        Options withoutQueueLimits() {
            return new Options(forceSemiActive, memory, false, symmetryBreaking);
        }
    }

    /**
     * CP-SAT's own schedule: the node and start/end (in units) of every subtask and the objective in units (already
     * minus the release offset).
     */
    record Schedule(int[] nodeOf, long[] startUnits, long[] endUnits, long objectiveUnits, TimeScale scale) {
        /** The plan: each subtask's node and every node's queue in order of CP-SAT's start times. */
        PipelinePlan plan(ExactModelInput d) {
            return d.planOf(nodeOf, toDouble(startUnits), toDouble(endUnits), 1.0);
        }

        private static double[] toDouble(long[] values) {
            double[] out = new double[values.length];
            for (int i = 0; i < values.length; i++) {
                out[i] = values[i];
            }
            return out;
        }
    }

    final ExactModelInput d;
    final CompiledPipeline c;
    final UnitDurations times;
    final Options options;
    final CpModel model;
    /** Whether links carry one transfer at a time (FIFO channel queues are modelled). */
    final boolean exclusive;
    /** Whether the model admits only the evaluator's semi-active schedules. */
    final boolean semiActive;
    private final BoolVar[][] decisionLiteral;
    final IntVar[] start;
    final IntVar[] end;
    final IntVar[] completion;
    /** Ready times; semi-active models only, else null. */
    final IntVar[] ready;
    /** The makespan variable; makespan objective only, else null. */
    final IntVar makespan;
    /** Subtracted from the objective variable's value to get the objective in units (Σ releases for latency). */
    final long objectiveOffsetUnits;
    /** Groups of interchangeable nodes; the symmetry-breaking rule a hint must be relabelled to meet. */
    final List<int[]> symmetricGroups;
    /** Number of FIFO ordering literals of the exclusive-link model (0 without exclusive links). */
    final int orderingLiterals;

    PipelineCpSatModel(ExactModelInput d, UnitDurations times, Options options, CpModel model, boolean exclusive,
                       boolean semiActive, BoolVar[][] decisionLiteral, IntVar[] start, IntVar[] end,
                       IntVar[] completion, IntVar[] ready, IntVar makespan, long objectiveOffsetUnits,
                       List<int[]> symmetricGroups, int orderingLiterals) {
        this.d = d;
        this.c = d.compiled();
        this.times = times;
        this.options = options;
        this.model = model;
        this.exclusive = exclusive;
        this.semiActive = semiActive;
        this.decisionLiteral = decisionLiteral;
        this.start = start;
        this.end = end;
        this.completion = completion;
        this.ready = ready;
        this.makespan = makespan;
        this.objectiveOffsetUnits = objectiveOffsetUnits;
        this.symmetricGroups = List.copyOf(symmetricGroups);
        this.orderingLiterals = orderingLiterals;
    }

    TimeScale scale() {
        return times.scale;
    }

    /** The literal "subtask id runs on node n", or null when n is not a candidate. */
    BoolVar x(int id, int node) {
        return decisionLiteral[c.decisionOf(id)][node];
    }

    /** The literal "decision runs on node n", or null when n is not a candidate of the decision. */
    BoolVar decisionLiteral(int decision, int node) {
        return decisionLiteral[decision][node];
    }

    /** Step three, extract: the schedule of the solver's last solution. */
    Schedule extract(CpSolver solver) {
        int[] nodeOf = new int[c.subtaskCount()];
        long[] s = new long[c.subtaskCount()];
        long[] e = new long[c.subtaskCount()];
        for (int id = 0; id < c.subtaskCount(); id++) {
            nodeOf[id] = -1;
            for (int n : d.candidates(id)) {
                if (solver.booleanValue(x(id, n))) {
                    nodeOf[id] = n;
                }
            }
            s[id] = solver.value(start[id]);
            e[id] = solver.value(end[id]);
        }
        long objective = Math.round(solver.objectiveValue()) - objectiveOffsetUnits;
        return new Schedule(nodeOf, s, e, objective, times.scale);
    }

    /** The plan with interchangeable nodes renamed to meet the symmetry-breaking rule. */
    PipelinePlan canonical(PipelinePlan plan) {
        return d.canonical(plan, symmetricGroups);
    }
}
