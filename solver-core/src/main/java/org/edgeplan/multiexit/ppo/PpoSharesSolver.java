package org.edgeplan.multiexit.ppo;

import java.nio.file.Path;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.Instance;
import org.edgeplan.core.PolicyDrivenSolver;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.MultiExitSolver;

/**
 * Solver {@code ppo-shares}: like {@code ppo}, but the policy also decides the edge shares (a softmax of Gaussian
 * share logits over the devices that offload) instead of taking the closed-form optimum. A separate class only so that
 * {@link java.util.ServiceLoader} can register the name; the work is done by {@link PpoSolver}.
 */
public final class PpoSharesSolver implements MultiExitSolver, PolicyDrivenSolver {
    private final PpoSolver delegate;

    public PpoSharesSolver() {
        this(new PpoSolver(PpoVariant.SPLITS_AND_SHARES, null, null));
    }

    private PpoSharesSolver(PpoSolver delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public String description() {
        return delegate.description();
    }

    @Override
    public PpoSharesSolver withPolicy(Path file) {
        return new PpoSharesSolver(delegate.withPolicy(file));
    }

    @Override
    public void requireApplicable(Instance instance) {
        delegate.requireApplicable(instance);
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        return delegate.solve(instance, settings, deadline);
    }
}
