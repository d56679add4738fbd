package org.edgeplan.bench.batch;

import java.nio.file.Path;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.Instance;
import org.edgeplan.core.Plan;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverSettings;

/**
 * A suite's policy entry as a solver: the registered solver {@code base} acting from the policy file, under the
 * suite's label. In process isolation the child JVM gets {@code --solver base --policy file}; records and reports
 * carry the label.
 *
 * @param name     the label
 * @param base     the registered solver's name
 * @param policy   the policy file
 * @param delegate the registered solver configured with the policy
 */
public record PolicyRun<I extends Instance, P extends Plan>(String name, String base, Path policy,
                                                            Solver<I, P> delegate) implements Solver<I, P> {
    @Override
    public String description() {
        return delegate.description() + " (policy " + policy.getFileName() + ")";
    }

    @Override
    public ProblemKind problem() {
        return delegate.problem();
    }

    @Override
    public Class<I> instanceType() {
        return delegate.instanceType();
    }

    @Override
    public SolveResult<P> solve(I instance, SolverSettings settings, Deadline deadline) {
        return delegate.solve(instance, settings, deadline);
    }
}
