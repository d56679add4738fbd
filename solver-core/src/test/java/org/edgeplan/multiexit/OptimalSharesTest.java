package org.edgeplan.multiexit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.testing.MultiExitFixtures;

class OptimalSharesTest {
    @Test
    void closedFormSharesAreProportionalToRootOfEdgeCoefficient() {
        MultiExitInstance inst = MultiExitFixtures.random(7, 4, 8);
        MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
        int[] s = {0, 3, 8, 5};
        double[] r = OptimalShares.forSplits(model, s);
        double hSum = 0;
        for (int i = 0; i < 4; i++) {
            hSum += model.h(i, s[i]);
        }
        for (int i = 0; i < 4; i++) {
            assertThat(r[i]).isCloseTo(model.h(i, s[i]) / hSum, within(1e-15));
        }
        assertThat(r[2]).as("device-only device gets nothing").isZero();
        double evaluated = MultiExitEvaluator.evaluate(inst, new MultiExitPlan(inst.defaultExits(), s, r)).cost();
        assertThat(evaluated).isCloseTo(OptimalShares.costForSplits(model, s), within(1e-9 * evaluated));
    }

    @Test
    void noOtherShareVectorIsCheaper() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int t = 0; t < 100; t++) {
            MultiExitInstance inst = MultiExitFixtures.random(100 + t, 2 + rnd.nextInt(5), 3 + rnd.nextInt(10));
            MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
            int m = inst.deviceCount();
            int[] s = new int[m];
            for (int i = 0; i < m; i++) {
                s[i] = rnd.nextInt(inst.layerCount());
            }
            double[] best = OptimalShares.forSplits(model, s);
            double bestCost = model.cost(s, best);
            for (int trial = 0; trial < 200; trial++) {
                double[] r = new double[m];
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    r[i] = best[i] * Math.exp(rnd.nextGaussian() * 0.3) + 1e-12;
                    sum += r[i];
                }
                for (int i = 0; i < m; i++) {
                    r[i] /= sum;
                }
                assertThat(model.cost(s, r)).isGreaterThanOrEqualTo(bestCost * (1 - 1e-12));
            }
        }
    }

    @Test
    void edgeTermIsTheSquareOfTheSumOfRoots() {
        MultiExitInstance inst = MultiExitFixtures.random(11, 3, 6);
        MultiExitCostModel model = new MultiExitCostModel(inst, inst.defaultExits());
        int[] s = {0, 1, 2};
        double g = 0;
        double h = 0;
        for (int i = 0; i < 3; i++) {
            g += model.g(i, s[i]);
            h += model.h(i, s[i]);
        }
        assertThat(model.cost(s, OptimalShares.forSplits(model, s))).isCloseTo(g + h * h, within(1e-9 * (g + h * h)));
    }

    @Test
    void withZeroLatencyWeightEdgeUsersSplitTheServerEqually() {
        MultiExitInstance base = MultiExitFixtures.random(5, 3, 4);
        MultiExitInstance energyOnly = new MultiExitInstance("e", "", base.dnn(), base.devices(),
                base.edgeSpeedFlopsPerSecond(), 0, 1, base.defaultExits());
        MultiExitCostModel model = new MultiExitCostModel(energyOnly, energyOnly.defaultExits());
        double[] r = OptimalShares.forSplits(model, new int[] {0, 4, 1});
        assertThat(r).containsExactly(0.5, 0, 0.5);
    }
}
