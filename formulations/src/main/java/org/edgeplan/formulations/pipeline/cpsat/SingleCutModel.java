package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearExpr;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * Problem B restricted to <i>one cut per request</i>, scheduled exactly by CP-SAT: each request runs whole on one node,
 * or its first k subtasks (in topological order, k chosen by the model) on a node a and the rest on a node b; a node
 * computes one part at a time. This is the split-point decision of the DNN-partitioning literature (Neurosurgeon's one
 * cut per request), freed to any pair of nodes and scheduled with queues, and it is a restriction of problem B: its
 * plans are plans of the full model (re-scored by the {@link PipelineEvaluator}), its optimum is only an upper bound.
 * It is far smaller than the subtask-level model ({@link PipelineCpSatModelBuilder}): per request one interval per
 * node it may use whole and two per ordered pair of nodes, with the cut an integer variable whose part durations and
 * transfer are element constraints. A makespan optimum that needs no request cut twice, like the constructed optima
 * of {@link org.edgeplan.pipeline.instances.KnownOptimumPipelines}, is inside it.
 *
 * <p>Times are integers: {@code units} per second, rounded. Each part runs its subtasks contiguously, so the tail may
 * start once every data edge across the cut has arrived where the tail needs it ({@link #lag}; transfers in parallel,
 * as the evaluator sends them unless links are exclusive, and the evaluator re-times the plan anyway). Dynamic placement only; memory and queue limits are left to the evaluator, which refuses a plan that breaks
 * them.
 */
final class SingleCutModel {
    private SingleCutModel() {
    }

    /**
     * The best plan the restricted model finds within {@code deadline}, scored by the evaluator; {@code null} when it
     * does not apply (static placement, a request no node may run whole) or finds no plan the evaluator accepts.
     *
     * @param horizonSeconds an upper bound on the objective's horizon: no part ends later (e.g. 1.5 times the
     *                       makespan of a known plan)
     * @param hint           a plan to hint (its requests that are cut at most once, as it times them), or null
     */
    static PipelinePlan solve(ExactModelInput d, double horizonSeconds, PipelineEvaluation hint,
                              SolverSettings settings, Deadline deadline) {
        CompiledPipeline c = d.compiled();
        if (!c.dynamic() || !(horizonSeconds > 0) || deadline.remainingSeconds() <= 0.05) {
            return null;
        }
        Loader.loadNativeLibraries();
        double units = HORIZON_UNITS / horizonSeconds;
        long horizon = HORIZON_UNITS;
        int requests = c.requestCount();
        int nodes = c.nodeCount();
        CpModel model = new CpModel();
        List<List<IntervalVar>> perNode = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            perNode.add(new ArrayList<>());
        }
        List<List<Choice>> choices = new ArrayList<>();
        IntVar[] completion = new IntVar[requests];
        for (int r = 0; r < requests; r++) {
            int size = c.lastSubtaskOf(r) - c.firstSubtaskOf(r) + 1;
            List<Integer> usable = new ArrayList<>();
            for (int n = 0; n < nodes; n++) {
                if (d.candidateForAll(c.firstSubtaskOf(r), c.lastSubtaskOf(r), n)
                        && Double.isFinite(c.inputTransferSeconds(c.firstSubtaskOf(r), n))
                        && Double.isFinite(c.resultTransferSeconds(r, n))) {
                    usable.add(n);
                }
            }
            if (usable.isEmpty()) {
                return null;
            }
            completion[r] = model.newIntVar(0, horizon, "completion_" + r);
            List<Choice> options = new ArrayList<>();
            long release = Math.round(c.releaseSeconds(r) * units);
            for (int a : usable) {
                for (int b : usable) {
                    if (a != b && size < 2) {
                        continue;
                    }
                    BoolVar chosen = model.newBoolVar("r" + r + "_" + a + "_" + b);
                    long in = Math.round(c.inputTransferSeconds(c.firstSubtaskOf(r), a) * units);
                    long out = Math.round(c.resultTransferSeconds(r, b) * units);
                    IntVar start1 = model.newIntVar(release + in, horizon, "s1");
                    if (a == b) {
                        long duration = Math.round(seconds(c, c.firstSubtaskOf(r), c.lastSubtaskOf(r) + 1, a) * units);
                        IntVar end = model.newIntVar(0, horizon, "e");
                        perNode.get(a).add(model.newOptionalIntervalVar(start1, LinearExpr.constant(duration), end,
                                chosen, "whole"));
                        model.addGreaterOrEqual(completion[r], LinearExpr.affine(end, 1, out)).onlyEnforceIf(chosen);
                        options.add(new Choice(chosen, a, b, null, start1, null));
                        continue;
                    }
                    // Cut after the first k subtasks, 1 <= k <= size - 1.
                    long[] before = new long[size + 1];
                    long[] after = new long[size + 1];
                    long[] lag = new long[size + 1];
                    for (int k = 1; k < size; k++) {
                        before[k] = Math.round(seconds(c, c.firstSubtaskOf(r), c.firstSubtaskOf(r) + k, a) * units);
                        after[k] = Math.round(seconds(c, c.firstSubtaskOf(r) + k, c.lastSubtaskOf(r) + 1, b) * units);
                        lag[k] = Math.min(horizon, Math.round(lag(c, c.firstSubtaskOf(r), c.firstSubtaskOf(r) + k, c.lastSubtaskOf(r), a, b) * units));
                    }
                    IntVar cut = model.newIntVar(1, size - 1, "k");
                    IntVar size1 = model.newIntVar(0, horizon, "d1");
                    IntVar size2 = model.newIntVar(0, horizon, "d2");
                    IntVar delay = model.newIntVar(0, horizon, "lag");
                    model.addElement(cut, before, size1);
                    model.addElement(cut, after, size2);
                    model.addElement(cut, lag, delay);
                    IntVar end1 = model.newIntVar(0, horizon, "e1");
                    IntVar start2 = model.newIntVar(0, horizon, "s2");
                    IntVar end2 = model.newIntVar(0, horizon, "e2");
                    perNode.get(a).add(model.newOptionalIntervalVar(start1, size1, end1, chosen, "head"));
                    perNode.get(b).add(model.newOptionalIntervalVar(start2, size2, end2, chosen, "tail"));
                    model.addGreaterOrEqual(LinearExpr.newBuilder().add(start2).addTerm(start1, -1).addTerm(delay, -1)
                            .build(), 0).onlyEnforceIf(chosen);
                    model.addGreaterOrEqual(completion[r], LinearExpr.affine(end2, 1, out)).onlyEnforceIf(chosen);
                    options.add(new Choice(chosen, a, b, cut, start1, start2));
                }
            }
            model.addExactlyOne(options.stream().map(Choice::chosen).toArray(BoolVar[]::new));
            choices.add(options);
        }
        for (List<IntervalVar> intervals : perNode) {
            if (intervals.size() > 1) {
                model.addNoOverlap(intervals);
            }
        }
        if (c.objective() == PipelineObjective.MAKESPAN) {
            IntVar makespan = model.newIntVar(0, horizon, "makespan");
            model.addMaxEquality(makespan, completion);
            model.minimize(makespan);
        } else {
            model.minimize(LinearExpr.sum(completion));
        }
        if (hint != null) {
            addHint(model, c, choices, hint, units, horizon);
        }
        CpSolver solver = new CpSolver();
        solver.getParameters().setMaxTimeInSeconds(Math.max(0.01, deadline.remainingSeconds()))
                .setNumWorkers(settings.threads())
                .setRandomSeed((int) (settings.nativeSeed() & Integer.MAX_VALUE))
                .setLogSearchProgress(false);
        CpSolverStatus status = solver.solve(model);
        if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
            return null;
        }
        PipelinePlan plan = extract(c, choices, solver);
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(c.instance(), plan);
        return evaluation.feasible() ? plan : null;
    }

    /** Parts in the order the model starts them on each node, each part's subtasks in id (topological) order. */
    private static PipelinePlan extract(CompiledPipeline c, List<List<Choice>> choices,
                                        CpSolver solver) {
        List<List<long[]>> parts = new ArrayList<>();   // per node: {start, request, from, to}
        for (int n = 0; n < c.nodeCount(); n++) {
            parts.add(new ArrayList<>());
        }
        for (int r = 0; r < choices.size(); r++) {
            for (Choice choice : choices.get(r)) {
                if (!solver.booleanValue(choice.chosen())) {
                    continue;
                }
                if (choice.cut() == null) {
                    parts.get(choice.a()).add(new long[] {solver.value(choice.start1()), r, c.firstSubtaskOf(r), c.lastSubtaskOf(r) + 1});
                } else {
                    int k = (int) solver.value(choice.cut());
                    parts.get(choice.a()).add(new long[] {solver.value(choice.start1()), r, c.firstSubtaskOf(r), c.firstSubtaskOf(r) + k});
                    parts.get(choice.b()).add(new long[] {solver.value(choice.start2()), r, c.firstSubtaskOf(r) + k,
                            c.lastSubtaskOf(r) + 1});
                }
            }
        }
        List<int[]> queues = new ArrayList<>();
        for (List<long[]> list : parts) {
            list.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1])
                    .thenComparingLong(p -> p[2]));
            List<Integer> queue = new ArrayList<>();
            for (long[] p : list) {
                for (int id = (int) p[2]; id < p[3]; id++) {
                    queue.add(id);
                }
            }
            queues.add(queue.stream().mapToInt(Integer::intValue).toArray());
        }
        return new PipelinePlan(queues);
    }

    /** Seconds to compute subtasks {@code from..to-1} on {@code node}. */
    static double seconds(CompiledPipeline c, int from, int to, int node) {
        double total = 0;
        for (int id = from; id < to; id++) {
            total += c.computeSeconds(id, node);
        }
        return total;
    }

    /**
     * How long after the head starts the tail may start, both running contiguously in id order (head on a, tail on
     * b): for every data edge u → v across the cut, u finishes at the head's start plus the head's compute up to u,
     * its output arrives a transfer later, and v starts at the tail's start plus the tail's compute before v; the
     * largest difference. Exact for such contiguous parts; the evaluator re-times the plan anyway. Infinite without a
     * channel.
     */
    static double lag(CompiledPipeline c, int from, int cut, int last, int a, int b) {
        double[] headDone = new double[cut - from];
        double done = 0;
        for (int id = from; id < cut; id++) {
            done += c.computeSeconds(id, a);
            headDone[id - from] = done;
        }
        double[] tailBefore = new double[last - cut + 1];
        double before = 0;
        for (int id = cut; id <= last; id++) {
            tailBefore[id - cut] = before;
            before += c.computeSeconds(id, b);
        }
        double longest = 0;
        for (int id = from; id < cut; id++) {
            for (int k = c.outStart(id); k < c.outEnd(id); k++) {
                int edge = c.outEdge(k);
                int consumer = c.consumer(edge);
                if (consumer >= cut && consumer <= last) {
                    longest = Math.max(longest, headDone[id - from] + c.edgeTransferSeconds(edge, a, b)
                            - tailBefore[consumer - cut]);
                }
            }
        }
        return longest;
    }

    /** Time units across the horizon (resolution of the restricted model). */
    private static final long HORIZON_UNITS = 200_000;

    private record Choice(BoolVar chosen, int a, int b, IntVar cut, IntVar start1, IntVar start2) {
    }

    /**
     * Hints the choice of every request that {@code hint} runs whole or cut once (its subtasks in id order on at most
     * two nodes, one run each), with its start times; requests it divides more are left to the solver.
     */
    private static void addHint(CpModel model, CompiledPipeline c, List<List<Choice>> choices,
                                PipelineEvaluation hint, double units, long horizon) {
        for (int r = 0; r < choices.size(); r++) {
            int a = hint.nodeOf(c.firstSubtaskOf(r));
            int k = 1;
            while (c.firstSubtaskOf(r) + k <= c.lastSubtaskOf(r) && hint.nodeOf(c.firstSubtaskOf(r) + k) == a) {
                k++;
            }
            int b = c.firstSubtaskOf(r) + k <= c.lastSubtaskOf(r) ? hint.nodeOf(c.firstSubtaskOf(r) + k) : a;
            boolean single = true;
            for (int id = c.firstSubtaskOf(r) + k; id <= c.lastSubtaskOf(r); id++) {
                single &= hint.nodeOf(id) == b;
            }
            if (!single) {
                continue;
            }
            for (Choice choice : choices.get(r)) {
                boolean match = choice.a() == a && choice.b() == b;
                model.addHint(choice.chosen(), match ? 1 : 0);
                if (!match) {
                    continue;
                }
                model.addHint(choice.start1(), Math.min(horizon, Math.round(hint.startSeconds(c.firstSubtaskOf(r)) * units)));
                if (choice.cut() != null) {
                    model.addHint(choice.cut(), k);
                    model.addHint(choice.start2(), Math.min(horizon,
                            Math.round(hint.startSeconds(c.firstSubtaskOf(r) + k) * units)));
                }
            }
        }
    }
}
