package org.edgeplan.multiexit.exact;

import java.util.Arrays;
import java.util.Comparator;

import org.edgeplan.multiexit.MultiExitCostModel;

/**
 * Exact minimisation of {@code cost(s) = Σ_i g_i(s_i) + (Σ_i h_i(s_i))²} over split vectors for one exit set (the
 * closed-form shares are implied), by Lagrangian bounding and depth-first branch and bound:
 * <ol>
 *   <li>per device, drop infinite and dominated {@code (g, h)} options ({@link SplitOptions});</li>
 *   <li>maximise the Lagrangian bound {@code L(λ)} exactly over the hull breakpoints; the best true cost among the
 *       Lagrangian argmin vectors of all λ, improved by a 1-opt local search, is the first incumbent;</li>
 *   <li>reduced-cost fixing: {@code cost(s) ≥ L(λ) + Σ_i rc_i(s_i)} with
 *       {@code rc_i(k) = g_ik + 2λh_ik − min_k' (g_ik' + 2λh_ik')}, so an option with
 *       {@code L(λ) + rc > incumbent} is dropped; repeated with the re-maximised bound until nothing changes;</li>
 *   <li>search over the devices left with a choice (largest h-spread first). By default breadth-first over the
 *       Pareto front of partial states {@code (G_p, H_p)}: a state is dropped when another has both G and H no
 *       larger (its best completion is at least as good), or when its bound reaches the incumbent. The bound of a
 *       state is the Lagrangian bound of the remaining devices re-maximised over λ for the partial
 *       {@code (G_p, H_p)}, computed for a whole level in one sweep (the maximising λ grows with {@code H_p}), and
 *       the simple bound {@code G_p + Σ min g + (H_p + Σ min h)²}. Identical devices collapse into one state.
 *       The alternative depth-first branch and bound (children by reduced cost, node bound
 *       {@code max(L(λ*) + Σ rc, simple, re-maximised Lagrangian)}, identical devices in nondecreasing option
 *       order) is kept for comparison; on many near-identical devices it explodes where the Pareto search does
 *       not.</li>
 * </ol>
 * A search that completes is optimal up to the relative tolerance {@link #RELATIVE_TOLERANCE}: no node is
 * discarded unless its bound is at least {@code incumbent · (1 − 1e-10)}.
 */
public final class SplitBranchAndBound {
    /** Nodes whose bound reaches the incumbent minus this fraction of it are pruned. */
    public static final double RELATIVE_TOLERANCE = 1e-10;

    private static final int TIME_CHECK_MASK = 1023;

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

    private SplitBranchAndBound() {
    }

    static double tolerance(double ub) {
        return Double.isFinite(ub) ? RELATIVE_TOLERANCE * Math.abs(ub) : 0.0;
    }

    /**
     * Searches the model's exit set for a split vector cheaper than {@code cutoff} (use +Infinity for none) until
     * {@code deadlineNanos} ({@link System#nanoTime()} scale).
     */
    public static Result solve(MultiExitCostModel model, double cutoff, long deadlineNanos) {
        return solve(model, cutoff, deadlineNanos, Config.FULL);
    }

    /**
     * Switches for measuring what each ingredient contributes (ablation); the search stays exact with any of them
     * off.
     *
     * @param fixing          reduced-cost fixing at the root
     * @param nodeLagrangian  re-maximise the Lagrangian bound over λ at every node
     * @param heuristic       start from the best Lagrangian argmin vector + 1-opt (else from device-only)
     * @param pareto          breadth-first over devices keeping only non-dominated partial (G, H) states (else
     *                        depth-first branch and bound)
     */
    record Config(boolean fixing, boolean nodeLagrangian, boolean heuristic, boolean pareto) {
        static final Config FULL = new Config(true, true, true, true);
    }

