package org.edgeplan.formulations.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * A makespan start for the exact models: the placement of the <i>fluid relaxation</i>, rounded to layer boundaries.
 * Each request may be divided among the nodes that may run all of its subtasks in any proportions {@code x[r][n]} (summing to
 * 1); the linear program minimises C subject to every node's compute time {@code Σ_r x[r][n] W_r / f_n <= C} and, as
 * in Lawler and Labetoulle's LP for preemptive scheduling on unrelated machines (J. ACM 25(4), 1978), every request's
 * own compute time {@code Σ_n x[r][n] W_r / f_n <= C}, since its parts run one after another. Transfers, releases,
 * memory and queue limits are left out: this is a start, not a bound, and the {@link ListScheduler}'s plan is
 * re-scored by the evaluator (which refuses what it must).
 *
 * <p>Rounding: a request's subtasks, in topological order (their id order), go to its nodes in order of its device
 * first, then by node index, each node taking the subtasks whose middle falls inside its share of the request's
 * FLOPs. A basic optimal solution of the LP divides at most as many requests as it has tight load and span rows, so
 * most requests stay whole and a few are cut once or twice, which is how a plan without idle nodes looks when work
 * cannot be split evenly by whole requests.
 *
 * <p>Makespan and dynamic placement only (a per-request division ignores the static mode's shared decisions, and total
 * latency is not a load objective). Measured in docs/pipeline-lns.md: on two of the six known-optimum instances it
 * starts within 0.5-1.6 % of the optimum, where HEFT starts 15 % above; on the other four it is worse than HEFT and
 * the best candidate of {@link PipelineIncumbent} stays HEFT's or another heuristic's. Deterministic (GLOP, one
 * thread).
 */
record FluidPlacement(int[] nodeOf, double fluidSeconds) {
    /** Shares below this are rounding noise of the LP. */
    private static final double SHARE_EPSILON = 1e-9;
    /** Divided requests over at most this many nodes try every order of them, longer ones only the reverse. */
    private static final int MAX_PERMUTED = 3;
    /** Passes of the order search. */
    private static final int MAX_PASSES = 3;

    /**
     * The rounded fluid placement, or {@code null} when it does not apply (total latency, static mode, a request no
     * single node may run whole) or the LP finds no optimum.
     *
     * @return the node of every subtask and C, the LP's optimum in seconds
     */
    static FluidPlacement of(ExactModelInput d) {
        CompiledPipeline c = d.compiled();
        if (c.objective() != PipelineObjective.MAKESPAN || !c.dynamic() || c.subtaskCount() == 0) {
            return null;
        }
        Loader.loadNativeLibraries();
        int requests = c.requestCount();
        int nodes = c.nodeCount();
        double[] work = new double[requests];
        for (int r = 0; r < requests; r++) {
            for (int id = c.firstSubtaskOf(r); id <= c.lastSubtaskOf(r); id++) {
                work[r] += c.flops(id);
            }
        }
        MPSolver lp = MPSolver.createSolver("GLOP");
        if (lp == null) {
            return null;
        }
        try {
            MPVariable span = lp.makeNumVar(0, Double.POSITIVE_INFINITY, "C");
            MPConstraint[] load = new MPConstraint[nodes];
            for (int n = 0; n < nodes; n++) {
                load[n] = lp.makeConstraint(Double.NEGATIVE_INFINITY, 0, "load_" + n);
                load[n].setCoefficient(span, -1);
            }
            MPVariable[][] x = new MPVariable[requests][nodes];
            for (int r = 0; r < requests; r++) {
                MPConstraint whole = lp.makeConstraint(1, 1, "whole_" + r);
                MPConstraint own = lp.makeConstraint(Double.NEGATIVE_INFINITY, 0, "span_" + r);
                own.setCoefficient(span, -1);
                boolean any = false;
                for (int n = 0; n < nodes; n++) {
                    if (!d.candidateForAll(c.firstSubtaskOf(r), c.lastSubtaskOf(r), n)) {
                        continue;
                    }
                    double seconds = work[r] / c.speed(n);
                    x[r][n] = lp.makeNumVar(0, 1, "x_" + r + "_" + n);
                    whole.setCoefficient(x[r][n], 1);
                    load[n].setCoefficient(x[r][n], seconds);
                    own.setCoefficient(x[r][n], seconds);
                    any = true;
                }
                if (!any) {
                    return null;
                }
            }
            lp.objective().setCoefficient(span, 1);
            lp.objective().setMinimization();
            if (lp.solve() != MPSolver.ResultStatus.OPTIMAL) {
                return null;
            }
            double[][] share = new double[requests][nodes];
            List<List<Integer>> order = new ArrayList<>();
            for (int r = 0; r < requests; r++) {
                int device = c.deviceOfRequest(r);
                List<Integer> used = new ArrayList<>();
                for (int n = 0; n < nodes; n++) {
                    share[r][n] = x[r][n] == null ? 0 : Math.max(0, x[r][n].solutionValue());
                    if (share[r][n] > SHARE_EPSILON) {
                        used.add(n);
                    }
                }
                // The device's part first: the model input is there.
                if (used.remove((Integer) device)) {
                    used.add(0, device);
                }
                order.add(used);
            }
            int[] nodeOf = orient(c, share, order);
            return new FluidPlacement(nodeOf, span.solutionValue());
        } finally {
            lp.delete();
        }
    }

