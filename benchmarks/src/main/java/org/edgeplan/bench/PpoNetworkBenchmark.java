package org.edgeplan.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.edgeplan.multiexit.ppo.SplitFeatures;
import org.edgeplan.rl.Activation;
import org.edgeplan.rl.Mlp;

/**
 * Throughput of the plain-Java PPO actor network: one forward and backward pass of one sample through the image
 * family's actor (88 features → hidden → hidden → 5 × 14 logits), in samples per second. This is the unit of work of
 * a PPO minibatch step; {@code docs/ppo.md} compares it with the DJL measurement in the design notes.
 * Run: {@code bin/jmh PpoNetworkBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PpoNetworkBenchmark {
    @Param({"32", "64", "128"})
    int hidden;

    private Mlp actor;
    private Mlp.Workspace workspace;
    private double[][] inputs;
    private double[] outputGradient;
    private double[] gradient;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        int features = SplitFeatures.count(5, 13);
        actor = new Mlp(new int[] {features, hidden, hidden, 5 * 14}, Activation.TANH, Activation.IDENTITY);
        SplittableRandom random = new SplittableRandom(1);
        actor.initialise(random, 1.0);
        workspace = actor.newWorkspace();
        inputs = new double[256][features];
        for (double[] x : inputs) {
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextGaussian();
            }
        }
        outputGradient = new double[actor.outputSize()];
        for (int k = 0; k < outputGradient.length; k++) {
            outputGradient[k] = random.nextGaussian() * 1e-3;
        }
        gradient = new double[actor.parameterCount()];
    }

    /** Forward pass only (acting). */
    @Benchmark
    public double forward() {
        double[] y = actor.forward(inputs[next++ & 255], workspace);
        return y[0];
    }

    /** Forward and backward pass, gradients accumulated (one sample of a training minibatch). */
    @Benchmark
    public double forwardBackward() {
        actor.forward(inputs[next++ & 255], workspace);
        actor.backward(workspace, outputGradient, gradient, null);
        return gradient[0];
    }
}
