package org.edgeplan.multiexit.exact;

import java.util.Arrays;

import org.edgeplan.core.Deadline;
import org.edgeplan.multiexit.MultiExitCostModel;

/**
 * Exact minimisation of {@code cost(s) = Σ_i g_i(s_i) + (Σ_i h_i(s_i))²} over split vectors for one exit set (the
 * closed-form shares are implied), by Lagrangian bounding and a Pareto search over partial states:
 * <ol>
 *   <li>per device, drop infinite and dominated {@code (g, h)} options ({@link SplitOptions});</li>
 *   <li>maximise the Lagrangian bound {@code L(λ)} exactly over the hull breakpoints; the best true cost among the
 *       Lagrangian argmin vectors of all λ, improved by a 1-opt local search, is the first incumbent;</li>
 *   <li>reduced-cost fixing: {@code cost(s) ≥ L(λ) + Σ_i rc_i(s_i)} with
 *       {@code rc_i(k) = g_ik + 2λh_ik − min_k' (g_ik' + 2λh_ik')}, so an option with
 *       {@code L(λ) + rc > incumbent} is dropped; repeated with the re-maximised bound until nothing changes
 *       (steps 1-3: {@link SplitRoot});</li>
 *   <li>search over the devices left with a choice (largest h-spread first, {@link SplitSearch}), breadth-first
 *       over the Pareto front of partial states {@code (G_p, H_p)}: a state is dropped when another has both G and
 *       H no larger (its best completion is at least as good), or when its bound reaches the incumbent. The bound of
 *       a state is the Lagrangian bound of the remaining devices re-maximised over λ for the partial
 *       {@code (G_p, H_p)}, computed for a whole level in one sweep (the maximising λ grows with {@code H_p}), and
 *       the simple bound {@code G_p + Σ min g + (H_p + Σ min h)²}. Identical devices collapse into one state.</li>
 * </ol>
 * A depth-first branch and bound over the same root (children by reduced cost, node bound
 * {@code max(L(λ*) + Σ rc, simple, re-maximised Lagrangian)}, identical devices in nondecreasing option order) was
 * the first search; on many near-identical devices it explodes where the Pareto search does not, and it lives on in
 * the tests as an oracle and for the ablation.
 *
 * <p>A search that completes is optimal up to the relative tolerance {@link #RELATIVE_TOLERANCE}: no node is
 * discarded unless its bound is at least {@code incumbent · (1 − 1e-10)}.
 */
public final class SplitBranchAndBound {
    /** Nodes whose bound reaches the incumbent minus this fraction of it are pruned. */
    public static final double RELATIVE_TOLERANCE = 1e-10;

    /**
     * The outcome of one search.
     *
     * @param splits                the best split vector found with cost below the cutoff, or {@code null}
     * @param objective             its cost Σ g + (Σ h)², or the cutoff when {@code splits} is null
     * @param lowerBound            a proven lower bound on the optimum of this exit set (capped at {@code objective})
     * @param complete              true when the search finished (then the optimum is ≥ objective · (1 − 1e-10),
     *                              or no vector beats the cutoff)
     * @param nodes                 branch-and-bound nodes visited
     * @param finiteOptions         options with finite cost, summed over devices
     * @param optionsAfterDominance options left after dominance
     * @param optionsAfterFixing    options left after reduced-cost fixing
     * @param freeDevices           devices with more than one option left, i.e. branched on
     * @param lambda                λ* of the root Lagrangian bound
     * @param rootLowerBound        the best root Lagrangian bound
     * @param heuristicObjective    cost of the first incumbent (Lagrangian argmin vectors + 1-opt)
     */
    public record Result(int[] splits, double objective, double lowerBound, boolean complete, long nodes,
                         int finiteOptions, int optionsAfterDominance, int optionsAfterFixing, int freeDevices,
                         double lambda, double rootLowerBound, double heuristicObjective) {
    }

    /**
     * Switches for measuring what each ingredient contributes (ablation); the search stays exact with any of them
     * off.
     *
     * @param fixing          reduced-cost fixing at the root
     * @param nodeLagrangian  re-maximise the Lagrangian bound over λ at every node
     * @param heuristic       start from the best Lagrangian argmin vector + 1-opt (else from device-only)
     */
    record Config(boolean fixing, boolean nodeLagrangian, boolean heuristic) {
        static final Config FULL = new Config(true, true, true);
    }

    private SplitBranchAndBound() {
    }

    static double tolerance(double ub) {
        return Double.isFinite(ub) ? RELATIVE_TOLERANCE * Math.abs(ub) : 0.0;
    }

    /**
     * Searches the model's exit set for a split vector cheaper than {@code cutoff} (use +Infinity for none) until
     * {@code deadline}. The root (dominance, Lagrangian bound, first incumbent) is always built: it is near linear in
     * the options; reduced-cost fixing and the search stop at the deadline.
     */
    public static Result solve(MultiExitCostModel model, double cutoff, Deadline deadline) {
        return solve(model, cutoff, deadline, Config.FULL);
    }

    static Result solve(MultiExitCostModel model, double cutoff, Deadline deadline, Config config) {
        SplitRoot root = SplitRoot.of(model, cutoff, config.fixing(), config.heuristic(), deadline);
        if (root.settled()) {
            return root.settledResult();
        }
        ParetoSearch search = new ParetoSearch(root, deadline, config.nodeLagrangian());
        search.run();
        return root.finish(search);
    }

