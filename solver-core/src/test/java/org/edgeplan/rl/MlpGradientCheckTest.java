package org.edgeplan.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Backpropagation against central finite differences in double precision: every parameter and input gradient of
 * small networks, and the PPO loss gradient of the action distribution, to a relative error below 1e-6.
 */
class MlpGradientCheckTest {
    private static final double STEP = 1e-6;
    private static final double MAX_RELATIVE_ERROR = 1e-6;

    /** A smooth scalar loss of the output: Σ c_k y_k + ½ Σ y_k². */
    private static double loss(double[] y, double[] c) {
        double s = 0;
        for (int k = 0; k < y.length; k++) {
            s += c[k] * y[k] + 0.5 * y[k] * y[k];
        }
        return s;
    }

    private static double relativeError(double analytic, double numeric) {
        double scale = Math.max(Math.abs(analytic), Math.abs(numeric));
        // Entries that are zero for both (e.g. a ReLU unit that is off) compare absolutely.
        return scale < 1e-9 ? Math.abs(analytic - numeric) : Math.abs(analytic - numeric) / scale;
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "RELU"})
    void parameterAndInputGradientsMatchFiniteDifferences(Activation hidden) {
        SplittableRandom random = new SplittableRandom(11);
        Mlp net = new Mlp(new int[] {4, 6, 5, 3}, hidden, Activation.IDENTITY);
        net.initialise(random, 1.0);
        // Non-zero biases, so that the bias path is exercised too.
        double[] p = net.parameters();
        for (int k = 0; k < p.length; k++) {
            p[k] += 0.1 * random.nextGaussian();
        }
        double[] x = {0.3, -1.2, 0.7, 2.0};
        double[] c = {0.5, -1.0, 0.25};
        Mlp.Workspace ws = net.newWorkspace();
        double[] y = net.forward(x, ws);
        double[] dY = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            dY[k] = c[k] + y[k];
        }
        double[] grad = new double[net.parameterCount()];
        double[] dX = new double[x.length];
        net.backward(ws, dY, grad, dX);

        double worst = 0;
        for (int k = 0; k < p.length; k++) {
            double saved = p[k];
            p[k] = saved + STEP;
            double up = loss(net.forward(x, net.newWorkspace()), c);
            p[k] = saved - STEP;
            double down = loss(net.forward(x, net.newWorkspace()), c);
            p[k] = saved;
            worst = Math.max(worst, relativeError(grad[k], (up - down) / (2 * STEP)));
        }
        for (int k = 0; k < x.length; k++) {
            double[] xp = x.clone();
            xp[k] += STEP;
            double[] xm = x.clone();
            xm[k] -= STEP;
            double numeric = (loss(net.forward(xp, net.newWorkspace()), c) - loss(net.forward(xm, net.newWorkspace()), c))
                    / (2 * STEP);
            worst = Math.max(worst, relativeError(dX[k], numeric));
        }
        assertThat(worst).as("worst relative error over %d parameters and %d inputs", p.length, x.length)
                .isLessThan(MAX_RELATIVE_ERROR);
    }

    @Test
    void backwardAccumulatesOverSamples() {
        SplittableRandom random = new SplittableRandom(3);
        Mlp net = new Mlp(new int[] {2, 3, 1}, Activation.TANH, Activation.IDENTITY);
        net.initialise(random, 1.0);
        double[] a = {0.5, -0.5};
        double[] b = {1.5, 0.25};
        double[] sum = new double[net.parameterCount()];
        Mlp.Workspace ws = net.newWorkspace();
        net.forward(a, ws);
        net.backward(ws, new double[] {1.0}, sum, null);
        net.forward(b, ws);
        net.backward(ws, new double[] {1.0}, sum, null);
        double[] ga = new double[net.parameterCount()];
        double[] gb = new double[net.parameterCount()];
        net.forward(a, ws);
        net.backward(ws, new double[] {1.0}, ga, null);
        net.forward(b, ws);
        net.backward(ws, new double[] {1.0}, gb, null);
        for (int k = 0; k < sum.length; k++) {
            assertThat(sum[k]).isEqualTo(ga[k] + gb[k]);
        }
    }

    /**
     * The clipped-surrogate + entropy loss of the categorical heads (with and without a mask) and the Gaussians against
     * finite differences; masked logits get no gradient.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            // old log-probability offset, advantage, with Gaussians, with a mask
            "0.05, 1.3, false, false", "0.05, -0.7, false, false", "0.05, 1.3, true, false", "-0.1, -0.9, true, false",
            "0.05, 1.3, false, true", "-0.1, -0.9, true, true",
            // ratio e^3 with A > 0, or e^-3 with A < 0: clipped, only the entropy term has a gradient
            "-3.0, 1.3, true, false", "3.0, -0.8, true, false", "3.0, -0.8, true, true"})
    void ppoLossGradientMatchesFiniteDifferences(double oldOffset, double advantage, boolean shares, boolean masked) {
        SplittableRandom random = new SplittableRandom(5);
        ActionDistribution dist = new ActionDistribution(3, 4, shares ? 3 : 0);
        double[] y = new double[dist.outputSize()];
        for (int k = 0; k < y.length; k++) {
            y[k] = random.nextGaussian();
        }
        double[] logStd = shares ? new double[] {-0.3, 0.2, -1.0} : new double[0];
        int[] choices = {2, 0, 3};
        double[] u = shares ? new double[] {0.4, -0.2, 1.1} : new double[0];
        // Head 0 without options 1 and 3, head 1 without 2, head 2 with only its chosen option.
        boolean[] mask = masked ? new boolean[] {true, false, true, false, true, true, false, true,
            false, false, false, true} : null;
        double old = dist.logProb(y, logStd, mask, choices, u) + oldOffset;
        double[] dY = new double[y.length];
        double[] dS = new double[logStd.length];
        ActionDistribution.SampleLoss base = dist.ppoLoss(y, logStd, mask, choices, u, old, advantage, 0.2, 0.03, 1.0,
                dY, dS);
        assertThat(base.clipped()).isEqualTo(Math.abs(oldOffset) > 1);
        java.util.function.DoubleSupplier loss = () -> dist.ppoLoss(y, logStd, mask, choices, u, old, advantage, 0.2,
                0.03, 1.0, new double[y.length], new double[logStd.length]).loss();
        double worst = 0;
        for (double[] values : new double[][] {y, logStd}) {
            double[] analytic = values == y ? dY : dS;
            for (int k = 0; k < values.length; k++) {
                double saved = values[k];
                values[k] = saved + STEP;
                double up = loss.getAsDouble();
                values[k] = saved - STEP;
                double down = loss.getAsDouble();
                values[k] = saved;
                worst = Math.max(worst, relativeError(analytic[k], (up - down) / (2 * STEP)));
                if (mask != null && values == y && k < mask.length && !mask[k]) {
                    assertThat(analytic[k]).as("gradient of masked logit %d", k).isZero();
                }
            }
        }
        assertThat(worst).isLessThan(MAX_RELATIVE_ERROR);
    }
}
