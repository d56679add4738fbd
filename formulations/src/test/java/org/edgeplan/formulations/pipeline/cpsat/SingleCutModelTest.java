package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.KnownOptimumPipelines;
import org.edgeplan.testing.TinyPipelines;

class SingleCutModelTest {
    private static final SolverSettings SETTINGS = new SolverSettings(20, 1, 1);

    /**
     * The constructed optimum of a known-optimum instance cuts each request at most once, so it lies inside the
     * restriction: CP-SAT, which proves these small restricted models quickly, must return a plan of makespan T (up
     * to the model's time resolution, 1/200 000 of the horizon per rounded duration).
     */
    @Test
    void reachesTheConstructedOptimumOfSmallKnownInstances() {
        List<KnownOptimumPipelines.Construction> cases = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            cases.add(KnownOptimumPipelines.of("chain", 2, 1, 2, seed));
            cases.add(KnownOptimumPipelines.of("resnet18", 2, 1, 2, seed));
        }
        for (KnownOptimumPipelines.Construction k : cases) {
            ExactModelInput d = new ExactModelInput(k.instance());
            PipelineIncumbent start = PipelineIncumbent.best(d);
            OneCutPlanChecks.reachesT(k, SingleCutModel.solve(d, start.evaluation().makespanSeconds() * 1.05, null,
                    SETTINGS, Deadline.after(20)));
        }
    }

    /**
     * On tiny random instances with every feature (dynamic placement): a plan, when there is one, is accepted by the
     * evaluator, is never below the enumerated optimum, and cuts each request at most once.
     */
    @Test
    void plansAreFeasibleAndCutEachRequestAtMostOnce() {
        int planned = 0;
        for (long seed = 1; seed <= 20; seed++) {
            PipelineInstance inst = TinyPipelines.random(seed, 6, TinyPipelines.Features.ALL);
            if (inst.mode() != PlacementMode.DYNAMIC) {
                assertThat(SingleCutModel.solve(new ExactModelInput(inst), 100, null, SETTINGS, Deadline.after(5)))
                        .isNull();
                continue;
            }
            PipelineIncumbent start = PipelineIncumbent.best(new ExactModelInput(inst));
            if (!start.present()) {
                continue;
            }
            PipelinePlan plan = SingleCutModel.solve(new ExactModelInput(inst),
                    start.evaluation().makespanSeconds() * 2, null, SETTINGS, Deadline.after(5));
            if (plan == null) {
                continue;
            }
            planned++;
            OneCutPlanChecks.feasibleAndNotBelowTheOptimum(inst, plan, "seed " + seed);
            OneCutPlanChecks.eachRequestCutAtMostOnce(inst, plan, "seed " + seed);
        }
        assertThat(planned).as("instances with a single-cut plan").isGreaterThanOrEqualTo(5);
    }

    /**
     * Through cp-sat-lns on a small known-optimum instance: the one-cut phase runs (the load-balancing model first,
     * then the scheduling model unless the first already meets the bound), reports its plans, and the search starts
     * from the better one.
     */
    @Test
    void cpSatLnsStartsFromTheOneCutPhasesPlanWhenItIsBetter() {
        KnownOptimumPipelines.Construction k = KnownOptimumPipelines.of("resnet18", 2, 1, 2, 2);
        PipelineCpSatLnsSolver lns = new PipelineCpSatLnsSolver(PipelineCpSatLnsSolver.Options.defaults()
                .withWholeModelFraction(0).withBoundFraction(0).withNeighbourhoodLimit(5));
        SolveResult<PipelinePlan> r = lns.solve(k.instance(), new SolverSettings(20, 1, 1));
        assertThat(r.statistics()).containsKey(PipelineCpSatLnsSolver.CUT_LOAD_SECONDS);
        double phases = Double.POSITIVE_INFINITY;
        for (String key : List.of(PipelineCpSatLnsSolver.CUT_LOAD_OBJECTIVE,
                PipelineCpSatLnsSolver.SINGLE_CUT_OBJECTIVE)) {
            if (r.statistics().get(key) instanceof Double value) {
                phases = Math.min(phases, value);
            }
        }
        assertThat(phases).as("a plan of the one-cut phase").isFinite();
        assertThat(r.solverObjective()).isLessThanOrEqualTo(phases);
        // Both restricted models contain the constructed optimum: T to the last digits, which against the load bound
        // lowered by its 1e-9 safety margin is a proven optimum.
        assertThat(r.solverObjective()).isLessThanOrEqualTo(k.optimumSeconds() * (1 + 1e-12));
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
    }
}
