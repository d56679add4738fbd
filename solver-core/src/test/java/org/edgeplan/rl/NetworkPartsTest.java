package org.edgeplan.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Adam, GAE, running statistics and the action distribution (with and without a mask) against hand-computed values. */
class NetworkPartsTest {
    @Test
    void adamFirstStepMovesEachParameterByTheStepSizeAgainstItsGradientSign() {
        double[] p = {1.0, -2.0, 0.5};
        Adam adam = new Adam(3);
        adam.step(p, new double[] {0.3, -4.0, 1e-3}, 0.01);
        // After one step m̂ = g and v̂ = g², so the update is lr · g / (|g| + ε).
        assertThat(p[0]).isCloseTo(1.0 - 0.01 * 0.3 / (0.3 + 1e-8), within(1e-15));
        assertThat(p[1]).isCloseTo(-2.0 + 0.01 * 4.0 / (4.0 + 1e-8), within(1e-15));
        assertThat(p[2]).isCloseTo(0.5 - 0.01 * 1e-3 / (1e-3 + 1e-8), within(1e-15));
    }

    @Test
    void adamMinimisesAQuadratic() {
        double[] p = {3.0, -5.0};
        Adam adam = new Adam(2);
        for (int t = 0; t < 3000; t++) {
            adam.step(p, new double[] {2 * (p[0] - 1), 2 * (p[1] + 2)}, 0.05);
        }
        assertThat(p[0]).isCloseTo(1.0, within(1e-3));
        assertThat(p[1]).isCloseTo(-2.0, within(1e-3));
    }

    @Test
    void clipNormScalesToTheLimitAndReportsTheNormBefore() {
        double[] g = {3.0, 4.0};
        assertThat(Adam.clipNorm(g, 0.5)).isEqualTo(5.0);
        assertThat(g[0]).isCloseTo(0.3, within(1e-15));
        assertThat(g[1]).isCloseTo(0.4, within(1e-15));
        double[] small = {0.1, 0.1};
        Adam.clipNorm(small, 0.5);
        assertThat(small).containsExactly(0.1, 0.1);
    }

    @Test
    void gaeOverTwoEpisodesMatchesHandComputation() {
        // Episode 1: steps 0, 1 (done after 1); episode 2: step 2 (cut off, bootstrapped with V = 0.5).
        double[] r = {1.0, 2.0, 3.0};
        double[] v = {0.5, 1.0, 2.0};
        double[] next = {1.0, 0.0, 0.5};
        boolean[] done = {false, true, false};
        double gamma = 0.9;
        double lambda = 0.8;
        double[] adv = Gae.advantages(r, v, next, done, gamma, lambda);
        double d1 = 2.0 - 1.0;                       // terminal: no bootstrap
        double d0 = 1.0 + 0.9 * 1.0 - 0.5;
        double d2 = 3.0 + 0.9 * 0.5 - 2.0;
        assertThat(adv[1]).isCloseTo(d1, within(1e-15));
        assertThat(adv[0]).isCloseTo(d0 + gamma * lambda * d1, within(1e-15));
        assertThat(adv[2]).isCloseTo(d2, within(1e-15));
    }

    @Test
    void gaeOfOneStepEpisodesIsRewardMinusValue() {
        double[] adv = Gae.advantages(new double[] {-0.5, -0.7}, new double[] {-0.6, -0.2}, new double[2],
                new boolean[] {true, true}, 1.0, 0.95);
        assertThat(adv[0]).isCloseTo(0.1, within(1e-15));
        assertThat(adv[1]).isCloseTo(-0.5, within(1e-15));
    }