    static Result solve(MultiExitCostModel model, double cutoff, long deadlineNanos, Config config) {
        SplitOptions all = SplitOptions.of(model);
        int m = all.deviceCount();
        int afterDominance = all.totalOptions();

        // Root: exact Lagrangian dual and the best Lagrangian argmin vector, then 1-opt.
        SplitOptions opts = all;
        HullEvents rootEvents = events(opts);
        rootEvents.maximise(0, 0, 0);
        double lambda = rootEvents.lastLambda;
        double lagr = LagrangianBound.valueAt(opts, lambda);
        double rootBound = lagr;
        int[] choice;
        if (config.heuristic()) {
            choice = rootEvents.bestArgminVector();
            localSearch(opts, choice);
        } else {
            choice = new int[m];
            for (int i = 0; i < m; i++) {
                choice[i] = opts.optionCount(i) - 1; // least g: device-only whenever it is not dominated
            }
        }
        double heuristic = opts.cost(choice);
        int[] incumbentSplits = heuristic < cutoff ? opts.splitsOf(choice) : null;
        double ub = Math.min(heuristic, cutoff);
        double minPruned = Double.POSITIVE_INFINITY;

        // Reduced-cost fixing, repeated while it removes options.
        double[][] rc = reducedCosts(opts, lambda);
        for (int round = 0; config.fixing() && round < 20; round++) {
            boolean[][] keep = new boolean[m][];
            boolean removed = false;
            double limit = ub - tolerance(ub);
            for (int i = 0; i < m; i++) {
                keep[i] = new boolean[opts.optionCount(i)];
                boolean any = false;
                for (int k = 0; k < keep[i].length; k++) {
                    double b = lagr + rc[i][k];
                    if (b < limit) {
                        keep[i][k] = true;
                        any = true;
                    } else {
                        minPruned = Math.min(minPruned, b);
                        removed = true;
                    }
                }
                if (!any) {
                    // Nothing in this device can beat the incumbent: the whole search is settled.
                    return new Result(incumbentSplits, ub, Math.min(ub, Math.max(rootBound, minPruned)), true, 0,
                            all.finiteOptions(), afterDominance, 0, 0, lambda, rootBound, heuristic);
                }
            }
            if (!removed) {
                break;
            }
            opts = opts.restrict(keep);
            HullEvents ev = events(opts);
            ev.maximise(0, 0, 0);
            lambda = ev.lastLambda;
            lagr = LagrangianBound.valueAt(opts, lambda);
            rootBound = Math.max(rootBound, lagr);
            int[] c2 = ev.bestArgminVector();
            localSearch(opts, c2);
            double cost2 = opts.cost(c2);
            if (config.heuristic() && cost2 < ub) {
                ub = cost2;
                incumbentSplits = opts.splitsOf(c2);
            }
            rc = reducedCosts(opts, lambda);
        }
        int afterFixing = opts.totalOptions();
        Search search = new Search(opts, lambda, lagr, rc, ub, incumbentSplits, deadlineNanos, config.nodeLagrangian());
        if (config.pareto()) {
            search.runPareto();
        } else {
            search.run();
        }
        double lower;
        double bestFound = search.ub;
        if (search.aborted) {
            lower = Math.min(Math.min(minPruned, search.minPruned), search.openMin);
        } else {
            lower = Math.min(minPruned, search.minPruned);
        }
        lower = Math.min(bestFound, Math.max(rootBound, lower));
        return new Result(search.incumbent, bestFound, lower, !search.aborted, search.nodes, all.finiteOptions(),
                afterDominance, afterFixing, search.free, lambda, rootBound, heuristic);
    }

    private static HullEvents events(SplitOptions opts) {
        int m = opts.deviceCount();
        double[][] g = new double[m][];
        double[][] h = new double[m][];
        for (int i = 0; i < m; i++) {
            g[i] = opts.gRow(i);
            h[i] = opts.hRow(i);
        }
        return new HullEvents(g, h);
    }

    private static double[][] reducedCosts(SplitOptions opts, double lambda) {
        int m = opts.deviceCount();
        double[][] rc = new double[m][];
        for (int i = 0; i < m; i++) {
            double[] g = opts.gRow(i);
            double[] h = opts.hRow(i);
            double min = LagrangianBound.minReduced(g, h, lambda);
            rc[i] = new double[g.length];
            for (int k = 0; k < g.length; k++) {
                rc[i][k] = Math.max(0.0, g[k] + 2 * lambda * h[k] - min);
            }
        }
        return rc;
    }

