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
 * Solver {@code aco-drl}, the method of Ma, Wang, Tang 2025 ("ACO-DRL") as we read it: the exits are set first by the
 * ant colony of {@code aco-ear} and {@code aco-bb} ({@link org.edgeplan.multiexit.exits.AntColonyExitSetting}, seeded
 * by the settings), then a PPO policy chooses every device's split point and edge share for that exit set. State,
 * action and reward are those of {@code ppo-shares} ({@link SplitFeatures}, {@link SplitEnvironment}), computed under
 * the ACO exit set. With {@code --policy FILE} (trained by {@code edgeplan train-ppo --variant aco-drl}) it applies
 * that policy greedily; without one it trains a small policy on the instance, as {@code ppo} does. Its ceiling is
 * {@code aco-bb} (ACO exits, optimal splits and shares); the result is feasible, never claimed optimal. A separate
 * class only so that {@link java.util.ServiceLoader} can register the name; the work is done by {@link PpoSolver}.
 */
public final class AcoDrlSolver implements MultiExitSolver, PolicyDrivenSolver {
    private final PpoSolver delegate;

    public AcoDrlSolver() {
        this(new PpoSolver(PpoVariant.ACO_DRL, null, null));
    }

    private AcoDrlSolver(PpoSolver delegate) {
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
    public AcoDrlSolver withPolicy(Path file) {
        return new AcoDrlSolver(delegate.withPolicy(file));
    }

    @Override
    public void requireApplicable(Instance instance) {
        delegate.requireApplicable(instance);
    }

    /** The policy this solver acts from, or null when it trains in-process. */
    public PpoPolicy policy() {
        return delegate.policy();
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        return delegate.solve(instance, settings, deadline);
    }
}
