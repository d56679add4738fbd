package org.edgeplan.formulations.pipeline.cpsat;

import java.util.HashSet;
import java.util.Set;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.QueueTiming;

/**
 * The hint step of the CP-SAT solver: a plan's placement and, without exclusive links, the start and end times of
 * its semi-active schedule in the model's integer units ({@link QueueTiming} with {@link UnitDurations}). The plan
 * is first relabelled to meet the model's symmetry-breaking rule. With exclusive links only the placement is hinted.
 */
final class PipelineCpSatHint {
    private PipelineCpSatHint() {
    }

    static void apply(PipelineCpSatModel m, PipelinePlan plan) {
        CompiledPipeline c = m.c;
        PipelinePlan canonicalPlan = m.canonical(plan);
        int[] nodeOf = canonicalPlan.nodeOf(c.subtaskCount());
        Set<Integer> hinted = new HashSet<>();
        for (int id = 0; id < c.subtaskCount(); id++) {
            int decision = c.decisionOf(id);
            if (!hinted.add(decision)) {
                continue;
            }
            for (int node : m.d.candidates(id)) {
                m.model.addHint(m.decisionLiteral(decision, node), node == nodeOf[id]);
            }
        }
        if (m.exclusive) {
            return;
        }
        long[] startUnits = startUnits(m, canonicalPlan);
        if (startUnits == null) {
            return;
        }
        for (int id = 0; id < c.subtaskCount(); id++) {
            long e = startUnits[id] + m.times.duration[id][nodeOf[id]];
            if (m.start[id].getDomain().contains(startUnits[id]) && m.end[id].getDomain().contains(e)) {
                m.model.addHint(m.start[id], startUnits[id]);
                m.model.addHint(m.end[id], e);
            }
        }
    }

    /**
     * The semi-active start times of a plan in integer units without link contention (the evaluator's semantics on
     * the rounded data), or null when the plan deadlocks or uses a non-candidate node.
     */
    static long[] startUnits(PipelineCpSatModel m, PipelinePlan plan) {
        CompiledPipeline c = m.c;
        int[] nodeOf = plan.nodeOf(c.subtaskCount());
        for (int id = 0; id < c.subtaskCount(); id++) {
            if (nodeOf[id] < 0 || !m.d.isCandidate(id, nodeOf[id])) {
                return null;
            }
        }
        QueueTiming timing = new QueueTiming(c);
        if (timing.time(plan, m.times) < c.subtaskCount()) {
            return null;
        }
        long[] startUnits = new long[c.subtaskCount()];
        for (int id = 0; id < startUnits.length; id++) {
            startUnits[id] = (long) timing.start(id);
        }
        return startUnits;
    }
}
