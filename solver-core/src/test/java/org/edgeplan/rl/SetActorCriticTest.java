package org.edgeplan.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The set actor's backward pass against central differences, and its permutation equivariance. */
class SetActorCriticTest {
    private static SetActorCritic agent(long seed) {
        PpoConfig config = PpoConfig.defaults().withHiddenSizes(List.of(6, 5));
        SetActorCritic a = SetActorCritic.initial(4, 2, 3, config, new SplittableRandom(seed));
        // Larger head weights than the 0.01 initialisation, so that the logits depend visibly on the inputs.
        double[] h = a.head().parameters();
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (int k = 0; k < h.length; k++) {
            h[k] = r.nextGaussian();
        }
        return a;
    }

    private static double[][] entities(int m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[m][4];
        for (double[] row : x) {
            for (int k = 0; k < 4; k++) {
                row[k] = r.nextGaussian();
            }
        }
        return x;
    }

    /** A scalar loss of the logits: Σ_i Σ_o c_io y_io with fixed coefficients. */
    private static double loss(SetActorCritic a, double[][] x, double[] g, double[][] c) {
        SetActorCritic.Pass p = new SetActorCritic.Pass(a);
        a.forward(x, g, p);
        double l = 0;
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < 3; o++) {
                l += c[i][o] * p.logits(i)[o];
            }
        }
        return l;
    }

    @Test
    void gradientOfEncoderAndHeadMatchesCentralDifferences() {
        SetActorCritic a = agent(1);
        double[][] x = entities(5, 2);
        double[] g = {0.3, -0.7};
        double[][] c = entities(5, 3);
        for (double[] row : c) {
            row[3] = 0; // only 3 options
        }
        double[][] coefficients = new double[5][3];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(c[i], 0, coefficients[i], 0, 3);
        }
        SetActorCritic.Pass p = new SetActorCritic.Pass(a);
        a.forward(x, g, p);
        double[] encGrad = new double[a.encoder().parameterCount()];
        double[] headGrad = new double[a.head().parameterCount()];
        a.backward(p, coefficients, encGrad, headGrad);
        for (double[][] pair : new double[][][] {{a.encoder().parameters(), encGrad}, {a.head().parameters(),
            headGrad}}) {
            double[] params = pair[0];
            double[] grad = pair[1];
            for (int k = 0; k < params.length; k++) {
                double keep = params[k];
                double eps = 1e-6;
                params[k] = keep + eps;
                double up = loss(a, x, g, coefficients);
                params[k] = keep - eps;
                double down = loss(a, x, g, coefficients);
                params[k] = keep;
                double numeric = (up - down) / (2 * eps);
                assertThat(Math.abs(numeric - grad[k]))
                        .as("parameter %d: numeric %s, backprop %s", k, numeric, grad[k])
                        .isLessThan(1e-6 * Math.max(1.0, Math.abs(numeric)));
            }
        }
    }

    @Test
    void permutingTheEntitiesPermutesTheLogits() {
        SetActorCritic a = agent(4);
        double[][] x = entities(7, 5);
        double[] g = {1.0, 0.5};
        SetActorCritic.Pass p = new SetActorCritic.Pass(a);
        a.forward(x, g, p);
        double[][] y = new double[7][];
        for (int i = 0; i < 7; i++) {
            y[i] = p.logits(i).clone();
        }
        int[] order = {3, 0, 6, 1, 5, 2, 4};
        double[][] xp = new double[7][];
        for (int k = 0; k < 7; k++) {
            xp[k] = x[order[k]];
        }
        a.forward(xp, g, p);
        for (int k = 0; k < 7; k++) {
            for (int o = 0; o < 3; o++) {
                assertThat(p.logits(k)[o]).isCloseTo(y[order[k]][o], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        // The pooled context matters: another entity set changes entity 0's logits.
        double[][] fewer = {x[0], x[1]};
        a.forward(fewer, g, p);
        assertThat(Math.abs(p.logits(0)[0] - y[0][0])).isGreaterThan(1e-6);
    }
}
