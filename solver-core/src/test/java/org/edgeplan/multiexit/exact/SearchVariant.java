package org.edgeplan.multiexit.exact;

import org.edgeplan.core.Deadline;
import org.edgeplan.multiexit.MultiExitCostModel;

/**
 * One configuration of the split search for tests and the ablation: the ingredients switched on, and either the
 * production Pareto search ({@link SplitBranchAndBound}) or the depth-first oracle ({@link DepthFirstSplitSearch}).
 */
record SearchVariant(String name, SplitBranchAndBound.Config config, boolean depthFirst) {
    /** The production search with every ingredient. */
    static final SearchVariant FULL = new SearchVariant("full (Pareto)", SplitBranchAndBound.Config.FULL, false);

    static SearchVariant pareto(String name, boolean fixing, boolean nodeLagrangian, boolean heuristic) {
        return new SearchVariant(name, new SplitBranchAndBound.Config(fixing, nodeLagrangian, heuristic), false);
    }

    static SearchVariant depthFirst(String name, boolean fixing, boolean nodeLagrangian, boolean heuristic) {
        return new SearchVariant(name, new SplitBranchAndBound.Config(fixing, nodeLagrangian, heuristic), true);
    }

    SplitBranchAndBound.Result solve(MultiExitCostModel model, double cutoff, Deadline deadline) {
        return depthFirst ? DepthFirstSplitSearch.solve(model, cutoff, deadline, config)
                : SplitBranchAndBound.solve(model, cutoff, deadline, config);
    }

    @Override
    public String toString() {
        return name;
    }
}
