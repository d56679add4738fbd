package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.KnownOptimumPipelines;
import org.edgeplan.testing.TinyPipelines;

class CutLoadModelTest {
    private static final SolverSettings SETTINGS = new SolverSettings(20, 1, 1);

    /**
     * The constructed optimum of a known-optimum instance cuts each request at most once and each device once at each
     * end of its queue, so its loads are inside the model; CP-SAT proves these small models, and the wrap-around
     * schedule (with the lazy precedences where a transfer would make a node wait) must realise T up to the model's
     * time resolution.
     */
    @Test
    void reachesTheConstructedOptimumOfSmallKnownInstances() {
        List<KnownOptimumPipelines.Construction> cases = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            cases.add(KnownOptimumPipelines.of("chain", 2, 1, 2, seed));
            cases.add(KnownOptimumPipelines.of("chain", 3, 2, 3, seed));
        }
        for (KnownOptimumPipelines.Construction k : cases) {
            ExactModelInput d = new ExactModelInput(k.instance());
            PipelineIncumbent start = PipelineIncumbent.best(d);
            PipelinePlan plan = CutLoadModel.solve(d, start.evaluation().makespanSeconds() * 1.05, SETTINGS,
                    Deadline.after(20));
            OneCutPlanChecks.reachesT(k, plan);
            assertOneCutAndOneHeadAndTailPerDevice(k.instance(), plan, k.instance().name());
        }
    }

    /**
     * On tiny random makespan instances with every feature (dynamic placement): a plan, when there is one, is accepted
     * by the evaluator, is never below the enumerated optimum, cuts each request at most once, and gives each device
     * at most one head (a request continued elsewhere) and one tail. Total latency and static placement: no plan.
     */
    @Test
    void plansAreFeasibleOneCutAndNeverBelowTheOptimum() {
        int planned = 0;
        for (long seed = 1; seed <= 30; seed++) {
            PipelineInstance inst = TinyPipelines.random(seed, 6, TinyPipelines.Features.ALL);
            ExactModelInput d = new ExactModelInput(inst);
            if (inst.mode() != PlacementMode.DYNAMIC || inst.objective() != PipelineObjective.MAKESPAN) {
                assertThat(CutLoadModel.solve(d, 100, SETTINGS, Deadline.after(5))).as("seed %d", seed).isNull();
                continue;
            }
            PipelineIncumbent start = PipelineIncumbent.best(d);
            if (!start.present()) {
                continue;
            }
            PipelinePlan plan = CutLoadModel.solve(d, start.evaluation().makespanSeconds() * 2, SETTINGS,
                    Deadline.after(5));
            if (plan == null) {
                continue;
            }
            planned++;
            OneCutPlanChecks.feasibleAndNotBelowTheOptimum(inst, plan, "seed " + seed);
            assertOneCutAndOneHeadAndTailPerDevice(inst, plan, "seed " + seed);
        }
        assertThat(planned).as("instances with a plan").isGreaterThanOrEqualTo(3);
    }

    /** Each request whole or cut once; each device runs at most one head and at most one tail. */
    private static void assertOneCutAndOneHeadAndTailPerDevice(PipelineInstance inst, PipelinePlan plan, String what) {
        OneCutPlanChecks.eachRequestCutAtMostOnce(inst, plan, what);
        CompiledPipeline c = new CompiledPipeline(inst);
        int[] nodeOf = plan.nodeOf(c.subtaskCount());
        int[] heads = new int[c.nodeCount()];
        int[] tails = new int[c.nodeCount()];
        for (int id = 1; id < c.subtaskCount(); id++) {
            if (c.requestOf(id) == c.requestOf(id - 1) && nodeOf[id] != nodeOf[id - 1]) {
                heads[nodeOf[id - 1]]++;
                tails[nodeOf[id]]++;
            }
        }
        for (int n = 0; n < c.nodeCount(); n++) {
            if (inst.nodes().get(n).kind() == NodeKind.DEVICE) {
                assertThat(heads[n]).as("%s heads on device %d", what, n).isLessThanOrEqualTo(1);
                assertThat(tails[n]).as("%s tails on device %d", what, n).isLessThanOrEqualTo(1);
            }
        }
    }
}
