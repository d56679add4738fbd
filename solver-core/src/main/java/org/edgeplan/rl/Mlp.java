package org.edgeplan.rl;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron of dense layers in double precision, with backpropagation. The parameters live in one
 * flat array (layer by layer: the weight matrix row-major, {@code out × in}, then the biases), so that the
 * optimiser, gradient clipping and the policy file treat them uniformly. Mutable: training updates
 * {@link #parameters()} in place. Not thread-safe; a {@link Workspace} per thread holds the activations.
 */
public final class Mlp {
    private final int[] sizes;
    private final Activation[] activations;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final double[] parameters;

    /**
     * @param sizes       widths from the input to the output, at least two entries, all positive
     * @param hidden      activation of every hidden layer
     * @param output      activation of the output layer
     */
    public Mlp(int[] sizes, Activation hidden, Activation output) {
        this(sizes, activationsFor(sizes, hidden, output));
    }

    /** A network with one activation per layer ({@code sizes.length - 1} of them). */
    public Mlp(int[] sizes, Activation[] activations) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("an MLP needs an input and an output width, got " + Arrays.toString(sizes));
        }
        if (activations.length != sizes.length - 1) {
            throw new IllegalArgumentException(sizes.length - 1 + " layers need as many activations, got "
                    + activations.length);
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("layer widths must be positive, got " + Arrays.toString(sizes));
            }
        }
        this.sizes = sizes.clone();
        this.activations = activations.clone();
        int layers = sizes.length - 1;
        weightOffset = new int[layers];
        biasOffset = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffset[l] = offset;
            offset += sizes[l] * sizes[l + 1];
            biasOffset[l] = offset;
            offset += sizes[l + 1];
        }
        parameters = new double[offset];
    }

    private static Activation[] activationsFor(int[] sizes, Activation hidden, Activation output) {
        Activation[] a = new Activation[Math.max(0, sizes.length - 1)];
        Arrays.fill(a, hidden);
        if (a.length > 0) {
            a[a.length - 1] = output;
        }
        return a;
    }

    /** A deep copy (same architecture and parameter values). */
    public Mlp copy() {
        Mlp c = new Mlp(sizes, activations);
        System.arraycopy(parameters, 0, c.parameters, 0, parameters.length);
        return c;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Layer widths from input to output. */
    public int[] sizes() {
        return sizes.clone();
    }

    public Activation[] activations() {
        return activations.clone();
    }

    public int parameterCount() {
        return parameters.length;
    }

    /** The live parameter array (not a copy): the optimiser updates it in place. */
    public double[] parameters() {
        return parameters;
    }

    /** Replaces every parameter with {@code values} (same length). */
    public void setParameters(double[] values) {
        if (values.length != parameters.length) {
            throw new IllegalArgumentException("expected " + parameters.length + " parameters, got " + values.length);
        }
        System.arraycopy(values, 0, parameters, 0, values.length);
    }

    /**
     * Random initial weights: normal with standard deviation {@code gain / sqrt(fan_in)} (gain √2 before ReLU,
     * 1 otherwise), the last layer scaled by {@code outputGain} (small for a policy head so that the first policy is
     * close to uniform); biases 0.
     */
    public void initialise(SplittableRandom random, double outputGain) {
        int layers = sizes.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double gain = l == layers - 1 ? outputGain : (activations[l] == Activation.RELU ? Math.sqrt(2.0) : 1.0);
            double std = gain / Math.sqrt(in);
            for (int k = 0; k < in * out; k++) {
                parameters[weightOffset[l] + k] = std * random.nextGaussian();
            }
            Arrays.fill(parameters, biasOffset[l], biasOffset[l] + out, 0.0);
        }
    }

    /** A fresh workspace for this architecture. */
    public Workspace newWorkspace() {
        return new Workspace(sizes);
    }

    /**
     * The forward pass. Returns the workspace's output array (overwritten by the next call); the workspace keeps
     * every layer's activations for {@link #backward}.
     */
    public double[] forward(double[] input, Workspace ws) {
        if (input.length != sizes[0]) {
            throw new IllegalArgumentException("input has " + input.length + " values, the network takes " + sizes[0]);
        }
        System.arraycopy(input, 0, ws.post[0], 0, sizes[0]);
        double[] p = parameters;
        for (int l = 0; l < sizes.length - 1; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] x = ws.post[l];
            double[] z = ws.pre[l + 1];
            double[] a = ws.post[l + 1];
            Activation act = activations[l];
            int w = weightOffset[l];
            int b = biasOffset[l];
            for (int o = 0; o < out; o++) {
                double sum = p[b + o];
                int row = w + o * in;
                for (int k = 0; k < in; k++) {
                    sum += p[row + k] * x[k];
                }
                z[o] = sum;
                a[o] = act.apply(sum);
            }
        }
        return ws.post[sizes.length - 1];
    }

    /**
     * The backward pass of the last {@link #forward} in {@code ws}: adds dLoss/dParameters to {@code gradient}
     * (same layout as the parameters) and, when {@code inputGradient} is not null, stores dLoss/dInput in it.
     *
     * @param outputGradient dLoss/dOutput
     */
    public void backward(Workspace ws, double[] outputGradient, double[] gradient, double[] inputGradient) {
        int last = sizes.length - 1;
        if (outputGradient.length != sizes[last]) {
            throw new IllegalArgumentException("output gradient has " + outputGradient.length + " values, expected "
                    + sizes[last]);
        }
        double[] p = parameters;
        System.arraycopy(outputGradient, 0, ws.delta[last], 0, sizes[last]);
        for (int l = last - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] dA = ws.delta[l + 1];
            double[] z = ws.pre[l + 1];
            double[] a = ws.post[l + 1];
            double[] x = ws.post[l];
            double[] dX = ws.delta[l];
            Activation act = activations[l];
            int w = weightOffset[l];
            int b = biasOffset[l];
            Arrays.fill(dX, 0, in, 0.0);
            boolean needInput = l > 0 || inputGradient != null;
            for (int o = 0; o < out; o++) {
                double dz = dA[o] * act.derivative(z[o], a[o]);
                if (dz == 0.0) {
                    continue;
                }
                gradient[b + o] += dz;
                int row = w + o * in;
                for (int k = 0; k < in; k++) {
                    gradient[row + k] += dz * x[k];
                }
                if (needInput) {
                    for (int k = 0; k < in; k++) {
                        dX[k] += dz * p[row + k];
                    }
                }
            }
        }
        if (inputGradient != null) {
            System.arraycopy(ws.delta[0], 0, inputGradient, 0, sizes[0]);
        }
    }

    /** Per-layer activations and gradients of one forward/backward pass. */
    public static final class Workspace {
        final double[][] pre;
        final double[][] post;
        final double[][] delta;

        Workspace(int[] sizes) {
            pre = new double[sizes.length][];
            post = new double[sizes.length][];
            delta = new double[sizes.length][];
            for (int l = 0; l < sizes.length; l++) {
                pre[l] = new double[sizes[l]];
                post[l] = new double[sizes[l]];
                delta[l] = new double[sizes[l]];
            }
        }
    }
}
