package org.edgeplan.pipeline.bounds;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;

/**
 * A lower bound on the total latency of a problem-B instance that sees node contention: the Lagrangian relaxation of
 * node capacity in a time-indexed form (after Luh and Hoitomt's relaxation for job shops and the time-indexed
 * relaxations of Sousa and Wolsey), maximised by projected subgradient steps. Proof sketch in
 * docs/models/pipeline-bounds.md (section 3).
 *
 * <h2>The relaxation</h2>
 * Cut [0, H) into B slots of length Δ = H / B. In every plan the evaluator accepts, a node runs one subtask at a
 * time, so the time node k spends computing inside slot t, occ(k,t) = Σ_v |[S_v, S_v + p_v) ∩ slot t| over the
 * subtasks on k, is at most Δ. For multipliers λ(k,t) ≥ 0,
 * <pre>
 *   OPT = Σ_r (C_r − a_r)  ≥  Σ_r (C_r − a_r) + Σ_{k,t} λ(k,t) (occ(k,t) − Δ)      for the optimal plan
 *       ≥  Σ_r min over the request's placements and start times of [ (C_r − a_r) + Σ_v g_{n(v)}(S_v, p_v) ]
 *          − Δ Σ_{k,t} λ(k,t)  =: L(λ)
 * </pre>
 * where g_k(S, p) = ∫_S^{S+p} λ_k is the multiplier mass the subtask covers (0 past H). The inner minimum is over
 * each request alone, node queues dropped (the capacity is priced instead), with precedence, transfer delays,
 * release times and allowed nodes kept; memory, static placement, queue limits and link exclusivity are dropped,
 * which only lowers it. With λ = 0 it is the contention-free bound; positive λ charge the requests for the busy
 * slots they use, which is what queueing costs them.
 *
 * <h2>Computing a lower bound on each request's minimum</h2>
 * A dynamic program over (subtask, node, start slot), in topological order, with a last "late" slot [H, ∞) where
 * g = 0. Subtask v on node k with S_v in slot b: S_v ≥ lb(v,k,b) = max(bΔ, ready(v,k)), ready being the
 * contention-free earliest start (section 1 of {@link PipelineLowerBound}); its cost is at least the minimum of
 * g_k over S ∈ [lb, (b+1)Δ] (piecewise linear: the minimum is at an end or where S + p crosses a slot boundary);
 * a predecessor u on k' in slot b' can precede it only if lb(u,k',b') + p(u,k') + transfer(k' → k) ≤ (b+1)Δ (a
 * necessary condition); the request completes no earlier than lb(sink,k,b) + p + result transfer. For a chain,
 * this is a minimum over a superset of the true choices with costs and times no larger, hence a lower bound. Where
 * a subtask has several predecessors the program takes the largest of the predecessors' minima instead of their sum
 * (the ancestors of different predecessors may overlap): every term is ≥ 0, so one branch's cost is a lower bound
 * on the cost of all of them. Summed over requests and lowered by Δ Σ λ, this is a lower bound on L(λ), hence on
 * OPT, for every λ ≥ 0.
 *
 * <h2>Maximising over λ</h2>
 * Projected subgradient with Polyak's step towards a target (an upper bound, e.g. the best heuristic plan's total
 * latency): the subgradient is occ − Δ of the minimising schedules; the step factor halves after
 * {@link Options#patience()} steps without improvement. Every iterate gives a valid bound; the largest is kept.
 * The arithmetic is deterministic (no randomness, no threads), so the same instance and options give the same
 * bound. Floating-point sums are lowered by a relative 1e-9 of their magnitude, as the load bound is.
 *
 * <p>Total latency only: a makespan bound from prices would need deadlines rather than prices, and {@link #compute}
 * rejects makespan instances.
 */
public final class CapacityLagrangianBound {
    /** Relative lowering of the floating-point bound, as in {@link PipelineLowerBound#LOAD_MARGIN}. */
    static final double MARGIN = 1e-9;
    /** The steps end when the step factor, halved after every stall, falls below this. */
    static final double MIN_STEP_FACTOR = 1e-4;

