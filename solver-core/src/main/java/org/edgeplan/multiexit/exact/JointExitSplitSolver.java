package org.edgeplan.multiexit.exact;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Comparator;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.AbstractMultiExitSolver;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;

/**
 * Problem A, exact over the exit set too: the best exit set E (all 2^(N−1) sets that contain N), split points and
 * closed-form shares, by a best-first branch and bound over the exit set. A node fixes the exits of layers
 * {@code 1..k−1} and is bounded by the Lagrangian bound ({@link LagrangianBound}) of
 * {@link MultiExitCostModel#relaxation}: every undecided layer with its smallest run probability and no exit-branch
 * work, a lower bound for every exit set below the node. The node of least bound is expanded first (layer k without,
 * then with an exit); a leaf (every exit decided) is bounded on its own model and, when popped, solved by
 * {@link SplitBranchAndBound} with the incumbent as cutoff. The search ends when the least open bound cannot beat the
 * incumbent, which settles every exit set at once. Before 2026-12-03 every one of the 2^(N−1) sets was bounded
 * (295 s for MobileNetV2's 262 144 sets at M = 1 000); whole subtrees are now settled by one bound
 * (docs/multi-exit-networks.md). {@link SolveStatus#OPTIMAL} only when every exit set was settled (to the relative
 * tolerance {@link SplitBranchAndBound#RELATIVE_TOLERANCE}); otherwise {@link SolveStatus#FEASIBLE} with the least
 * open bound. Refuses ({@link SolveStatus#UNKNOWN}) models with more than {@link #MAX_LAYERS} layers.
 */
public final class JointExitSplitSolver extends AbstractMultiExitSolver {
    /** Up to 2^20 exit sets. */
    public static final int MAX_LAYERS = 21;

    public JointExitSplitSolver() {
        super("exact-joint", "exact exit set, split points and shares: a best-first branch and bound over the exit set,"
                + " each exit set it cannot settle by bound solved by exact-bb");
    }

    /** A node: exits of layers 1..decidedBelow−1 fixed by mask (bit j for layer j; N always set). */
    private record Node(long mask, int decidedBelow, double bound) {
        boolean leaf(int n) {
            return decidedBelow == n;
        }
    }

    private static final Comparator<Node> BEST_FIRST = Comparator.comparingDouble(Node::bound)
            .thenComparing(Comparator.comparingInt(Node::decidedBelow).reversed())
            .thenComparingLong(Node::mask);

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        int n = instance.layerCount();
        if (n > MAX_LAYERS) {
            return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, Double.NaN, deadline.elapsedSeconds(), Map.of(),
                    "exact-joint branches on 2^(N-1) exit sets and refuses N = " + n + " > " + MAX_LAYERS);
        }
        long sets = 1L << (n - 1);
        // The instance's default exit set first: an incumbent that prunes from the first node on, and a plan even when
        // the time runs out before the search reaches a leaf.
        ExitSet start = instance.defaultExits();
        SplitBranchAndBound.Result first = SplitBranchAndBound.solve(new MultiExitCostModel(instance, start),
                Double.POSITIVE_INFINITY, deadline);
        PriorityQueue<Node> open = new PriorityQueue<>(BEST_FIRST);
        open.add(bounded(instance, 1L << n, 1));
        double best = first.splits() == null ? Double.POSITIVE_INFINITY : first.objective();
        int[] bestSplits = first.splits();
        ExitSet bestExits = first.splits() == null ? null : start;
        double settledBound = Double.POSITIVE_INFINITY; // least proven bound of what was settled
        double openBound = Double.POSITIVE_INFINITY;    // least bound of what was not settled (time limit)
        boolean timedOut = false;
        long boundedNodes = 1;
        int solved = 1;
        long nodes = first.nodes();
        while (!open.isEmpty()) {
            Node node = open.peek();
            if (node.bound() >= best - SplitBranchAndBound.tolerance(best)) {
                settledBound = Math.min(settledBound, node.bound()); // least first: no open node can beat the incumbent
                open.clear();
                break;
            }
            if (deadline.expired()) {
                timedOut = true;
                openBound = Math.min(openBound, node.bound());
                break;
            }
            open.poll();
            if (node.leaf(n)) {
                ExitSet exits = ExitSet.fromMask(n, node.mask());
                SplitBranchAndBound.Result r = SplitBranchAndBound.solve(new MultiExitCostModel(instance, exits), best,
                        deadline);
                solved++;
                nodes += r.nodes();
                if (r.splits() != null && r.objective() < best) {
                    best = r.objective();
                    bestSplits = r.splits();
                    bestExits = exits;
                }
                if (!r.complete()) {
                    timedOut = true;
                    openBound = Math.min(openBound, r.lowerBound());
                } else {
                    settledBound = Math.min(settledBound, r.lowerBound());
                }
                continue;
            }
            int layer = node.decidedBelow();
            open.add(bounded(instance, node.mask(), layer + 1));
            open.add(bounded(instance, node.mask() | (1L << layer), layer + 1));
            boundedNodes += 2;
        }
        if (timedOut && !open.isEmpty()) {
            openBound = Math.min(openBound, open.peek().bound());
        }
        if (bestSplits == null) {
            // Out of time before any set was solved: fall back to device-only under the default exit set, which is
            // always feasible, with whatever bound was proven.
            bestExits = instance.defaultExits();
            bestSplits = new int[instance.deviceCount()];
            Arrays.fill(bestSplits, n);
            timedOut = true;
            openBound = Math.min(openBound, open.isEmpty() ? 0.0 : open.peek().bound());
        }
        MultiExitCostModel model = new MultiExitCostModel(instance, bestExits);
        MultiExitPlan plan = OptimalShares.plan(model, bestSplits);
        double objective = OptimalShares.costForSplits(model, bestSplits);
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("exitSets", sets);
        stats.put("exitSetNodesBounded", boundedNodes);
        stats.put("exitSetsSolved", solved);
        stats.put("nodes", nodes);
        double wall = deadline.elapsedSeconds();
        if (!timedOut) {
            return new SolveResult<>(plan, SolveStatus.OPTIMAL, objective, Math.min(objective, settledBound), wall,
                    stats,
                    "all " + sets + " exit sets settled (" + boundedNodes + " branch-and-bound nodes bounded, " + solved
                            + " exit sets solved; relative tolerance " + SplitBranchAndBound.RELATIVE_TOLERANCE + ")");
        }
        double proven = Math.min(objective, Math.min(openBound, settledBound));
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, objective, proven, wall, stats,
                "time limit; " + solved + " exit sets solved, " + boundedNodes + " branch-and-bound nodes bounded, of "
                        + sets + " exit sets");
    }

    /** The node of these fixed exits, with the Lagrangian bound of its relaxation (its own model at a leaf). */
    private static Node bounded(MultiExitInstance instance, long mask, int decidedBelow) {
        int n = instance.layerCount();
        ExitSet prefix = ExitSet.fromMask(n, mask);
        MultiExitCostModel model = decidedBelow == n ? new MultiExitCostModel(instance, prefix)
                : MultiExitCostModel.relaxation(instance, prefix, decidedBelow);
        return new Node(mask, decidedBelow, LagrangianBound.of(model).value());
    }

    /** The exit set of index e: bit j−1 of e set means layer j (1..N−1) has an exit; N always has one. */
    static ExitSet exitSet(int n, int e) {
        return ExitSet.fromMask(n, ((long) e) << 1);
    }
}
