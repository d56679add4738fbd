package org.edgeplan.bench;

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

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.ScaledPipelines;

/**
 * Problem-B heuristics at about 1 000 subtasks (the target: at most 10 ms per solve), average
 * milliseconds per {@code solve}, one thread. Instances from {@link ScaledPipelines}: {@code vgg5-e8-s2-r18}
 * dynamic (8 devices × 18 requests × 7 layers = 1 008 subtasks) and {@code resnet18-e4-s2-r8} static
 * (4 × 8 × 31 = 992 subtasks), both total latency. Each solve starts from scratch (the solver builds all its
 * state per call), so this is the time a caller waits. Run: {@code bin/jmh PipelineHeuristicsBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PipelineHeuristicsBenchmark {
    @Param({"preschedule-retrieval", "heft", "neurosurgeon", "dads", "random", "device-only", "edge-only"})
    public String solver;

    /** {@code model-endpoints-edges-requests-mode}, parsed in {@link #setUp()}. */
    @Param({"vgg5-8-2-18-dynamic", "resnet18-4-2-8-static"})
    public String instance;

    private PipelineSolver heuristic;
    private PipelineInstance problem;
    private SolverSettings settings;

    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = instance.split("-");
        PlacementMode mode = parts[4].equals("static") ? PlacementMode.STATIC : PlacementMode.DYNAMIC;
        problem = ScaledPipelines.of(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                Integer.parseInt(parts[3]), mode, PipelineObjective.TOTAL_LATENCY);
        heuristic = (PipelineSolver) SolverRegistry.load().find(ProblemKind.PIPELINE, solver);
        settings = SolverSettings.defaults().withSeed(1).withThreads(1);
        SolveResult<PipelinePlan> check = heuristic.solve(problem, settings);
        if (check.status() != SolveStatus.FEASIBLE) {
            throw new IllegalStateException(solver + " on " + problem.name() + ": " + check.status());
        }
    }

    @Benchmark
    public SolveResult<PipelinePlan> solve() {
        return heuristic.solve(problem, settings);
    }
}