    /**
     * @param slots         number of time slots B over the horizon
     * @param maxIterations subgradient steps at most
     * @param patience      steps without improvement before the step factor halves
     */
    public record Options(int slots, int maxIterations, int patience, double windowSeconds) {
        public Options {
            if (slots < 1 || maxIterations < 0 || patience < 1 || !(windowSeconds > 0)) {
                throw new IllegalArgumentException("slots >= 1, maxIterations >= 0, patience >= 1, window > 0 "
                        + "required");
            }
        }

        /** 1 000 slots, up to 2 000 steps, halving after 10 steps without improvement, no window. */
        public static Options defaults() {
            return new Options(1000, 2000, 10, Double.POSITIVE_INFINITY);
        }

        public Options withSlots(int n) {
            return new Options(n, maxIterations, patience, windowSeconds);
        }

        public Options withMaxIterations(int n) {
            return new Options(slots, n, patience, windowSeconds);
        }

        public Options withPatience(int n) {
            return new Options(slots, maxIterations, n, windowSeconds);
        }

        /**
         * Prices a request's starts only in [release, release + w); later starts are one "late" slot of cost 0
         * (valid: prices are ≥ 0). Smaller windows make a step cheaper; too small a window loosens the bound.
         */
        public Options withWindowSeconds(double w) {
            return new Options(slots, maxIterations, patience, w);
        }
    }

    /**
     * @param seconds        the bound (total latency, seconds); never below {@code contentionFree} minus the margin
     * @param contentionFree the value at λ = 0 (the contention-free bound, through the slots)
     * @param iterations     subgradient steps done
     * @param bestIteration  the step that gave {@code seconds}
     * @param slotSeconds    Δ
     * @param stopReason     why the steps ended
     */
    public record Result(double seconds, double contentionFree, int iterations, int bestIteration,
                         double slotSeconds, String stopReason) {
        /** One line for the CLI and reports. */
        public String describe() {
            return String.format(Locale.ROOT, "node capacity priced in %s-s slots, %d subgradient steps (best at %d, "
                    + "%s)", fmt(slotSeconds), iterations, bestIteration, stopReason);
        }
    }

    private final CompiledPipeline c;
    private final int nn;
    private final int slots;
    private final double horizon;
    private final double delta;
    private final double[] ready;
    private final double[][] lambda;   // [node][slot]
    private final double[][] cum;      // [node][slot + 1]: ∫_0^{tΔ} λ_k
    private final double[][] occ;      // [node][slot]
    // DP buffers, sized for the largest request and window
    private final double[] f;          // [(local subtask * nodes + node) * width + slot - b0]
    private final int[] choice;        // [cell * maxIn + in-edge]: k' * width + (b' - b0) of the predecessor
    private final int maxIn;
    private final int windowSlots;
    private final int[] ptr;
    private final double[] runMin;
    private final int[] runArg;
    private final boolean[] seen;
    private final int[] nodeOf;        // the minimising schedules' placement, by subtask
    // the current request's slots: [b0, bEnd], bEnd the late slot
    private int b0;
    private int bEnd;
    private int width;

    private CapacityLagrangianBound(CompiledPipeline c, double horizon, int slots, double window) {
        this.c = c;
        this.nn = c.nodeCount();
        this.slots = slots;
        this.horizon = horizon;
        this.delta = horizon / slots;
        this.ready = PipelineLowerBound.contentionFreeReady(c);
        PipelineInstance inst = c.instance();
        int layers = 0;
        int maxIn = 1;
        for (int e = 0; e < inst.endpointCount(); e++) {
            layers = Math.max(layers, inst.model(e).layerCount());
        }
        for (int id = 0; id < c.subtaskCount(); id++) {
            maxIn = Math.max(maxIn, c.inEnd(id) - c.inStart(id));
        }
        this.maxIn = maxIn;
        double w = Math.ceil(window / delta);
        windowSlots = w >= slots ? slots : (int) w;
        long cells = (long) layers * nn * (windowSlots + 1);
        MemoryBudget.require("instance '" + inst.name() + "': the Lagrangian bound needs tables of " + layers
                + " layers x " + nn + " nodes x " + (windowSlots + 1) + " slots",
                MemoryBudget.product(cells, Double.BYTES + (long) maxIn * Integer.BYTES)
                        + MemoryBudget.product((long) nn * (slots + 1), 3L * Double.BYTES));
        if (cells * maxIn > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("instance '" + inst.name() + "' is too large for the Lagrangian bound: "
                    + layers + " layers x " + nn + " nodes x " + windowSlots + " slots");
        }
        ptr = new int[maxIn * nn];
        runMin = new double[maxIn * nn];
        runArg = new int[maxIn * nn];
        seen = new boolean[layers];
        nodeOf = new int[c.subtaskCount()];
        f = new double[(int) cells];
        choice = new int[(int) (cells * maxIn)];
        lambda = new double[nn][slots];
        cum = new double[nn][slots + 1];
        occ = new double[nn][slots];
    }

