package org.edgeplan.pipeline.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.rl.Environment;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.ProvenOptima;
import org.edgeplan.testing.TinyPipelines;

/** The online placement process: returns equal to the evaluator's objective, masks, and its greedy policy. */
class OnlinePlacementTest {

    /**
     * Plays one episode choosing uniformly among the open candidates, checking that each reward is the one the mask
     * announced; the sum of the rewards, or NaN when some request had no open candidate.
     */
    static double randomEpisode(OnlinePlacement online, SplittableRandom rnd) {
        double sum = 0;
        while (!online.done()) {
            boolean[] open = online.mask();
            int[] idx = java.util.stream.IntStream.range(0, open.length).filter(i -> open[i]).toArray();
            if (idx.length == 0) {
                return Double.NaN;
            }
            int k = idx[rnd.nextInt(idx.length)];
            double expected = online.rewardOf(k);
            double reward = online.place(k);
            assertThat(reward).isEqualTo(expected);
            sum += reward;
        }
        return sum;
    }

    @Test
    void anEpisodesReturnIsMinusTheEvaluatorsObjectiveOfItsPlan() {
        SplittableRandom rnd = new SplittableRandom(17);
        int episodes = 0;
        for (int t = 0; t < 120; t++) {
            PipelineInstance inst = TinyPipelines.random(8800 + t, 9, TinyPipelines.Features.ALL);
            OnlinePlacement online = new OnlinePlacement(inst);
            double sum = randomEpisode(online, rnd);
            if (Double.isNaN(sum)) {
                continue;
            }
            episodes++;
            PipelinePlan plan = online.plan();
            PipelineEvaluation e = PipelineEvaluator.evaluate(inst, plan);
            assertThat(e.feasible()).as(inst.name() + " " + e.violationSummary()).isTrue();
            assertThat(sum).as(inst.name()).isCloseTo(-e.objective(), within(1e-9 * Math.max(1, e.objective())));
            assertThat(online.objectiveSoFar()).isCloseTo(e.objective(), within(1e-9 * Math.max(1, e.objective())));
            // Never below the optimum over every placement and order.
            double optimum = ExhaustiveOracle.solve(inst).objective();
            assertThat(e.objective()).as(inst.name()).isGreaterThanOrEqualTo(optimum * (1 - 1e-9));
        }
        assertThat(episodes).isGreaterThan(90);
    }