    /** 1-opt: move single devices to their best option given the others, until no move improves. */
    static void localSearch(SplitOptions opts, int[] choice) {
        int m = choice.length;
        for (int pass = 0; pass < 50; pass++) {
            double gs = 0;
            double hs = 0;
            for (int i = 0; i < m; i++) {
                gs += opts.g(i, choice[i]);
                hs += opts.h(i, choice[i]);
            }
            double total = gs + hs * hs;
            boolean improved = false;
            for (int i = 0; i < m; i++) {
                int cur = choice[i];
                double gCur = opts.g(i, cur);
                double hCur = opts.h(i, cur);
                double others = hs - hCur;
                int best = cur;
                double bestDelta = -RELATIVE_TOLERANCE * 1e-3 * total;
                for (int k = 0; k < opts.optionCount(i); k++) {
                    double hk = opts.h(i, k);
                    double delta = opts.g(i, k) - gCur + (hk - hCur) * (2 * others + hk + hCur);
                    if (delta < bestDelta) {
                        bestDelta = delta;
                        best = k;
                    }
                }
                if (best != cur) {
                    choice[i] = best;
                    hs = others + opts.h(i, best);
                    improved = true;
                }
            }
            if (!improved) {
                return;
            }
        }
    }

    /** The search over the devices that still have a choice: Pareto breadth-first or depth-first. */
    private static final class Search {
        final int m;
        final int free;
        final int[] device;          // device at each depth
        final double[][] g;          // [depth][child], children sorted by reduced cost
        final double[][] h;
        final double[][] rc;
        final int[][] option;        // option index (h order) of each child
        final boolean[] sameAsPrevious;
        final double[] sufMinG;
        final double[] sufMinH;
        final HullEvents events;
        final double lambda;
        final double lagrRoot;
        final double fixedG;
        final double fixedH;
        final int[] base;            // option index per device (fixed devices)
        final SplitOptions opts;
        final int[] assigned;        // option index per depth
        final long deadline;
        final boolean nodeLagrangian;
        double ub;
        int[] incumbent;
        long nodes;
        boolean aborted;
        double minPruned = Double.POSITIVE_INFINITY;
        double openMin = Double.POSITIVE_INFINITY;

        Search(SplitOptions opts, double lambda, double lagr, double[][] rcAll, double ub, int[] incumbent,
               long deadline, boolean nodeLagrangian) {
            this.opts = opts;
            this.nodeLagrangian = nodeLagrangian;
            this.m = opts.deviceCount();
            this.lambda = lambda;
            this.lagrRoot = lagr;
            this.ub = ub;
            this.incumbent = incumbent;
            this.deadline = deadline;
            base = new int[m];
            double fg = 0;
            double fh = 0;
            Integer[] freeList = java.util.stream.IntStream.range(0, m).filter(i -> opts.optionCount(i) > 1)
                    .boxed().toArray(Integer[]::new);
            for (int i = 0; i < m; i++) {
                if (opts.optionCount(i) == 1) {
                    fg += opts.g(i, 0);
                    fh += opts.h(i, 0);
                }
            }
            // Constant part in device order for reproducible rounding.
            fixedG = fg;
            fixedH = fh;
            Comparator<Integer> bySpread = Comparator.comparingDouble(
                    (Integer i) -> -(opts.h(i, opts.optionCount(i) - 1) - opts.h(i, 0)));
            Arrays.sort(freeList, bySpread.thenComparing((x, y) -> compareRows(opts, x, y)).thenComparing(x -> x));
            free = freeList.length;
            device = new int[free];
            g = new double[free][];
            h = new double[free][];
            rc = new double[free][];
            option = new int[free][];
            sameAsPrevious = new boolean[free];
            double[][] gRows = new double[free][];
            double[][] hRows = new double[free][];
            for (int p = 0; p < free; p++) {
                int i = freeList[p];
                device[p] = i;
                gRows[p] = opts.gRow(i);
                hRows[p] = opts.hRow(i);
                int k = opts.optionCount(i);
                final double[] r = rcAll[i];
                Integer[] order = java.util.stream.IntStream.range(0, k).boxed().toArray(Integer[]::new);
                Arrays.sort(order, Comparator.comparingDouble((Integer x) -> r[x]).thenComparing(x -> x));
                g[p] = new double[k];
                h[p] = new double[k];
                rc[p] = new double[k];
                option[p] = new int[k];
                for (int c = 0; c < k; c++) {
                    option[p][c] = order[c];
                    g[p][c] = gRows[p][order[c]];
                    h[p][c] = hRows[p][order[c]];
                    rc[p][c] = r[order[c]];
                }
                sameAsPrevious[p] = p > 0 && compareRows(opts, freeList[p - 1], i) == 0;
            }
            sufMinG = new double[free + 1];
            sufMinH = new double[free + 1];
            for (int p = free - 1; p >= 0; p--) {
                sufMinG[p] = sufMinG[p + 1] + gRows[p][gRows[p].length - 1];
                sufMinH[p] = sufMinH[p + 1] + hRows[p][0];
            }
            events = new HullEvents(gRows, hRows);
            assigned = new int[free];
        }

