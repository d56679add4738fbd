package org.edgeplan.spark;

import java.util.concurrent.atomic.AtomicInteger;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver;

/**
 * A test solver (registered only on this module's test class path): the first call in a JVM dies with an
 * {@link Error}, as a task dies with its executor, which ends the Spark task (the batch runner records what a solver
 * throws as a failed run, but not an Error); later calls are device-only. Spark runs the task again.
 */
public final class FailsOnceSolver implements PipelineSolver {
    static final String NAME = "test-fails-once";
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test only: dies on its first call in a JVM, then device-only";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        if (CALLS.getAndIncrement() == 0) {
            throw new Error("simulated loss of the task's executor");
        }
        return new PipelineDeviceOnlySolver().solve(instance, settings, deadline);
    }
}
