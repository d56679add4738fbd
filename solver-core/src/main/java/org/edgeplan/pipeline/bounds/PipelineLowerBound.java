package org.edgeplan.pipeline.bounds;

import java.util.Arrays;
import java.util.Locale;
import java.util.PriorityQueue;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;

/**
 * A proven lower bound on the optimum of a problem-B instance, in the instance's objective units (seconds of total
 * latency or of makespan, per {@link PipelineInstance#objective()}): no plan that {@link PipelineEvaluator} accepts
 * scores below it. Used to report gaps where no exact solver finishes. {@link #seconds()} is the largest of the
 * bounds below; {@link #relaxation()} names the one that gave it.
 *
 * <h2>1. Contention-free (exact arithmetic, no margin)</h2>
 * Each request alone, nodes and links free, every layer on its best allowed node independently of its siblings:
 * <pre>
 *   ready(v,k) = release + transfer(input, device -> k)                 (v a source; 0 when k = device)
 *   ready(v,k) = max over predecessors u of min over allowed k' of (eft(u,k') + transfer(out(u), k' -> k))
 *   eft(v,k)   = ready(v,k) + flops(v) / speed(k),   k allowed for the endpoint (else +inf)
 *   C_lb(r)    = min over allowed k of eft(sink,k) + transfer(result, k -> device)
 * </pre>
 * <i>Proof.</i> Take any plan the evaluator accepts and let n(v) be the node of subtask v. By induction in
 * topological order, the evaluator's ready time of v is at least ready(v, n(v)) and its finish at least
 * eft(v, n(v)): a source's input arrives at release + transfer (an exclusive link may only delay it); each
 * predecessor's data arrives at finish(u) + transfer(n(u) -> n(v)) or later, which is at least
 * eft(u, n(u)) + transfer(n(u) -> n(v)), hence at least the min over k'; the start is max(node free, ready) ≥ ready.
 * Likewise the completion is at least C_lb(r). Nothing here depends on node queues, memory, static placement or
 * queue limits, which the relaxation drops; allowed nodes are respected and a missing channel is an infinite
 * transfer. The bound evaluates exactly the evaluator's expressions ({@link PipelineInstance#transferSeconds},
 * {@code flops / speed} from the shared compiled arrays), in the same order, and IEEE addition, {@code max} and
 * {@code min} are monotone, so the inequalities hold in floating point too, not only in real numbers. Total
 * latency LB = Σ_r (C_lb(r) − release(r)) summed in request order as the evaluator sums; makespan LB = max_r
 * C_lb(r). For a chain (each layer one predecessor) and one request this is the exact optimum (a shortest path
 * over (layer, node) choices); for DAGs it lets each predecessor choose its node independently. +Infinity means
 * some request cannot complete on any placement: no plan is feasible.
 *
 * <h2>2. Load (work over capacity), with a relative safety margin of 1e-9</h2>
 * Per subtask, the head h(v) = min_k ready(v,k) (it cannot start earlier) and the tail q(v) = min_k of the
 * contention-free time from v's finish on k to its request's completion (computed backwards like the forward
 * pass); every layer precedes the sink, so a request's work all finishes by C(r) − q(sink). A set of nodes of
 * total speed S (FLOP/s) processes at most S·Δ FLOPs in any interval of length Δ. Groups of work: all subtasks on
 * all nodes some endpoint may use, and each endpoint's subtasks on its allowed nodes.
 * <ul>
 *   <li>Makespan: for a group and a threshold t, the subtasks J with h ≥ t all run inside
 *   [t, C_max − min_J q], so C_max ≥ t + flops(J) / S + min_J q; symmetrically with the subtasks whose tail is at
 *   least q: C_max ≥ min_J h + flops(J) / S + q. Every threshold is tried (one sort each).</li>
 *   <li>Total latency: merge a group's nodes into one machine of speed S that may preempt and share. Request r's
 *   work flops(r) / S is released at ρ(r) = min over its sources of h and all done by F(r) ≤ C(r) − q(sink); any
 *   plan gives such a fluid schedule, preemptive EDF turns it into a single-machine preemptive schedule finishing
 *   each request by F(r), and SRPT minimises Σ F on one machine with releases and preemption
 *   (1|r_j,pmtn|ΣC_j). So Σ_r (C(r) − release(r)) ≥ SRPT + Σ q(sink_r) − Σ release(r). Applied to all requests at
 *   once, and per endpoint where each endpoint contributes the larger of its own contention-free and SRPT sums.</li>
 * </ul>
 * These inequalities hold in real numbers; their floating-point values are lowered by 1e-9 times the magnitude of
 * the summed terms, far more than the accumulated rounding, so the evaluator's rounding never puts a plan below.
 *
 * <h2>3. First blocks (total latency, every request released at one instant, chain models)</h2>
 * Each request charged to the node of its first layer and its first block ordered among the blocks charged there
 * (position costs), plus the least time from the block's end to completion, assigned at least cost:
 * {@link FirstBlockBound}, which has the proof sketch; lowered by 1e-10 of its magnitude. It sees the queueing of
 * requests released together, exactly where each runs whole on one node (a wave of the contended family), and is
 * what makes the release-group bound ({@link ReleaseGroupBound}) prove {@code scaled-vgg5-e16-s4-r45} optimal.
 *
 * @param seconds               the bound, in the objective's seconds (+Infinity: no feasible plan exists)
 * @param relaxation            {@code contention-free}, {@code load} or {@code first-block}: which relaxation gave it
 * @param detail                one line on how the bound arose
 * @param contentionFreeSeconds the contention-free bound alone
 * @param loadSeconds           the best load-based bound (−Infinity when none was computed); for total latency it
 *                              includes the per-endpoint form, which takes the contention-free sum where that is
 *                              larger, so it is often the contention-free value less the margin
 * @param firstBlockSeconds     the first-block bound (NaN where not computed: makespan, requests released at
 *                              different times, models that are not chains, very large instances)
 */