    @Test
    void runningStatisticsEqualTwoPassMeanAndVariance() {
        SplittableRandom random = new SplittableRandom(2);
        RunningMeanStd stats = new RunningMeanStd(2);
        double[][] xs = new double[500][2];
        for (double[] x : xs) {
            x[0] = 3 + 2 * random.nextGaussian();
            x[1] = 7.5; // constant: normalises to 0
            stats.update(x);
        }
        double mean = 0;
        for (double[] x : xs) {
            mean += x[0];
        }
        mean /= xs.length;
        double var = 0;
        for (double[] x : xs) {
            var += (x[0] - mean) * (x[0] - mean);
        }
        var /= xs.length;
        assertThat(stats.mean()[0]).isCloseTo(mean, within(1e-12));
        assertThat(stats.variance()[0]).isCloseTo(var, within(1e-10));
        assertThat(stats.mean()[1]).isEqualTo(7.5);
        double[] out = new double[2];
        stats.normalise(new double[] {mean + 100 * Math.sqrt(var), 7.5}, out, 5.0);
        assertThat(out).containsExactly(5.0, 0.0);
        RunningMeanStd restored = RunningMeanStd.of(stats.mean(), stats.variance(), stats.count());
        assertThat(restored.std(0)).isCloseTo(stats.std(0), within(1e-12));
    }

    @Test
    void sampledSplitsFollowTheSoftmaxAndTheModeIsTheArgMax() {
        ActionDistribution dist = new ActionDistribution(1, 3, 0);
        double[] y = {0.0, Math.log(2), Math.log(5)}; // probabilities 1/8, 2/8, 5/8
        SplittableRandom random = new SplittableRandom(9);
        int[] counts = new int[3];
        int[] a = new int[1];
        for (int t = 0; t < 80_000; t++) {
            dist.sample(y, new double[0], null, random, a, new double[0]);
            counts[a[0]]++;
        }
        assertThat(counts[0] / 80_000.0).isCloseTo(0.125, within(0.005));
        assertThat(counts[1] / 80_000.0).isCloseTo(0.25, within(0.005));
        assertThat(counts[2] / 80_000.0).isCloseTo(0.625, within(0.005));
        dist.mode(y, null, a, new double[0]);
        assertThat(a[0]).isEqualTo(2);
        assertThat(dist.logProb(y, new double[0], null, new int[] {1}, new double[0]))
                .isCloseTo(Math.log(0.25), within(1e-12));
        double entropy = -(0.125 * Math.log(0.125) + 0.25 * Math.log(0.25) + 0.625 * Math.log(0.625));
        assertThat(dist.entropy(y, new double[0], null)).isCloseTo(entropy, within(1e-12));
    }

    @Test
    void maskedOptionsAreNeverSampledAndTheRestFollowTheRenormalisedSoftmax() {
        ActionDistribution dist = new ActionDistribution(2, 3, 0);
        // Head 0: option 2 (the most likely) forbidden, 1 : 2 between the others; head 1: only option 0 allowed.
        double[] y = {0.0, Math.log(2), 5.0, 1.0, 2.0, 3.0};
        boolean[] mask = {true, true, false, true, false, false};
        SplittableRandom random = new SplittableRandom(4);
        int[] counts = new int[3];
        int[] a = new int[2];
        for (int t = 0; t < 30_000; t++) {
            dist.sample(y, new double[0], mask, random, a, new double[0]);
            counts[a[0]]++;
            assertThat(a[1]).isZero();
        }
        assertThat(counts[2]).isZero();
        assertThat(counts[0] / 30_000.0).isCloseTo(1.0 / 3, within(0.01));
        dist.mode(y, mask, a, new double[0]);
        assertThat(a).containsExactly(1, 0);
        assertThat(dist.logProb(y, new double[0], mask, new int[] {1, 0}, new double[0]))
                .isCloseTo(Math.log(2.0 / 3), within(1e-12));
        double entropy = -(Math.log(1.0 / 3) / 3 + 2 * Math.log(2.0 / 3) / 3);
        assertThat(dist.entropy(y, new double[0], mask)).isCloseTo(entropy, within(1e-12));
        // Without the mask the same outputs mean something else.
        dist.mode(y, null, a, new double[0]);
        assertThat(a).containsExactly(2, 2);
        boolean[] none = {false, false, false, true, true, true};
        assertThatThrownBy(() -> dist.mode(y, none, a, new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the mask allows no option of head 0");
    }
}
