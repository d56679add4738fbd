package org.edgeplan.bench.batch;

import java.util.stream.Collectors;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolverRegistry;

/** Suite texts shared by the batch and CLI tests. */
public final class SuiteFixtures {
    private SuiteFixtures() {
    }

    /** Every registered problem-B solver's name as a JSON array: it grows with the registry, not by hand. */
    public static String everyPipelineSolver() {
        return SolverRegistry.load().forProblem(ProblemKind.PIPELINE).stream()
                .map(solver -> "\"" + solver.name() + "\"").collect(Collectors.joining(", ", "[", "]"));
    }
}