        private static int compareRows(SplitOptions opts, int x, int y) {
            int c = Integer.compare(opts.optionCount(x), opts.optionCount(y));
            if (c != 0) {
                return c;
            }
            c = Arrays.compare(opts.gRow(x), opts.gRow(y));
            return c != 0 ? c : Arrays.compare(opts.hRow(x), opts.hRow(y));
        }

        void run() {
            double rootSimple = simpleBound(0, fixedG, fixedH);
            dfs(0, fixedG, fixedH, lagrRoot, Math.max(lagrRoot, rootSimple));
        }

        /** Largest number of partial states kept on one level before the search gives up (memory guard). */
        static final int MAX_STATES = 4_000_000;

        /**
         * Breadth-first over the free devices in search order. A level holds the partial states (G_p, H_p) that are
         * not dominated (no other state has both G and H no larger; such a state's best completion is at least as
         * good) and whose Lagrangian node bound can still beat the incumbent. Identical devices collapse into the
         * same states, so no symmetry rule is needed.
         */
        void runPareto() {
            double[] gs = {fixedG};
            double[] hs = {fixedH};
            int count = 1;
            int[][] parents = new int[free][];
            int[][] options = new int[free][];
            double[] bounds = {Math.max(lagrRoot, simpleBound(0, fixedG, fixedH))};
            for (int depth = 0; depth < free; depth++) {
                if (System.nanoTime() > deadline) {
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

        private double simpleBound(int depth, double gp, double hp) {
            double hs = hp + sufMinH[depth];
            return gp + sufMinG[depth] + hs * hs;
        }

        private void dfs(int depth, double gp, double hp, double lagr, double bound) {
            if ((nodes++ & TIME_CHECK_MASK) == 0 && System.nanoTime() > deadline) {
                aborted = true;
            }
            if (aborted) {
                openMin = Math.min(openMin, bound);
                return;
            }
            if (depth == free) {
                double cost = gp + hp * hp;
                if (cost < ub) {
                    ub = cost;
                    int[] choice = base.clone();
                    for (int p = 0; p < free; p++) {
                        choice[device[p]] = assigned[p];
                    }
                    incumbent = opts.splitsOf(choice);
                } else {
                    minPruned = Math.min(minPruned, cost);
                }
                return;
            }
            double[] gRow = g[depth];
            double[] hRow = h[depth];
            double[] rcRow = rc[depth];
            int[] opt = option[depth];
            int floor = sameAsPrevious[depth] ? assigned[depth - 1] : -1;
            for (int c = 0; c < gRow.length; c++) {
                if (opt[c] < floor) {
                    continue; // symmetric to a vector already covered
                }
                double cg = gp + gRow[c];
                double ch = hp + hRow[c];
                double cl = lagr + rcRow[c];
                double b = Math.max(cl, simpleBound(depth + 1, cg, ch));
                if (aborted) {
                    openMin = Math.min(openMin, b);
                    continue;
                }
                double limit = ub - tolerance(ub);
                if (b >= limit) {
                    minPruned = Math.min(minPruned, b);
                    continue;
                }
                if (nodeLagrangian && depth + 1 < free) {
                    events.maximise(depth + 1, cg, ch);
                    b = Math.max(b, events.lastValue);
                    if (b >= limit) {
                        minPruned = Math.min(minPruned, b);
                        continue;
                    }
                }
                assigned[depth] = opt[c];
                dfs(depth + 1, cg, ch, cl, b);
            }
        }
    }
}
