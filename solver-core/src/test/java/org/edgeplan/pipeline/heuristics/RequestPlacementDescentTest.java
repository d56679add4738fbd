package org.edgeplan.pipeline.heuristics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.PipelineInvariants;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.TinyPipelines;

class RequestPlacementDescentTest {
    private static RequestPlacementDescent.Result descend(PipelineInstance instance, PipelinePlan start, long seed) {
        return new RequestPlacementDescent(new CompiledPipeline(instance)).improve(start,
                PipelineEvaluator.evaluate(instance, start), new SplittableRandom(seed), Deadline.none());
    }

    /**
     * One chain request on a device and an edge node whose outputs shrink: a single device-prefix / edge-suffix split
     * is optimal ({@link TinyPipelines#twoNodeChain}), and those splits are the descent's candidates, so from the
     * all-on-device start it must reach the enumerated optimum.
     */
    @Test
    void reachesTheOptimalSplitOfOneChainRequest() {
        for (long seed = 0; seed < 40; seed++) {
            PipelineInstance instance = TinyPipelines.twoNodeChain(seed, 2 + (int) (seed % 5));
            PipelinePlan allOnDevice = ListScheduler.schedule(instance, new int[instance.subtaskCount()]);
            RequestPlacementDescent.Result result = descend(instance, allOnDevice, seed);
            assertThat(result.converged()).isTrue();
            assertThat(result.evaluation().objective()).as("seed %d", seed)
                    .isCloseTo(ExhaustiveOracle.solve(instance).objective(), within(1e-12));
        }
    }

    /**
     * On seeded tiny instances with every feature (static mode, exclusive links, memory, queue limits, missing
     * channels): the plan is feasible, scored by the evaluator, never worse than the start, never below the
     * enumerated optimum, and the same for the same seed.
     */
    @Test
    void neverWorseThanItsStartNorBelowTheOptimumAndDeterministic() {
        int improved = 0;
        for (long seed = 0; seed < 60; seed++) {
            PipelineInstance instance = TinyPipelines.random(seed, 8, TinyPipelines.Features.ALL);
            SolveResult<PipelinePlan> heft = new HeftSolver().solve(instance, SolverSettings.defaults());
            if (!heft.status().hasPlan()) {
                continue;
            }
            PipelineEvaluation start = PipelineEvaluator.evaluate(instance, heft.plan());
            if (!start.feasible()) {
                continue;
            }
            RequestPlacementDescent.Result result = descend(instance, heft.plan(), seed);
            PipelineEvaluation again = PipelineEvaluator.evaluate(instance, result.plan());
            PipelineInvariants.check(instance, result.plan(), again);
            assertThat(result.evaluation().objective()).as("seed %d", seed).isEqualTo(again.objective())
                    .isLessThanOrEqualTo(start.objective())
                    .isGreaterThanOrEqualTo(ExhaustiveOracle.solve(instance).objective() - 1e-9);
            assertThat(descend(instance, heft.plan(), seed).plan()).isEqualTo(result.plan());
            if (result.evaluation().objective() < start.objective()) {
                improved++;
            }
        }
        // Not a vacuous check: HEFT's plan is beaten on some of them.
        assertThat(improved).isPositive();
    }

    /**
     * The contended family, where the descent earns its place (docs/pipeline-lns.md): it improves the preschedule-
     * retrieval plan of the 112-subtask instance (0.0612900 to 0.0612650, the best plan known, as measured), and the static
     * 8-endpoint instance by a quarter (0.670728 to 0.482678 as measured; static mode moves whole endpoints).
     */
    @Test
    void improvesThePrescheduleRetrievalPlansOfTheContendedFamily() {
        assertImproves("scaled-vgg5-e4-s2-r4-dynamic.json", 0.9997);
        assertImproves("scaled-vgg5-e8-s2-r12-static.json", 0.75);
    }

    private static void assertImproves(String file, double factor) {
        PipelineInstance instance = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/scaled/" + file));
        PipelinePlan start = new PrescheduleRetrievalSolver().solve(instance, SolverSettings.defaults()).plan();
        double startObjective = PipelineEvaluator.objective(instance, start);
        RequestPlacementDescent.Result result = descend(instance, start, 0);
        assertThat(result.converged()).isTrue();
        assertThat(result.evaluation().feasible()).isTrue();
        assertThat(result.evaluation().objective()).as(file).isLessThan(startObjective * factor);
    }
}