    /**
     * The order in which each divided request visits its nodes, improved by first improvement: for each divided
     * request, the other orders of its nodes (every permutation up to {@link #MAX_PERMUTED} nodes, else the reverse)
     * are tried on the list-scheduled plan and kept when the evaluator's makespan drops, or stays and the total latency
     * drops. The LP says how much of a
     * request each node computes but not which part: a device that computes most of a request is better served by
     * its last layers (after an edge started it) when its first layers would make the edge wait until the end.
     */
    private static int[] orient(CompiledPipeline c, double[][] share,
                                List<List<Integer>> order) {
        int[] nodeOf = new int[c.subtaskCount()];
        for (int r = 0; r < c.requestCount(); r++) {
            round(c, c.firstSubtaskOf(r), c.lastSubtaskOf(r), share[r], order.get(r), nodeOf);
        }
        double[] best = score(c, nodeOf);
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean improved = false;
            for (int r = 0; r < c.requestCount(); r++) {
                List<Integer> current = order.get(r);
                if (current.size() < 2) {
                    continue;
                }
                for (List<Integer> other : alternatives(current)) {
                    int[] trial = nodeOf.clone();
                    round(c, c.firstSubtaskOf(r), c.lastSubtaskOf(r), share[r], other, trial);
                    double[] value = score(c, trial);
                    if (better(value, best)) {
                        best = value;
                        nodeOf = trial;
                        current = other;
                        order.set(r, other);
                        improved = true;
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        return nodeOf;
    }

    /** Subtasks {@code from..to} of one request to the nodes of {@code order}, each by the middle of its FLOPs. */
    private static void round(CompiledPipeline c, int from, int to, double[] share, List<Integer> order,
                              int[] nodeOf) {
        double work = 0;
        for (int id = from; id <= to; id++) {
            work += c.flops(id);
        }
        int k = 0;
        double cut = share[order.get(0)] * work;
        double done = 0;
        for (int id = from; id <= to; id++) {
            double middle = done + c.flops(id) / 2;
            while (k < order.size() - 1 && middle > cut) {
                k++;
                cut += share[order.get(k)] * work;
            }
            nodeOf[id] = order.get(k);
            done += c.flops(id);
        }
    }

    private static List<List<Integer>> alternatives(List<Integer> order) {
        List<List<Integer>> all = new ArrayList<>();
        if (order.size() <= MAX_PERMUTED) {
            permutations(new ArrayList<>(), new ArrayList<>(order), all);
            all.remove(order);
        } else {
            List<Integer> reversed = new ArrayList<>(order);
            Collections.reverse(reversed);
            all.add(reversed);
        }
        return all;
    }

    private static void permutations(List<Integer> prefix, List<Integer> rest, List<List<Integer>> out) {
        if (rest.isEmpty()) {
            out.add(new ArrayList<>(prefix));
            return;
        }
        for (int i = 0; i < rest.size(); i++) {
            prefix.add(rest.remove(i));
            permutations(prefix, rest, out);
            rest.add(i, prefix.remove(prefix.size() - 1));
        }
    }

    /**
     * The evaluator's makespan and total latency of the list-scheduled placement (infinite when it refuses the plan).
     * The total breaks ties: when several divided requests end late on one node, turning one of them round does not
     * shorten the makespan yet, but it ends that request earlier, and the next turn can.
     */
    private static double[] score(CompiledPipeline c, int[] nodeOf) {
        double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        for (PipelinePlan plan : schedules(c, nodeOf)) {
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(c.instance(), plan);
            double[] value = evaluation.feasible()
                    ? new double[] {evaluation.makespanSeconds(), evaluation.totalLatencySeconds()} : best;
            if (better(value, best)) {
                best = value;
            }
        }
        return best;
    }

    /**
     * The two list schedules of a placement: {@link ListScheduler} (earliest ready first) and
     * {@link #byBottomLevel} (longest remaining path first).
     */
    static List<PipelinePlan> schedules(CompiledPipeline c, int[] nodeOf) {
        return List.of(ListScheduler.schedule(c.instance(), nodeOf), byBottomLevel(c, nodeOf));
    }

    /**
     * Non-delay list scheduling by bottom level (HLFET, Adam, Chandy and Dickson 1974): each subtask's priority is the
     * longest path from its start to its request's completion on this placement (compute, transfers between nodes,
     * the result's return); whenever a subtask can start earliest on its node, the one with the highest priority
     * among those that can start then goes next. A part of a divided request that another node waits for thus runs
     * first on its node, where earliest-ready-first would interleave it with everything released at the same time.
     * Transfers take their uncontended time; the evaluator re-times the queues.
     */
    static PipelinePlan byBottomLevel(CompiledPipeline c, int[] nodeOf) {
        int count = c.subtaskCount();
        int nodes = c.nodeCount();
        double[] level = new double[count];
        // Ids are topological within a request and requests are independent, so a reverse sweep sees successors first.
        for (int id = count - 1; id >= 0; id--) {
            double tail = c.isSink(id) ? c.resultTransferSeconds(c.requestOf(id), nodeOf[id]) : 0;
            for (int k = c.outStart(id); k < c.outEnd(id); k++) {
                int edge = c.outEdge(k);
                int next = c.consumer(edge);
                tail = Math.max(tail, c.edgeTransferSeconds(edge, nodeOf[id], nodeOf[next]) + level[next]);
            }
            level[id] = c.computeSeconds(id, nodeOf[id]) + tail;
        }
        int[] waiting = new int[count];
        double[] ready = new double[count];
        List<List<Integer>> released = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            released.add(new ArrayList<>());
        }
        for (int id = 0; id < count; id++) {
            waiting[id] = c.inEnd(id) - c.inStart(id);
            if (waiting[id] == 0) {
                ready[id] = c.inputArrivalSeconds(id, nodeOf[id]);
                released.get(nodeOf[id]).add(id);
            }
        }
        double[] free = new double[nodes];
        List<List<Integer>> queues = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            queues.add(new ArrayList<>());
        }
        for (int step = 0; step < count; step++) {
            int bestNode = -1;
            int bestIndex = -1;
            double bestStart = Double.POSITIVE_INFINITY;
            double bestLevel = -1;
            for (int n = 0; n < nodes; n++) {
                List<Integer> candidates = released.get(n);
                for (int i = 0; i < candidates.size(); i++) {
                    int id = candidates.get(i);
                    double start = Math.max(ready[id], free[n]);
                    if (start < bestStart || start == bestStart && level[id] > bestLevel) {
                        bestStart = start;
                        bestLevel = level[id];
                        bestNode = n;
                        bestIndex = i;
                    }
                }
            }
            int id = released.get(bestNode).remove(bestIndex);
            queues.get(bestNode).add(id);
            double finish = bestStart + c.computeSeconds(id, bestNode);
            free[bestNode] = finish;
            for (int k = c.outStart(id); k < c.outEnd(id); k++) {
                int edge = c.outEdge(k);
                int next = c.consumer(edge);
                ready[next] = Math.max(ready[next], c.edgeArrivalSeconds(edge, bestNode, finish, nodeOf[next]));
                if (--waiting[next] == 0) {
                    released.get(nodeOf[next]).add(next);
                }
            }
        }
        List<int[]> plan = new ArrayList<>();
        for (List<Integer> queue : queues) {
            plan.add(queue.stream().mapToInt(Integer::intValue).toArray());
        }
        return new PipelinePlan(plan);
    }

    /** Lexicographically smaller (makespan, total latency), by more than rounding. */
    private static boolean better(double[] a, double[] b) {
        if (a[0] < b[0] * (1 - 1e-12)) {
            return true;
        }
        return a[0] <= b[0] * (1 + 1e-12) && a[1] < b[1] * (1 - 1e-12);
    }
}