public record PipelineLowerBound(double seconds, String relaxation, String detail, double contentionFreeSeconds,
                                 double loadSeconds, double firstBlockSeconds) {
    /** Relative lowering of the load bounds, to stay below the evaluator despite floating-point rounding. */
    static final double LOAD_MARGIN = 1e-9;

    /** The strongest valid bound of a validated instance. */
    public static PipelineLowerBound of(PipelineInstance instance) {
        return of(new CompiledPipeline(instance));
    }

    /** The same for an instance already compiled. */
    public static PipelineLowerBound of(CompiledPipeline compiled) {
        return new Computation(compiled).run();
    }

    /**
     * The contention-free earliest start of every subtask on every node, {@code [id * nodes + node]} (+Infinity
     * where the node is not allowed or unreachable): section 1's ready(v,k), a lower bound on the evaluator's ready
     * time of v whenever v runs on k.
     */
    static double[] contentionFreeReady(CompiledPipeline compiled) {
        Computation computation = new Computation(compiled);
        for (int r = 0; r < compiled.requestCount(); r++) {
            computation.forward(r);
        }
        return computation.ready;
    }

    /** One line: value, objective and relaxation. */
    public String describe(PipelineObjective objective) {
        return String.format(Locale.ROOT, "%s >= %.6g s (%s: %s)", objective.label(), seconds, relaxation, detail);
    }

    private static final class Computation {
        private final CompiledPipeline c;
        private final PipelineInstance inst;
        private final int nn;
        private final boolean[][] allowed;
        private final double[] ready;     // [id * nn + k]
        private final double[] eft;
        private final double[] tail;
        private final double[] head;      // min over k
        private final double[] tailMin;
        private final double[] completionLb;

        Computation(CompiledPipeline c) {
            this.c = c;
            this.inst = c.instance();
            this.nn = c.nodeCount();
            int ne = inst.endpointCount();
            allowed = new boolean[ne][nn];
            for (int e = 0; e < ne; e++) {
                for (int k = 0; k < nn; k++) {
                    allowed[e][k] = inst.allowed(e, k);
                }
            }
            long cells = (long) c.subtaskCount() * nn;
            if (cells > Integer.MAX_VALUE - 8) {
                throw new InvalidInputException("instance '" + inst.name() + "' is too large for the lower bound: "
                        + c.subtaskCount() + " subtasks x " + nn + " nodes");
            }
            MemoryBudget.require("instance '" + inst.name() + "': the lower bound needs three tables of "
                    + c.subtaskCount() + " subtasks x " + nn + " nodes", MemoryBudget.product(cells, 3 * Double.BYTES));
            ready = new double[(int) cells];
            eft = new double[(int) cells];
            tail = new double[(int) cells];
            head = new double[c.subtaskCount()];
            tailMin = new double[c.subtaskCount()];
            completionLb = new double[c.requestCount()];
        }

        PipelineLowerBound run() {
            for (int r = 0; r < c.requestCount(); r++) {
                forward(r);
            }
            boolean makespan = inst.objective() == PipelineObjective.MAKESPAN;
            // Exactly the evaluator's aggregation (PipelineSimulator.objective), so no margin is needed.
            double total = 0;
            double last = Double.NEGATIVE_INFINITY;
            int worst = 0;
            for (int r = 0; r < c.requestCount(); r++) {
                total += completionLb[r] - c.releaseSeconds(r);
                if (completionLb[r] > last) {
                    last = completionLb[r];
                    worst = r;
                }
            }
            double contentionFree = makespan ? last : total;
            if (Double.isInfinite(contentionFree)) {
                return new PipelineLowerBound(contentionFree, "contention-free",
                        "request " + requestLabel(worst) + " cannot complete on any allowed placement (missing "
                                + "channels): no plan is feasible", contentionFree, Double.NEGATIVE_INFINITY,
                        Double.NaN);
            }
            for (int r = 0; r < c.requestCount(); r++) {
                backward(r);
            }
            Load load = makespan ? makespanLoad() : totalLatencyLoad();
            double firstBlock = FirstBlockBound.seconds(c, tail);
            if (firstBlock > Math.max(contentionFree, load.seconds)) {
                return new PipelineLowerBound(firstBlock, "first-block", "the requests, all released together, "
                        + "ordered on the node where each starts (position costs)", contentionFree, load.seconds,
                        firstBlock);
            }
            if (load.seconds > contentionFree) {
                return new PipelineLowerBound(load.seconds, "load", load.detail, contentionFree, load.seconds,
                        firstBlock);
            }
            String detail = makespan
                    ? "each request alone on free nodes and links; the last completes no earlier than "
                    + format(last) + " s (request " + requestLabel(worst) + ")"
                    : "each request alone on free nodes and links, each layer on its best allowed node; summed "
                    + "over " + c.requestCount() + " requests";
            return new PipelineLowerBound(contentionFree, "contention-free", detail, contentionFree, load.seconds,
                    firstBlock);
        }

        private void forward(int r) {
            int e = c.endpointOfRequest(r);
            int sink = c.sinkOf(r);
            int first = sink - inst.model(e).layerCount() + 1;
            int device = c.deviceOf(e);
            double release = c.releaseSeconds(r);
            boolean[] ok = allowed[e];
            for (int id = first; id <= sink; id++) {
                double lowest = Double.POSITIVE_INFINITY;
                for (int k = 0; k < nn; k++) {
                    int cell = id * nn + k;
                    if (!ok[k]) {
                        ready[cell] = Double.POSITIVE_INFINITY;
                        eft[cell] = Double.POSITIVE_INFINITY;
                        continue;
                    }
                    double rdy;
                    if (c.isSource(id)) {
                        rdy = device == k ? release
                                : release + inst.transferSeconds(device, k, c.inputBytes(e));
                    } else {
                        rdy = Double.NEGATIVE_INFINITY;
                        for (int j = c.inStart(id); j < c.inEnd(id); j++) {
                            int u = c.producer(j);
                            double best = Double.POSITIVE_INFINITY;
                            for (int from = 0; from < nn; from++) {
                                if (!ok[from]) {
                                    continue;
                                }
                                double done = eft[u * nn + from];
                                double arrival = from == k ? done
                                        : done + inst.transferSeconds(from, k, c.outputBytes(u));
                                best = Math.min(best, arrival);
                            }
                            rdy = Math.max(rdy, best);
                        }
                    }
                    ready[cell] = rdy;
                    eft[cell] = rdy + c.flops(id) / c.speed(k);
                    lowest = Math.min(lowest, rdy);
                }
                head[id] = lowest;
            }
            double best = Double.POSITIVE_INFINITY;
            for (int k = 0; k < nn; k++) {
                if (!ok[k]) {
                    continue;
                }
                double done = eft[sink * nn + k];
                best = Math.min(best, k == device ? done
                        : done + inst.transferSeconds(k, device, c.resultBytes(e)));
            }
            completionLb[r] = best;
        }

        /** tail(v,k): least time from v's finish on k to its request's completion, contention-free. */
        private void backward(int r) {
            int e = c.endpointOfRequest(r);
            int sink = c.sinkOf(r);
            int first = sink - inst.model(e).layerCount() + 1;
            int device = c.deviceOf(e);
            boolean[] ok = allowed[e];
            for (int id = sink; id >= first; id--) {
                double lowest = Double.POSITIVE_INFINITY;
                for (int k = 0; k < nn; k++) {
                    int cell = id * nn + k;
                    if (!ok[k]) {
                        tail[cell] = Double.POSITIVE_INFINITY;
                        continue;
                    }
                    double q;
                    if (id == sink) {
                        q = k == device ? 0.0 : inst.transferSeconds(k, device, c.resultBytes(e));
                    } else {
                        q = 0.0;
                        for (int s = c.outStart(id); s < c.outEnd(id); s++) {
                            int w = c.consumer(c.outEdge(s));
                            double best = Double.POSITIVE_INFINITY;
                            for (int to = 0; to < nn; to++) {
                                if (!ok[to]) {
                                    continue;
                                }
                                double move = to == k ? 0.0 : inst.transferSeconds(k, to, c.outputBytes(id));
                                best = Math.min(best, move + c.flops(w) / c.speed(to) + tail[w * nn + to]);
                            }
                            q = Math.max(q, best);
                        }
                    }
                    tail[cell] = q;
                    lowest = Math.min(lowest, q);
                }
                tailMin[id] = lowest;
            }
        }

        private record Load(double seconds, String detail) {
        }

        /** Total speed of the nodes endpoint e may use, or any endpoint when e < 0. */
        private double capacity(int e) {
            double s = 0;
            for (int k = 0; k < nn; k++) {
                boolean usable = false;
                if (e >= 0) {
                    usable = allowed[e][k];
                } else {
                    for (boolean[] row : allowed) {
                        usable |= row[k];
                    }
                }
                if (usable) {
                    s += c.speed(k);
                }
            }
            return s;
        }

        private Load makespanLoad() {
            Load best = new Load(Double.NEGATIVE_INFINITY, "");
            for (int e = -1; e < inst.endpointCount(); e++) {
                if (e >= 0 && inst.endpointCount() == 1) {
                    break;
                }
                int[] members = subtasksOf(e);
                double speed = capacity(e);
                String group = e < 0 ? "all subtasks" : "endpoint '" + inst.endpoint(e).name() + "'";
                best = better(best, thresholdBound(members, head, tailMin, speed, group, true));
                best = better(best, thresholdBound(members, tailMin, head, speed, group, false));
            }
            return best;
        }

        /**
         * Sorted by {@code key} descending: the subtasks with key at least t need flops / speed inside a window
         * that starts (heads) or ends (tails) t away, and the other side is bounded by the min of {@code other}.
         */
        private Load thresholdBound(int[] members, double[] key, double[] other, double speed, String group,
                                    boolean byHead) {
            Integer[] order = new Integer[members.length];
            for (int i = 0; i < members.length; i++) {
                order[i] = members[i];
            }
            Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
            double flops = 0;
            double otherMin = Double.POSITIVE_INFINITY;
            double best = Double.NEGATIVE_INFINITY;
            double bestT = 0;
            double bestFlops = 0;
            for (Integer id : order) {
                flops += c.flops(id);
                otherMin = Math.min(otherMin, other[id]);
                double t = key[id];
                double work = flops / speed;
                double value = t + work + otherMin;
                value -= LOAD_MARGIN * (Math.abs(t) + work + Math.abs(otherMin));
                if (value > best) {
                    best = value;
                    bestT = t;
                    bestFlops = flops;
                }
            }
            String detail = String.format(Locale.ROOT, "%s: %.4g GFLOP %s %.6g s must run on nodes of %.4g GFLOP/s "
                            + "in total", group, bestFlops / 1e9, byHead ? "that cannot start before"
                            : "whose results still need at least", bestT, speed / 1e9);
            return new Load(best, detail);
        }

        private int[] subtasksOf(int e) {
            if (e < 0) {
                int[] all = new int[c.subtaskCount()];
                Arrays.setAll(all, i -> i);
                return all;
            }
            int from = inst.subtaskId(e, 0, 0);
            int to = from + inst.endpoint(e).requestCount() * inst.model(e).layerCount();
            int[] ids = new int[to - from];
            Arrays.setAll(ids, i -> from + i);
            return ids;
        }

        private Load totalLatencyLoad() {
            int ne = inst.endpointCount();
            int[] all = new int[c.requestCount()];
            Arrays.setAll(all, i -> i);
            double whole = srptLatency(all, capacity(-1));
            Load best = new Load(whole, String.format(Locale.ROOT, "all %d requests' work on one machine of the "
                    + "total speed %.4g GFLOP/s, shortest remaining work first", c.requestCount(), capacity(-1) / 1e9));
            if (ne > 1) {
                double sum = 0;
                double scale = 0;
                int loadWins = 0;
                for (int e = 0; e < ne; e++) {
                    int[] mine = new int[inst.endpoint(e).requestCount()];
                    int base = inst.requestId(e, 0);
                    Arrays.setAll(mine, i -> base + i);
                    double free = 0;
                    for (int r : mine) {
                        free += completionLb[r] - c.releaseSeconds(r);
                    }
                    double fluid = srptLatency(mine, capacity(e));
                    if (fluid > free) {
                        loadWins++;
                    }
                    sum += Math.max(free, fluid);
                    scale += Math.abs(Math.max(free, fluid));
                }
                sum -= LOAD_MARGIN * scale;
                best = better(best, new Load(sum, String.format(Locale.ROOT, "per endpoint the larger of its "
                        + "contention-free sum and its requests' work on one machine of its nodes' total speed "
                        + "(load larger for %d of %d endpoints)", loadWins, ne)));
            }
            return best;
        }

        /** Σ (C − release) ≥ SRPT Σ F + Σ q − Σ release, lowered by the margin. */
        private double srptLatency(int[] requests, double speed) {
            int m = requests.length;
            double[] release = new double[m];
            double[] work = new double[m];
            double scale = 0;
            double constant = 0;
            for (int i = 0; i < m; i++) {
                int r = requests[i];
                int sink = c.sinkOf(r);
                int first = sink - inst.model(c.endpointOfRequest(r)).layerCount() + 1;
                double rho = Double.POSITIVE_INFINITY;
                double flops = 0;
                for (int id = first; id <= sink; id++) {
                    if (c.isSource(id)) {
                        rho = Math.min(rho, head[id]);
                    }
                    flops += c.flops(id);
                }
                release[i] = rho;
                work[i] = flops / speed;
                constant += tailMin[sink] - c.releaseSeconds(r);
                scale += Math.abs(tailMin[sink]) + Math.abs(c.releaseSeconds(r));
            }
            double sumF = srpt(release, work);
            scale += Math.abs(sumF);
            return sumF + constant - LOAD_MARGIN * scale;
        }

        private static Load better(Load a, Load b) {
            return b.seconds > a.seconds ? b : a;
        }

        private String requestLabel(int r) {
            int e = c.endpointOfRequest(r);
            return inst.endpoint(e).name() + "/" + (r - inst.requestId(e, 0));
        }
    }

    /** Σ completion times of preemptive SRPT on one machine (optimal for 1|r_j,pmtn|ΣC_j). */
    static double srpt(double[] release, double[] work) {
        int m = release.length;
        Integer[] byRelease = new Integer[m];
        for (int i = 0; i < m; i++) {
            byRelease[i] = i;
        }
        Arrays.sort(byRelease, (a, b) -> Double.compare(release[a], release[b]));
        // Entries: {remaining work, job}; smallest remaining first.
        PriorityQueue<double[]> ready = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
        double now = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int next = 0;
        while (next < m || !ready.isEmpty()) {
            if (ready.isEmpty()) {
                now = Math.max(now, release[byRelease[next]]);
            }
            while (next < m && release[byRelease[next]] <= now) {
                ready.add(new double[] {work[byRelease[next]], byRelease[next]});
                next++;
            }
            double[] job = ready.poll();
            double nextRelease = next < m ? release[byRelease[next]] : Double.POSITIVE_INFINITY;
            if (now + job[0] <= nextRelease) {
                now += job[0];
                sum += now;
            } else {
                job[0] -= nextRelease - now;
                now = nextRelease;
                ready.add(job);
            }
        }
        return sum;
    }

    private static String format(double seconds) {
        return String.format(Locale.ROOT, "%.6g", seconds);
    }
}
