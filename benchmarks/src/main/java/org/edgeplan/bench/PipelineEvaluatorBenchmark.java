package org.edgeplan.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

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

import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSimulator;
import org.edgeplan.pipeline.instances.PipelineScenarios;

/**
 * Problem B evaluator throughput on the shipped {@code large} scenario (5,260 subtasks), in simulated subtasks
 * per second: each operation is one subtask of a plan, so ops/s = subtasks simulated per second. The plans are
 * list schedules of seeded random placements over each subtask's allowed nodes, so queues, transfers and
 * contention all occur. Run: {@code bin/jmh PipelineEvaluatorBenchmark} (see README).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineEvaluatorBenchmark {
    /** Subtasks of the large scenario; {@code @OperationsPerInvocation} below must equal it (checked in setup). */
    private static final int SUBTASKS = 5260;
    private static final int VARIANTS = 16;

    private PipelineSimulator simulator;
    private PipelinePlan[] plans;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        PipelineInstance instance = PipelineScenarios.of("large");
        if (instance.subtaskCount() != SUBTASKS) {
            throw new IllegalStateException("large has " + instance.subtaskCount() + " subtasks, update SUBTASKS");
        }
        simulator = new PipelineSimulator(instance);
        SplittableRandom rnd = new SplittableRandom(2025);
        plans = new PipelinePlan[VARIANTS];
        for (int v = 0; v < VARIANTS; v++) {
            int[] nodeOf = new int[SUBTASKS];
            for (int id = 0; id < SUBTASKS; id++) {
                int e = instance.subtaskEndpoint(id);
                int n;
                do {
                    n = rnd.nextInt(instance.nodeCount());
                } while (!instance.allowed(e, n) || !instance.connected(instance.deviceOf(e), n));
                nodeOf[id] = n;
            }
            plans[v] = ListScheduler.schedule(instance, nodeOf);
            if (!simulator.evaluate(plans[v]).feasible()) {
                throw new IllegalStateException("benchmark plan " + v + " is infeasible: "
                        + simulator.evaluate(plans[v]).violations());
            }
        }
    }

    /** The allocation-free objective (the search methods' hot path). */
    @Benchmark
    @OperationsPerInvocation(SUBTASKS)
    public double objective() {
        return simulator.objective(plans[next++ % VARIANTS]);
    }

    /** The full evaluation with per-subtask times and per-node figures. */
    @Benchmark
    @OperationsPerInvocation(SUBTASKS)
    public PipelineEvaluation fullEvaluation() {
        return simulator.evaluate(plans[next++ % VARIANTS]);
    }
}