    @Test
    void theIncrementalTimingGivesTheSimulatedRewardsOfEveryCandidate() {
        // Without exclusive links, memory and queue limits candidates are timed incrementally; the cut instance's
        // simulation (the exact path) must give the same mask and rewards at every step.
        SplittableRandom rnd = new SplittableRandom(3);
        int compared = 0;
        for (int t = 0; t < 150; t++) {
            PipelineInstance inst = TinyPipelines.random(6600 + t, 10, TinyPipelines.Features.PLAIN);
            OnlinePlacement fast = new OnlinePlacement(inst);
            OnlinePlacement exact = new OnlinePlacement(inst, true);
            while (!fast.done()) {
                boolean[] a = fast.mask();
                boolean[] b = exact.mask();
                assertThat(a).as(inst.name()).isEqualTo(b);
                int[] open = java.util.stream.IntStream.range(0, a.length).filter(i -> a[i]).toArray();
                if (open.length == 0) {
                    break;
                }
                for (int k : open) {
                    assertThat(fast.rewardOf(k)).as(inst.name() + " candidate " + k)
                            .isCloseTo(exact.rewardOf(k), within(1e-9 * Math.max(1, Math.abs(exact.rewardOf(k)))));
                    compared++;
                }
                int k = open[rnd.nextInt(open.length)];
                fast.place(k);
                exact.place(k);
                for (int n = 0; n < inst.nodeCount(); n++) {
                    assertThat(fast.nodeEndSeconds(n)).isCloseTo(exact.nodeEndSeconds(n), within(1e-9));
                }
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    @Test
    void masksKeepAllowedNodesAndStaticPlacement() {
        int staticSeen = 0;
        int played = 0;
        for (int t = 0; t < 80; t++) {
            PipelineInstance inst = TinyPipelines.random(9900 + t, 9, TinyPipelines.Features.ALL);
            OnlinePlacement online = new OnlinePlacement(inst);
            SplittableRandom rnd = new SplittableRandom(t);
            if (Double.isNaN(randomEpisode(online, rnd))) {
                continue;
            }
            played++;
            PipelinePlan plan = online.plan();
            int[] nodeOf = plan.nodeOf(inst.subtaskCount());
            for (int id = 0; id < nodeOf.length; id++) {
                assertThat(inst.allowed(inst.subtaskEndpoint(id), nodeOf[id])).isTrue();
                assertThat(online.nodeOf(id)).isEqualTo(nodeOf[id]);
            }
            if (inst.mode() == PlacementMode.STATIC) {
                staticSeen++;
                for (int id = 0; id < nodeOf.length; id++) {
                    int first = inst.subtaskId(inst.subtaskEndpoint(id), 0, inst.subtaskLayer(id));
                    assertThat(nodeOf[id]).isEqualTo(nodeOf[first]);
                }
            }
        }
        assertThat(played).isGreaterThan(60);
        assertThat(staticSeen).isPositive();
    }

    @Test
    void theGreedyPolicyTakesTheBestRewardAndIsScoredByTheEvaluator() {
        OnlineGreedySolver greedy = new OnlineGreedySolver();
        SolverSettings settings = SolverSettings.defaults().withTimeLimit(30);
        int plans = 0;
        for (int t = 0; t < 40; t++) {
            PipelineInstance inst = TinyPipelines.random(7700 + t, 9, TinyPipelines.Features.ALL);
            SolveResult<PipelinePlan> r = greedy.solve(inst, settings);
            if (r.plan() == null) {
                continue;
            }
            plans++;
            PipelineEvaluation e = PipelineEvaluator.evaluate(inst, r.plan());
            assertThat(e.feasible()).isTrue();
            assertThat(r.solverObjective()).isEqualTo(e.objective());
            assertThat(greedy.solve(inst, settings).plan()).isEqualTo(r.plan());
            // Replaying the process: at every step greedy's choice has the largest reward of the open candidates.
            OnlinePlacement online = new OnlinePlacement(inst);
            int[] nodeOf = r.plan().nodeOf(inst.subtaskCount());
            while (!online.done()) {
                boolean[] open = online.mask();
                double best = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < open.length; k++) {
                    if (open[k]) {
                        best = Math.max(best, online.rewardOf(k));
                    }
                }
                int chosen = chosenCandidate(inst, online, nodeOf);
                assertThat(online.rewardOf(chosen)).isEqualTo(best);
                online.place(chosen);
            }
        }
        assertThat(plans).isGreaterThan(30);
    }

    /** The candidate index whose placement of the next request matches the plan's. */
    private static int chosenCandidate(PipelineInstance inst, OnlinePlacement online, int[] nodeOf) {
        int e = online.endpoint();
        int r = online.request();
        int nodes = inst.nodeCount();
        boolean[] open = online.mask();
        for (int k = 0; k < online.candidateCount(); k++) {
            if (!open[k]) {
                continue;
            }
            boolean same = true;
            for (int l = 0; l < inst.model(e).layerCount() && same; l++) {
                int n = l < k / nodes ? inst.deviceOf(e) : k % nodes;
                same = nodeOf[inst.subtaskId(e, r, l)] == n;
            }
            if (same) {
                return k;
            }
        }
        throw new AssertionError("no candidate matches the plan");
    }

    @Test
    void greedyIsNeverBelowAProvenOptimum() {
        OnlineGreedySolver greedy = new OnlineGreedySolver();
        int checked = 0;
        for (PipelineObjective objective : PipelineObjective.values()) {
            for (Map.Entry<PipelineInstance, Double> x : ProvenOptima.pipelines(objective).entrySet()) {
                if (x.getKey().subtaskCount() > 200) {
                    continue;
                }
                SolveResult<PipelinePlan> r = greedy.solve(x.getKey(), SolverSettings.defaults().withTimeLimit(60));
                if (r.status() == SolveStatus.FEASIBLE) {
                    checked++;
                    assertThat(r.solverObjective()).as(x.getKey().name())
                            .isGreaterThanOrEqualTo(x.getValue() * (1 - 1e-9));
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theEnvironmentHasAFixedShapeAndReturnsMinusTheObjective() {
        PipelineInstance inst = TinyPipelines.random(4242, 9, TinyPipelines.Features.PLAIN);
        OnlinePlacementEnvironment env = new OnlinePlacementEnvironment(inst);
        env.reset(new SplittableRandom(1));
        double sum = 0;
        boolean done = false;
        while (!done) {
            double[] x = env.observation();
            assertThat(x).hasSize(env.observationSize());
            boolean[] mask = env.actionMask();
            assertThat(mask).hasSize(env.actionCount());
            int k = 0;
            while (!mask[k]) {
                k++;
            }
            Environment.Step step = env.step(new int[] {k}, new double[0]);
            sum += step.reward();
            done = step.done();
        }
        double objective = PipelineEvaluator.evaluate(inst, env.process().plan()).objective();
        assertThat(sum).isCloseTo(-objective, within(1e-9 * Math.max(1, objective)));
        assertThatThrownBy(() -> env.process().mask()).isInstanceOf(IllegalStateException.class);
    }
}
