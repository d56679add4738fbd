package org.edgeplan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.profiles.LayerProfiles;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Problem A evaluator throughput, in device evaluations per second. Each operation scores one device of a plan
 * of {@code devices} devices on VGG16 (13 layers), so the reported ops/s are device evaluations per second.
 * Run: {@code bin/jmh MultiExitEvaluatorBenchmark} (see README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MultiExitEvaluatorBenchmark {
    /** Devices per plan; {@code @OperationsPerInvocation} below must equal it. */
    private static final int DEVICES = 1000;
    private final int devices = DEVICES;

    private MultiExitInstance instance;
    private MultiExitCostModel model;
    private int[][] splits;
    private double[][] shares;
    private MultiExitPlan[] plans;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        MultiExitDnn dnn = LayerProfiles.multiExit("vgg16-224");
        int n = dnn.layerCount();
        SplittableRandom rnd = new SplittableRandom(2025);
        List<Device> list = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            double[] q = new double[n];
            double sum = 0;
            for (int j = 0; j < n; j++) {
                q[j] = rnd.nextDouble();
                sum += q[j];
            }
            double partial = 0;
            for (int j = 0; j < n - 1; j++) {
                q[j] /= sum;
                partial += q[j];
            }
            q[n - 1] = 1 - partial;
            list.add(new Device("d" + i, rnd.nextDouble(3e10, 3e11), 1, 0.2, rnd.nextDouble(1e6, 5e7), q));
        }
        instance = new MultiExitInstance("bench", "", dnn, list, 1e12, 0.5, 0.5, ExitSet.of(n, 2, 4, 7, 10));
        model = new MultiExitCostModel(instance, instance.defaultExits());
        int variants = 64;
        splits = new int[variants][devices];
        shares = new double[variants][devices];
        plans = new MultiExitPlan[variants];
        for (int v = 0; v < variants; v++) {
            for (int i = 0; i < devices; i++) {
                splits[v][i] = rnd.nextInt(n + 1);
                shares[v][i] = 1.0 / devices;
            }
            plans[v] = new MultiExitPlan(instance.defaultExits(), splits[v], shares[v]);
        }
    }

    /** The allocation-free cost of a whole plan from precomputed tables (the search methods' hot path). */
    @Benchmark
    @OperationsPerInvocation(DEVICES)
    public double fastCost() {
        int v = next++ & 63;
        return model.cost(splits[v], shares[v]);
    }

    /** The full evaluation with per-device breakdown, rebuilding the tables for the plan's exit set. */
    @Benchmark
    @OperationsPerInvocation(DEVICES)
    public MultiExitEvaluation fullEvaluation() {
        int v = next++ & 63;
        return MultiExitEvaluator.evaluate(instance, plans[v]);
    }
}
