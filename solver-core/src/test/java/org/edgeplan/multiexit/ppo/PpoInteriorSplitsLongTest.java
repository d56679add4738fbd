package org.edgeplan.multiexit.ppo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.testing.LongTest;

/**
 * Opt-in ({@code -Dedgeplan.longTests=true}, about 10 s of training per instance): on the shipped scenarios every
 * optimal split is 0 or N, so this family with interior optima checks that PPO also finds cuts inside the network.
 * Trains with the default hyper-parameters on 1, 5, 20 and 50 Mbit/s and measures against exact-bb at eight
 * bandwidths (four unseen). Prints the table of docs/ppo.md.
 */
class PpoInteriorSplitsLongTest {
    private static final double[] TRAIN = {1, 5, 20, 50};
    private static final double[] EVAL = {1, 2, 5, 10, 20, 30, 40, 50};

    @LongTest
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void gapsToTheProvenOptimumStaySmall(long instanceSeed) {
        MultiExitInstance base = PpoFixtures.interiorSplits(instanceSeed);
        List<TrainingContext> contexts = new ArrayList<>();
        for (double mbps : TRAIN) {
            contexts.add(TrainingContext.of(contexts.size(), TrainingContext.atBandwidth(base, mbps)));
        }
        SplitTrainer.Result r = SplitTrainer.train(PpoVariant.SPLITS, PolicyFamily.of(List.of(base)),
                TrainingContext.Sampler.uniform(contexts), PpoConfig.defaults(), 0, 40960, Deadline.none(),
                SplitTrainer.Listener.NONE, List.of(1.0, 5.0, 20.0, 50.0), "discrete");
        double[] gaps = new double[EVAL.length];
        int interior = 0;
        for (int k = 0; k < EVAL.length; k++) {
            MultiExitInstance x = TrainingContext.atBandwidth(base, EVAL[k]);
            SolveResult<MultiExitPlan> opt = new MultiExitBranchAndBoundSolver().solve(x, SolverSettings.defaults());
            assertThat(opt.status()).isEqualTo(SolveStatus.OPTIMAL);
            MultiExitPlan plan = r.policy().plan(x);
            double cost = MultiExitEvaluator.evaluate(x, plan).objective();
            gaps[k] = (cost - opt.solverObjective()) / opt.solverObjective();
            interior += (int) Arrays.stream(opt.plan().splits()).filter(s -> s > 0 && s < x.layerCount()).count();
            System.out.printf(java.util.Locale.ROOT, "interior-%d @ %2.0f Mbit/s: gap %6.3f %%, ppo %s, optimum %s%n",
                    instanceSeed, EVAL[k], 100 * gaps[k], Arrays.toString(plan.splits()),
                    Arrays.toString(opt.plan().splits()));
        }
        System.out.printf(java.util.Locale.ROOT, "interior-%d: training %.1f s wall, %.1f s CPU%n", instanceSeed,
                r.run().wallSeconds(), r.run().cpuSeconds());
        assertThat(interior).as("optimal splits strictly inside the network").isGreaterThanOrEqualTo(5);
        double[] sorted = gaps.clone();
        Arrays.sort(sorted);
        assertThat((sorted[3] + sorted[4]) / 2).as("median gap").isLessThanOrEqualTo(0.01);
        assertThat(sorted[sorted.length - 1]).as("worst gap").isLessThanOrEqualTo(0.05);
    }
}
