package org.edgeplan.pipeline;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.Solver;

/** A solver of problem B: fixes the problem kind and instance type so implementations state only their method. */
public interface PipelineSolver extends Solver<PipelineInstance, PipelinePlan> {
    @Override
    default ProblemKind problem() {
        return ProblemKind.PIPELINE;
    }

    @Override
    default Class<PipelineInstance> instanceType() {
        return PipelineInstance.class;
    }
}
