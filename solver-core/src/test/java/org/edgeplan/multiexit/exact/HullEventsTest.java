package org.edgeplan.multiexit.exact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class HullEventsTest {
    /** Random non-dominated rows: h ascending, g strictly descending, some points above the hull. */
    private static double[][][] randomRows(SplittableRandom rnd, int devices) {
        double[][] g = new double[devices][];
        double[][] h = new double[devices][];
        for (int p = 0; p < devices; p++) {
            int k = 1 + rnd.nextInt(5);
            g[p] = new double[k];
            h[p] = new double[k];
            double hv = rnd.nextDouble(0, 2);
            double gv = rnd.nextDouble(5, 10);
            for (int c = 0; c < k; c++) {
                h[p][c] = hv;
                g[p][c] = gv;
                hv += rnd.nextDouble(0.01, 2);
                gv -= rnd.nextDouble(0.01, 3);
            }
        }
        return new double[][][] {g, h};
    }

    /** min over completions of positions depth.. of gp + Σ g + (hp + Σ h)². */
    private static double bestCompletion(double[][] g, double[][] h, int depth, double gp, double hp) {
        if (depth == g.length) {
            return gp + hp * hp;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int c = 0; c < g[depth].length; c++) {
            best = Math.min(best, bestCompletion(g, h, depth + 1, gp + g[depth][c], hp + h[depth][c]));
        }
        return best;
    }

    @Test
    void nodeBoundsNeverExceedTheBestCompletionAndAgree() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (int t = 0; t < 200; t++) {
            double[][][] rows = randomRows(rnd, 1 + rnd.nextInt(6));
            double[][] g = rows[0];
            double[][] h = rows[1];
            HullEvents events = new HullEvents(g, h);
            for (int depth = 0; depth <= g.length; depth++) {
                int count = 8;
                double[] gp = new double[count];
                double[] hp = new double[count];
                for (int j = 0; j < count; j++) {
                    gp[j] = rnd.nextDouble(0, 20);
                    hp[j] = rnd.nextDouble(0, 10);
                }
                double[] sortedH = hp.clone();
                Arrays.sort(sortedH);
                double[] sortedG = new double[count];
                for (int j = 0; j < count; j++) {
                    sortedG[j] = gp[j];
                }
                double[] out = new double[count];
                events.boundsSorted(depth, sortedG, sortedH, count, out);
                for (int j = 0; j < count; j++) {
                    double truth = bestCompletion(g, h, depth, sortedG[j], sortedH[j]);
                    events.maximise(depth, sortedG[j], sortedH[j]);
                    assertThat(out[j]).isLessThanOrEqualTo(truth * (1 + 1e-12));
                    assertThat(events.lastValue).isCloseTo(out[j], org.assertj.core.api.Assertions.within(1e-9 * truth));
                    // The maximum over λ is at least the simple bound at λ = hp + Σ min h.
                    double minG = 0;
                    double minH = 0;
                    for (int p = depth; p < g.length; p++) {
                        minG += g[p][g[p].length - 1];
                        minH += h[p][0];
                    }
                    double simple = sortedG[j] + minG + (sortedH[j] + minH) * (sortedH[j] + minH);
                    assertThat(out[j]).isGreaterThanOrEqualTo(simple - 1e-9 * Math.abs(simple));
                    if (depth == g.length) {
                        assertThat(out[j]).isCloseTo(truth, org.assertj.core.api.Assertions.within(1e-9 * truth));
                    }
                }
            }
        }
    }

    @Test
    void lowerHullDropsPointsAboveTheChord() {
        double[] h = {0, 1, 2, 3};
        double[] g = {10, 8, 3, 2}; // (1, 8) lies above the chord from (0, 10) to (2, 3)
        assertThat(HullEvents.lowerHull(g, h)).containsExactly(0, 2, 3);
    }
}
