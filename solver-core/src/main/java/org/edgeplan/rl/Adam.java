package org.edgeplan.rl;

/**
 * The Adam optimiser (Kingma and Ba 2015) with bias correction, over one flat parameter array. Deterministic:
 * the same gradients in the same order give bitwise the same parameters.
 */
public final class Adam {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double[] m;
    private final double[] v;
    private long steps;

    /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8 for {@code size} parameters. */
    public Adam(int size) {
        this(size, 0.9, 0.999, 1e-8);
    }

    public Adam(int size, double beta1, double beta2, double epsilon) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        m = new double[size];
        v = new double[size];
    }

    /** One descent step of size {@code learningRate} along {@code gradient} (the gradient of the loss). */
    public void step(double[] parameters, double[] gradient, double learningRate) {
        if (parameters.length != m.length || gradient.length != m.length) {
            throw new IllegalArgumentException("Adam of " + m.length + " parameters got " + parameters.length
                    + " parameters and " + gradient.length + " gradients");
        }
        steps++;
        double c1 = 1.0 - Math.pow(beta1, steps);
        double c2 = 1.0 - Math.pow(beta2, steps);
        for (int k = 0; k < parameters.length; k++) {
            double g = gradient[k];
            m[k] = beta1 * m[k] + (1.0 - beta1) * g;
            v[k] = beta2 * v[k] + (1.0 - beta2) * g * g;
            double mHat = m[k] / c1;
            double vHat = v[k] / c2;
            parameters[k] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
        }
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /**
     * Scales {@code gradient} in place so that its Euclidean norm is at most {@code maxNorm}; returns the norm
     * before scaling.
     */
    public static double clipNorm(double[] gradient, double maxNorm) {
        double sum = 0;
        for (double g : gradient) {
            sum += g * g;
        }
        double norm = Math.sqrt(sum);
        if (norm > maxNorm && norm > 0) {
            double scale = maxNorm / norm;
            for (int k = 0; k < gradient.length; k++) {
                gradient[k] *= scale;
            }
        }
        return norm;
    }

    /**
     * Scales {@code a} and {@code b} in place by one factor so that the Euclidean norm of the two together is at most
     * {@code maxNorm} (two parts of one policy clipped as one gradient).
     */
    public static void clipNormJointly(double[] a, double[] b, double maxNorm) {
        double sum = 0;
        for (double g : a) {
            sum += g * g;
        }
        for (double g : b) {
            sum += g * g;
        }
        double norm = Math.sqrt(sum);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int k = 0; k < a.length; k++) {
                a[k] *= scale;
            }
            for (int k = 0; k < b.length; k++) {
                b[k] *= scale;
            }
        }
    }
}
