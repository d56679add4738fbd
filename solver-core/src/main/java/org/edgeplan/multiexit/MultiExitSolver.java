package org.edgeplan.multiexit;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.Solver;

/** A solver of problem A: fixes the problem kind and instance type so implementations state only their method. */
public interface MultiExitSolver extends Solver<MultiExitInstance, MultiExitPlan> {
    @Override
    default ProblemKind problem() {
        return ProblemKind.MULTI_EXIT;
    }

    @Override
    default Class<MultiExitInstance> instanceType() {
        return MultiExitInstance.class;
    }
}