    /** Breadth-first over the free devices, keeping only the non-dominated partial states that can still win. */
    private static final class ParetoSearch extends SplitSearch {
        /** Largest number of partial states kept on one level before the search gives up (memory guard). */
        private static final int MAX_STATES = 4_000_000;

        ParetoSearch(SplitRoot root, Deadline deadline, boolean nodeLagrangian) {
            super(root, deadline, nodeLagrangian);
        }

        /**
         * Breadth-first over the free devices in search order. A level holds the partial states (G_p, H_p) that are
         * not dominated (no other state has both G and H no larger; such a state's best completion is at least as
         * good) and whose Lagrangian node bound can still beat the incumbent. Identical devices collapse into the
         * same states, so no symmetry rule is needed.
         */
        @Override
        void run() {
            double[] gs = {fixedG};
            double[] hs = {fixedH};
            int count = 1;
            int[][] parents = new int[free][];
            int[][] options = new int[free][];
            double[] bounds = {Math.max(lagrRoot, simpleBound(0, fixedG, fixedH))};
            for (int depth = 0; depth < free; depth++) {
                if (deadline.expired()) {
                    aborted = true;
                    for (int j = 0; j < count; j++) {
                        openMin = Math.min(openMin, bounds[j]);
                    }
                    return;
                }
                double[] gRow = g[depth];
                double[] hRow = h[depth];
                int k = gRow.length;
                long total = (long) count * k;
                if (total > MAX_STATES) {
                    aborted = true;
                    for (int j = 0; j < count; j++) {
                        openMin = Math.min(openMin, bounds[j]);
                    }
                    return;
                }
                int n = (int) total;
                // The states are sorted by H, so each option's children are too: merge the k lists by
                // (H, G, index) and keep the Pareto front on the fly (H ascending, G strictly decreasing).
                int[] head = new int[k];
                int kept = 0;
                double minG = Double.POSITIVE_INFINITY;
                double[] ng = new double[Math.min(n, 1024)];
                double[] nh = new double[ng.length];
                int[] from = new int[ng.length];
                for (int step = 0; step < n; step++) {
                    int pick = -1;
                    double pickH = 0;
                    double pickG = 0;
                    for (int c = 0; c < k; c++) {
                        int j = head[c];
                        if (j == count) {
                            continue;
                        }
                        double hv = hs[j] + hRow[c];
                        double gv = gs[j] + gRow[c];
                        if (pick < 0 || hv < pickH || (hv == pickH && (gv < pickG
                                || (gv == pickG && j * k + c < head[pick] * k + pick)))) {
                            pick = c;
                            pickH = hv;
                            pickG = gv;
                        }
                    }
                    int j = head[pick]++;
                    if (pickG < minG) {
                        minG = pickG;
                        if (kept == ng.length) {
                            int size = (int) Math.min(n, 2L * kept);
                            ng = Arrays.copyOf(ng, size);
                            nh = Arrays.copyOf(nh, size);
                            from = Arrays.copyOf(from, size);
                        }
                        ng[kept] = pickG;
                        nh[kept] = pickH;
                        from[kept] = j * k + pick;
                        kept++;
                    }
                }
                nodes += kept;
                double[] nb = new double[kept];
                boolean last = depth + 1 == free;
                if (last) {
                    for (int x = 0; x < kept; x++) {
                        nb[x] = ng[x] + nh[x] * nh[x];
                    }
                } else if (nodeLagrangian) {
                    events.boundsSorted(depth + 1, ng, nh, kept, nb);
                    for (int x = 0; x < kept; x++) {
                        nb[x] = Math.max(nb[x], simpleBound(depth + 1, ng[x], nh[x]));
                    }
                } else {
                    for (int x = 0; x < kept; x++) {
                        nb[x] = simpleBound(depth + 1, ng[x], nh[x]);
                    }
                }
                // Prune against the incumbent.
                double limit = ub - tolerance(ub);
                int survivors = 0;
                for (int x = 0; x < kept; x++) {
                    if (nb[x] >= limit && !last) {
                        minPruned = Math.min(minPruned, nb[x]);
                        continue;
                    }
                    ng[survivors] = ng[x];
                    nh[survivors] = nh[x];
                    nb[survivors] = nb[x];
                    from[survivors] = from[x];
                    survivors++;
                }
                parents[depth] = new int[survivors];
                options[depth] = new int[survivors];
                for (int x = 0; x < survivors; x++) {
                    parents[depth][x] = from[x] / k;
                    options[depth][x] = option[depth][from[x] % k];
                }
                gs = Arrays.copyOf(ng, survivors);
                hs = Arrays.copyOf(nh, survivors);
                bounds = Arrays.copyOf(nb, survivors);
                count = survivors;
                if (count == 0) {
                    return; // everything pruned: the incumbent is optimal
                }
            }
            if (free == 0) {
                double cost = fixedG + fixedH * fixedH;
                if (cost < ub) {
                    ub = cost;
                    incumbent = opts.splitsOf(base);
                }
                return;
            }
            int best = -1;
            for (int j = 0; j < count; j++) {
                double cost = bounds[j];
                if (cost < ub) {
                    ub = cost;
                    best = j;
                } else {
                    minPruned = Math.min(minPruned, cost);
                }
            }
            if (best >= 0) {
                int[] choice = base.clone();
                int j = best;
                for (int depth = free - 1; depth >= 0; depth--) {
                    choice[device[depth]] = options[depth][j];
                    j = parents[depth][j];
                }
                incumbent = opts.splitsOf(choice);
            }
        }
    }
}