    /**
     * The bound for a validated total-latency instance (makespan: IllegalArgumentException).
     *
     * @param instance    the instance
     * @param upperBound  the total latency of some plan (the step target; also a cap: the search stops when the
     *                    bound reaches it)
     * @param horizon     seconds covered by slots, e.g. that plan's makespan; any positive value is valid
     * @param options     slots and step limits
     * @param deadline    when to stop stepping (the best bound so far is returned)
     */
    public static Result compute(PipelineInstance instance, double upperBound, double horizon, Options options,
                                 Deadline deadline) {
        return compute(new CompiledPipeline(instance), upperBound, horizon, options, deadline, null);
    }

    /**
     * As {@link #compute(PipelineInstance, double, double, Options, Deadline)} on a compiled instance, and after
     * every step hands the
     * placement of the minimising schedules (the node of every subtask, {@code -1} where none was chosen) to
     * {@code placements}, which returns the best objective known so far: a Lagrangian heuristic turns those
     * placements into plans, and a better plan lowers the step target.
     */
    public static Result compute(CompiledPipeline c, double upperBound, double horizon, Options options,
                                 Deadline deadline, ToDoubleFunction<int[]> placements) {
        if (c.objective() != PipelineObjective.TOTAL_LATENCY) {
            throw new IllegalArgumentException("the priced capacity bounds total latency only, not "
                    + c.objective().label());
        }
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            throw new IllegalArgumentException("horizon must be positive and finite, got " + horizon);
        }
        return new CapacityLagrangianBound(c, horizon, options.slots(), options.windowSeconds()).run(upperBound, options,
                deadline, placements);
    }

    private Result run(double upperBound, Options options, Deadline deadline, ToDoubleFunction<int[]> placements) {
        double value0 = evaluate();
        double current = value0;
        double target = Double.isFinite(upperBound) ? upperBound : Double.NaN;
        if (placements != null) {
            target = lower(target, placements.applyAsDouble(nodeOf.clone()));
        }
        double best = value0;
        int bestIteration = 0;
        double theta = 1.0;
        int sinceImprovement = 0;
        int it = 0;
        String stop = "step limit";
        while (it < options.maxIterations()) {
            if (deadline.expired()) {
                stop = "time limit";
                break;
            }
            if (!(target > best)) {
                stop = "reached the target";
                break;
            }
            // Projected: a slot with λ = 0 and spare capacity (s < 0) keeps λ = 0, so it is left out of the norm;
            // that also leaves out every node no endpoint may use (never occupied).
            double norm = 0;
            for (int k = 0; k < nn; k++) {
                for (int t = 0; t < slots; t++) {
                    double s = occ[k][t] - delta;
                    if (lambda[k][t] > 0 || s > 0) {
                        norm += s * s;
                    }
                }
            }
            if (norm == 0) {
                stop = "zero subgradient (the relaxed schedules respect capacity)";
                break;
            }
            double step = theta * (target - current) / norm;
            for (int k = 0; k < nn; k++) {
                for (int t = 0; t < slots; t++) {
                    lambda[k][t] = Math.max(0.0, lambda[k][t] + step * (occ[k][t] - delta));
                }
            }
            it++;
            double v = evaluate();
            current = v;
            if (placements != null) {
                target = lower(target, placements.applyAsDouble(nodeOf.clone()));
            }
            if (v > best) {
                if (v > best + 1e-6 * Math.abs(best)) {
                    sinceImprovement = 0;
                } else {
                    sinceImprovement++;
                }
                best = v;
                bestIteration = it;
            } else {
                sinceImprovement++;
            }
            if (sinceImprovement >= options.patience()) {
                theta /= 2;
                sinceImprovement = 0;
                if (theta < MIN_STEP_FACTOR) {
                    stop = "converged: step factor below 1e-4";
                    break;
                }
            }
        }
        return new Result(best, value0, it, bestIteration, delta, stop);
    }

    private static double lower(double target, double candidate) {
        return Double.isNaN(target) || candidate < target ? candidate : target;
    }

    /** L(λ) lowered by the margin, and occ of the minimising schedules. */
    private double evaluate() {
        double priceMass = 0;
        for (int k = 0; k < nn; k++) {
            double[] cl = cum[k];
            double[] l = lambda[k];
            cl[0] = 0;
            for (int t = 0; t < slots; t++) {
                cl[t + 1] = cl[t] + l[t] * delta;
            }
            priceMass += cl[slots];
            Arrays.fill(occ[k], 0.0);
        }
        Arrays.fill(nodeOf, -1);
        double sum = 0;
        double scale = priceMass;
        for (int r = 0; r < c.requestCount(); r++) {
            double v = request(r);
            sum += v;
            scale += Math.abs(v) + Math.abs(c.releaseSeconds(r));
        }
        return sum - priceMass - MARGIN * scale;
    }

    /** f/choice index of (subtask of the current request, node, slot b in [b0, bEnd]). */
    private int cell(int local, int k, int b) {
        return (local * nn + k) * width + (b - b0);
    }

    /** Λ_k(x) = ∫_0^x λ_k. */
    private double mass(int k, double x) {
        if (x >= horizon) {
            return cum[k][slots];
        }
        int t = (int) (x / delta);
        if (t >= slots) {
            t = slots - 1;
        }
        return cum[k][t] + lambda[k][t] * (x - t * delta);
    }

    private double g(int k, double s, double p) {
        return mass(k, s + p) - mass(k, s);
    }

    /** The start in [lo, hi] minimising g_k(S, p): an end, or where S + p meets a slot boundary. */
    private double bestStart(int k, double lo, double hi, double p) {
        double bestS = lo;
        double best = g(k, lo, p);
        double atHi = g(k, hi, p);
        if (atHi < best) {
            best = atHi;
            bestS = hi;
        }
        double m = Math.ceil((lo + p) / delta) * delta - p;
        if (m > lo && m < hi) {
            double at = g(k, m, p);
            if (at < best) {
                bestS = m;
            }
        }
        return bestS;
    }

    /** Earliest start in slot b of the current request (b = bEnd: the late slot, from bEnd·Δ on). */
    private double slotStart(int b, double readyTime) {
        return Math.max(b == bEnd && bEnd == slots ? horizon : b * delta, readyTime);
    }

    /** Minimum of one request's priced problem (a lower bound on it), and its schedule's occupancy added to occ. */
    private double request(int r) {
        PipelineInstance inst = c.instance();
        int e = c.endpointOfRequest(r);
        int sink = c.sinkOf(r);
        int layers = inst.model(e).layerCount();
        int first = sink - layers + 1;
        int device = c.deviceOf(e);
        double release = c.releaseSeconds(r);
        b0 = Math.min(slots, (int) (release / delta));
        bEnd = Math.min(slots, b0 + windowSlots);
        width = bEnd - b0 + 1;
        double tol = 1e-12 * horizon;
        for (int id = first; id <= sink; id++) {
            int local = id - first;
            int nIn = c.inEnd(id) - c.inStart(id);
            for (int k = 0; k < nn; k++) {
                int base = cell(local, k, b0);
                Arrays.fill(f, base, base + width, Double.POSITIVE_INFINITY);
                if (!inst.allowed(e, k)) {
                    continue;
                }
                double rdy = ready[id * nn + k];
                if (Double.isInfinite(rdy)) {
                    continue;
                }
                double p = c.computeSeconds(id, k);
                int bStart = Math.max(b0, Math.min(bEnd, (int) (rdy / delta)));
                // per in-edge j and predecessor node k': the prefix of the predecessor's slots that may precede b
                for (int q = 0; q < nIn * nn; q++) {
                    ptr[q] = b0;
                    runMin[q] = Double.POSITIVE_INFINITY;
                    runArg[q] = -1;
                }
                for (int b = bStart; b <= bEnd; b++) {
                    boolean late = b == bEnd;
                    double lo = slotStart(b, rdy);
                    double hi = late ? Double.POSITIVE_INFINITY : (b + 1) * delta;
                    if (!late && lo >= hi) {
                        continue;
                    }
                    double predCost = 0;
                    boolean feasible = true;
                    for (int j = 0; j < nIn && feasible; j++) {
                        int edge = c.inStart(id) + j;
                        int u = c.producer(edge);
                        int ul = u - first;
                        double bestPred = Double.POSITIVE_INFINITY;
                        int bestArg = -1;
                        for (int kp = 0; kp < nn; kp++) {
                            if (!inst.allowed(e, kp)) {
                                continue;
                            }
                            double move = kp == k ? 0.0 : c.edgeTransferSeconds(edge, kp, k);
                            if (Double.isInfinite(move)) {
                                continue;
                            }
                            int q = j * nn + kp;
                            double pu = c.computeSeconds(u, kp);
                            double rdyU = ready[u * nn + kp];
                            while (ptr[q] <= bEnd) {
                                int bp = ptr[q];
                                if (!late && slotStart(bp, rdyU) + pu + move > hi + tol) {
                                    break;
                                }
                                double fu = f[cell(ul, kp, bp)];
                                if (fu < runMin[q]) {
                                    runMin[q] = fu;
                                    runArg[q] = kp * width + (bp - b0);
                                }
                                ptr[q]++;
                            }
                            if (runMin[q] < bestPred) {
                                bestPred = runMin[q];
                                bestArg = runArg[q];
                            }
                        }
                        if (bestArg < 0) {
                            feasible = false;
                        } else {
                            predCost = Math.max(predCost, bestPred);
                            choice[cell(local, k, b) * maxIn + j] = bestArg;
                        }
                    }
                    if (!feasible) {
                        continue;
                    }
                    double own = late ? 0.0 : g(k, bestStart(k, lo, hi, p), p);
                    f[cell(local, k, b)] = Math.max(0.0, own) + predCost;
                }
            }
        }
        // the sink's completion
        double best = Double.POSITIVE_INFINITY;
        int bestK = -1;
        int bestB = -1;
        for (int k = 0; k < nn; k++) {
            if (!inst.allowed(e, k)) {
                continue;
            }
            double rdy = ready[sink * nn + k];
            double p = c.computeSeconds(sink, k);
            double back = k == device ? 0.0 : c.resultTransferSeconds(r, k);
            for (int b = b0; b <= bEnd; b++) {
                double fv = f[cell(layers - 1, k, b)];
                if (fv == Double.POSITIVE_INFINITY) {
                    continue;
                }
                double v = fv + (slotStart(b, rdy) + p + back - release);
                if (v < best) {
                    best = v;
                    bestK = k;
                    bestB = b;
                }
            }
        }
        if (bestK < 0) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.fill(seen, false);
        trace(first, sink, bestK, bestB);
        return best;
    }

    /** Adds the occupancy of the minimising choice of subtask {@code id} and its ancestors (each once). */
    private void trace(int first, int id, int k, int b) {
        int local = id - first;
        if (seen[local]) {
            return;
        }
        seen[local] = true;
        nodeOf[id] = k;
        double p = c.computeSeconds(id, k);
        if (b < bEnd && p > 0) {
            double lo = slotStart(b, ready[id * nn + k]);
            double s = bestStart(k, lo, (b + 1) * delta, p);
            addOccupancy(k, s, s + p);
        }
        int nIn = c.inEnd(id) - c.inStart(id);
        for (int j = 0; j < nIn; j++) {
            int arg = choice[cell(local, k, b) * maxIn + j];
            int u = c.producer(c.inStart(id) + j);
            trace(first, u, arg / width, b0 + arg % width);
        }
    }

    private void addOccupancy(int k, double from, double to) {
        double end = Math.min(to, horizon);
        int t = (int) (from / delta);
        while (t < slots && from < end) {
            double slotEnd = Math.min(end, (t + 1) * delta);
            occ[k][t] += slotEnd - from;
            from = slotEnd;
            t++;
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
