package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.google.ortools.Loader;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverSolutionCallback;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.DispatchScheduler;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * A makespan start that balances node loads exactly: each request runs whole on one node or is cut once (its first k
 * subtasks in topological order on a node a, the rest on a node b), and CP-SAT chooses these options to minimise the
 * largest compute load of any node, with every request's own span (head, transfer lag, tail) below it too. No times
 * are modelled: the loads are realised by ordering every node's queue as McNaughton's wrap-around rule does for
 * preemptive parallel machines (Management Science 6(1), 1959): heads of cut requests first (shortest first), then
 * whole requests, then tails (in the order their heads finish). A head thus ends early on its node and its tail runs
 * at the end of another node's queue, so the transfer between them is usually hidden and the makespan is the largest
 * load. Where it is not, the evaluator says so: the plan is re-scored, with the queues dispatched by most remaining
 * work as a second schedule of the same placement, and the better one kept.
 *
 * <p>Why: the rounded fluid relaxation ({@code FluidPlacement}) divides requests in the right proportions but rounds
 * the shares to layer boundaries, and the rounding error of each divided request stays on its nodes as idle time;
 * the one-cut scheduling model ({@link SingleCutModel}) has the same options but also their start times, element
 * constraints and no-overlaps, and on 48 requests over 11 nodes finds no plan better than HEFT's in 15 s
 * (docs/pipeline-lns.md). Without times the model is an assignment with one knapsack row per node, which CP-SAT's
 * linear relaxation and search handle well. A restriction and a heuristic: its plans are upper bounds.
 *
 * <p>Makespan with dynamic placement only. Memory and queue limits are left to the evaluator.
 */
final class CutLoadModel {
    /** Time units across the horizon (about 5 microseconds on a 1-second makespan). */
    private static final long HORIZON_UNITS = 200_000;
    /** A schedule within this relative distance of the largest load realises it (rounding of the units). */
    private static final double REALISED = 1e-4;
    /** An assignment whose load is within this relative distance of CP-SAT's bound is judged for precedence rows. */
    private static final double NEAR_BOUND = 0.005;

    private CutLoadModel() {
    }

    /**
     * One option of a request: whole on {@code a} ({@code cut == 0}), or the first {@code cut} subtasks on a and the
     * rest on b, with {@code lagUnits}, how long after its head ends its tail may start (0 for a whole request).
     */
    private record Option(BoolVar chosen, int a, int b, int cut, long lagUnits) {
    }

    /**
     * The better schedule of the load-balanced placement, or {@code null} when the model does not apply (total latency,
     * static placement, a request no node may run whole), finds no assignment in time, or the evaluator refuses both
     * schedules.
     *
     * @param horizonSeconds an upper bound on the loads (e.g. the makespan of a known plan); options whose own span
     *                       exceeds it are left out
     */
    static PipelinePlan solve(ExactModelInput d, double horizonSeconds, SolverSettings settings, Deadline deadline) {
        CompiledPipeline c = d.compiled();
        if (c.objective() != PipelineObjective.MAKESPAN || !c.dynamic() || !(horizonSeconds > 0)
                || deadline.remainingSeconds() <= 0.05) {
            return null;
        }
        Loader.loadNativeLibraries();
        double units = HORIZON_UNITS / horizonSeconds;
        int nodes = c.nodeCount();
        CpModel model = new CpModel();
        IntVar makespan = model.newIntVar(0, HORIZON_UNITS, "makespan");
        LinearExprBuilder[] heads = new LinearExprBuilder[nodes];
        LinearExprBuilder[] wholes = new LinearExprBuilder[nodes];
        LinearExprBuilder[] tails = new LinearExprBuilder[nodes];
        IntVar[] headLoad = new IntVar[nodes];
        IntVar[] headAndWholeLoad = new IntVar[nodes];
        for (int n = 0; n < nodes; n++) {
            heads[n] = LinearExpr.newBuilder();
            wholes[n] = LinearExpr.newBuilder();
            tails[n] = LinearExpr.newBuilder();
            headLoad[n] = model.newIntVar(0, HORIZON_UNITS, "heads_" + n);
            headAndWholeLoad[n] = model.newIntVar(0, HORIZON_UNITS, "heads_wholes_" + n);
        }
        // A device computes only its own endpoint's requests: one head (opening its queue) and one tail (closing it)
        // are what a wrap-around needs, and more make the schedule wait for transfers that the loads do not see.
        List<List<BoolVar>> headsOn = new ArrayList<>();
        List<List<BoolVar>> tailsOn = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            headsOn.add(new ArrayList<>());
            tailsOn.add(new ArrayList<>());
        }
        // The largest load first, then as few cuts as possible: every cut is a transfer the schedule must hide, and
        // without this tie-break CP-SAT cut all 12 requests of known-chain-e3 at the optimal load (schedule +20 %).
        LinearExprBuilder objective = LinearExpr.newBuilder().addTerm(makespan, loadWeight(c));
        List<List<Option>> options = new ArrayList<>();
        for (int r = 0; r < c.requestCount(); r++) {
            int first = c.firstSubtaskOf(r);
            int last = c.lastSubtaskOf(r);
            int size = last - first + 1;
            List<Option> own = new ArrayList<>();
            LinearExprBuilder span = LinearExpr.newBuilder();
            for (int a = 0; a < nodes; a++) {
                int headFits = runnablePrefix(d, first, last, a);   // subtasks first..first+headFits-1 may run on a
                if (headFits == 0 || !Double.isFinite(c.inputTransferSeconds(first, a))) {
                    continue;
                }
                for (int b = 0; b < nodes; b++) {
                    if (!Double.isFinite(c.resultTransferSeconds(r, b))) {
                        continue;
                    }
                    double in = c.inputTransferSeconds(first, a);
                    double out = c.resultTransferSeconds(r, b);
                    if (a == b) {
                        if (headFits < size) {
                            continue;
                        }
                        long whole = Math.round(SingleCutModel.seconds(c, first, last + 1, a) * units);
                        long own1 = Math.round((in + out) * units) + whole;
                        if (own1 > HORIZON_UNITS) {
                            continue;
                        }
                        BoolVar chosen = model.newBoolVar("r" + r + "_" + a);
                        wholes[a].addTerm(chosen, whole);
                        span.addTerm(chosen, own1);
                        own.add(new Option(chosen, a, a, 0, 0));
                        continue;
                    }
                    for (int k = 1; k < size && k <= headFits; k++) {
                        if (!d.candidateForAll(first + k, last, b)) {
                            continue;
                        }
                        long head = Math.round(SingleCutModel.seconds(c, first, first + k, a) * units);
                        long tail = Math.round(SingleCutModel.seconds(c, first + k, last + 1, b) * units);
                        double lag = SingleCutModel.lag(c, first, first + k, last, a, b);
                        long own1 = Math.round((in + lag + out) * units) + tail;
                        if (!Double.isFinite(lag) || own1 > HORIZON_UNITS) {
                            continue;
                        }
                        BoolVar chosen = model.newBoolVar("r" + r + "_" + a + "_" + b + "_" + k);
                        heads[a].addTerm(chosen, head);
                        tails[b].addTerm(chosen, tail);
                        span.addTerm(chosen, own1);
                        headsOn.get(a).add(chosen);
                        tailsOn.get(b).add(chosen);
                        objective.addTerm(chosen, 1);
                        own.add(new Option(chosen, a, b, k, Math.round(lag * units) - head));
                    }
                }
            }
            if (own.isEmpty()) {
                return null;
            }
            model.addExactlyOne(own.stream().map(Option::chosen).toArray(BoolVar[]::new));
            model.addLessOrEqual(span, makespan);
            options.add(own);
        }
        for (int n = 0; n < nodes; n++) {
            model.addEquality(headLoad[n], heads[n]);
            model.addEquality(headAndWholeLoad[n], wholes[n].add(headLoad[n]));
            model.addLessOrEqual(tails[n].add(headAndWholeLoad[n]), makespan);
            if (c.instance().nodes().get(n).kind() == NodeKind.DEVICE) {
                model.addAtMostOne(headsOn.get(n).toArray(BoolVar[]::new));
                model.addAtMostOne(tailsOn.get(n).toArray(BoolVar[]::new));
            }
        }
        model.minimize(objective);
        // Lazy precedences: heads run first and tails last on their nodes, so a head ends by its node's head load and
        // its tail starts at its node's head and whole load at the earliest; when the lag between them fits, the
        // wrap-around schedule has no idle time and its makespan is the largest load. Stated for every option up
        // front, these rows make the model far harder (no plan in 10 s on known-chain-e8); most never bind. So the
        // model is solved without them, and every assignment CP-SAT finds is scheduled and scored at once (a solution
        // callback). When, in the second half of a search, an assignment whose load is within 0.5 % of CP-SAT's bound
        // has a schedule that misses its loads because a cut breaks such a row (or when the assignment of a proven
        // search does), the search stops, the rows of that cut's node pair are added, and CP-SAT starts again from
        // that assignment (a hint); otherwise one search runs to the end. Measured (docs/pipeline-lns.md): rounds
        // restarted on a timer lose CP-SAT's search state (known-chain-e8 0.99-1.04 in 9 s against 0.959-0.968),
        // rows added only after a search to the end find no time left (known-chain-e6 5 % above its loads), and rows
        // added for the first near-bound assignment can shut out the optimum before CP-SAT finds an assignment at the
        // same load with fewer cuts (a small construction: 0.465 against T 0.430).
        Rounds rounds = new Rounds(c, options, headLoad, headAndWholeLoad, makespan, units);
        boolean[] declared = new boolean[nodes * nodes];   // node pairs whose rows are in the model
        CpSolver solver = new CpSolver();
        while (!deadline.expired()) {
            solver.getParameters().setMaxTimeInSeconds(Math.max(0.01, deadline.remainingSeconds()))
                    .setNumWorkers(settings.threads())
                    .setRandomSeed((int) (settings.nativeSeed() & Integer.MAX_VALUE))
                    .setLogSearchProgress(false);
            rounds.pending = false;
            rounds.judgeAfterNanos = System.nanoTime() + (long) (deadline.remainingSeconds() / 2 * 1e9);
            CpSolverStatus status = solver.solve(model, rounds);
            if (!rounds.pending && status == CpSolverStatus.OPTIMAL) {
                rounds.markViolated(); // the proven assignment, whatever CP-SAT's bound was when it was found
            }
            if (!rounds.pending || status == CpSolverStatus.INFEASIBLE) {
                break;
            }
            model.clearHints();
            for (int r = 0; r < options.size(); r++) {
                for (int k = 0; k < options.get(r).size(); k++) {
                    model.addHint(options.get(r).get(k).chosen(), rounds.hint[r] == k ? 1 : 0);
                }
            }
            for (List<Option> own : options) {
                for (Option o : own) {
                    int pair = o.a() * nodes + o.b();
                    if (o.cut() != 0 && rounds.stated[pair] && !declared[pair]) {
                        model.addLessOrEqual(LinearExpr.newBuilder().add(headLoad[o.a()])
                                .addTerm(headAndWholeLoad[o.b()], -1).build(), -o.lagUnits()).onlyEnforceIf(o.chosen());
                    }
                }
            }
            System.arraycopy(rounds.stated, 0, declared, 0, declared.length);
        }
        return rounds.best;
    }

    /**
     * Scores every assignment CP-SAT finds (its wrap-around schedule and a dispatched one, by the evaluator), keeps the
     * best plan, and stops the search when an assignment's schedule misses its loads because of a cut whose node pair
     * has no precedence rows yet (those pairs are then marked, and the assignment kept as the next search's hint).
     */
    private static final class Rounds extends CpSolverSolutionCallback {
        private final CompiledPipeline c;
        private final List<List<Option>> options;
        private final IntVar[] headLoad;
        private final IntVar[] headAndWholeLoad;
        private final IntVar makespan;
        private final double units;
        private final DispatchScheduler dispatch;
        final boolean[] stated;
        final int[] hint;
        /** When assignments start to be judged for rows during a search ({@link System#nanoTime()}). */
        long judgeAfterNanos;
        /** Node pairs (a * nodes + b) without rows whose rows the last assignment breaks. */
        private final List<Integer> violated = new ArrayList<>();
        boolean pending;
        PipelinePlan best;
        double bestValue = Double.POSITIVE_INFINITY;

        Rounds(CompiledPipeline c, List<List<Option>> options, IntVar[] headLoad, IntVar[] headAndWholeLoad,
               IntVar makespan, double units) {
            this.c = c;
            this.options = options;
            this.headLoad = headLoad;
            this.headAndWholeLoad = headAndWholeLoad;
            this.makespan = makespan;
            this.units = units;
            this.dispatch = new DispatchScheduler(c);
            this.stated = new boolean[c.nodeCount() * c.nodeCount()];
            this.hint = new int[options.size()];
        }

        @Override
        public void onSolutionCallback() {
            int[] nodeOf = new int[c.subtaskCount()];
            List<Option> chosen = new ArrayList<>();
            for (int r = 0; r < options.size(); r++) {
                for (int k = 0; k < options.get(r).size(); k++) {
                    Option o = options.get(r).get(k);
                    if (booleanValue(o.chosen())) {
                        int first = c.firstSubtaskOf(r);
                        for (int id = first; id <= c.lastSubtaskOf(r); id++) {
                            nodeOf[id] = o.cut() == 0 || id < first + o.cut() ? o.a() : o.b();
                        }
                        chosen.add(o);
                        hint[r] = k;
                        break;
                    }
                }
            }
            double value = Double.POSITIVE_INFINITY;
            for (PipelinePlan plan : List.of(wrapAround(c, chosen),
                    dispatch.schedule(nodeOf, DispatchScheduler.Priority.MOST_REMAINING_WORK))) {
                PipelineEvaluation evaluation = PipelineEvaluator.evaluate(c.instance(), plan);
                if (evaluation.feasible() && evaluation.objective() < value) {
                    value = evaluation.objective();
                    if (value < bestValue) {
                        best = plan;
                        bestValue = value;
                    }
                }
            }
            // Realised (to the rounding of the units): nothing to add.
            violated.clear();
            if (value <= value(makespan) / units * (1 + REALISED)) {
                return;
            }
            int nodes = c.nodeCount();
            for (Option o : chosen) {
                if (o.cut() != 0 && !stated[o.a() * nodes + o.b()]
                        && value(headLoad[o.a()]) + o.lagUnits() > value(headAndWholeLoad[o.b()])) {
                    violated.add(o.a() * nodes + o.b());
                }
            }
            // Before half the search's time, or with a load still far from CP-SAT's bound: go on (early assignments
            // are poor, later ones at the same load cut fewer requests and often realise it, and rows added too
            // soon only make the search harder); the last assignment of a search is judged when it ends.
            if (System.nanoTime() >= judgeAfterNanos
                    && value(makespan) <= bestObjectiveBound() / loadWeight(c) * (1 + NEAR_BOUND)) {
                markViolated();
            }
            if (pending) {
                stopSearch();
            }
        }

        /** Marks the node pairs the last assignment's cuts break as stated; pending when there are any. */
        void markViolated() {
            for (int pair : violated) {
                stated[pair] = true;
                pending = true;
            }
            violated.clear();
        }
    }

    /**
     * Every node's queue: heads of cut requests (shortest first), whole requests (in request order), tails (by the
     * finish of their heads when every head runs first on its node), each part's subtasks in id order.
     */
    private static PipelinePlan wrapAround(CompiledPipeline c, List<Option> chosen) {
        int nodes = c.nodeCount();
        List<List<double[]>> heads = new ArrayList<>();   // {seconds, request, from, to}
        List<List<double[]>> wholes = new ArrayList<>();
        List<List<double[]>> tails = new ArrayList<>();   // {head finish, request, from, to}
        for (int n = 0; n < nodes; n++) {
            heads.add(new ArrayList<>());
            wholes.add(new ArrayList<>());
            tails.add(new ArrayList<>());
        }
        for (int r = 0; r < chosen.size(); r++) {
            Option o = chosen.get(r);
            int first = c.firstSubtaskOf(r);
            int end = c.lastSubtaskOf(r) + 1;
            if (o.cut() == 0) {
                wholes.get(o.a()).add(new double[] {0, r, first, end});
            } else {
                heads.get(o.a()).add(new double[] {SingleCutModel.seconds(c, first, first + o.cut(), o.a()), r, first,
                        first + o.cut()});
            }
        }
        // A head's finish when its node runs the heads shortest first from time 0.
        double[] headFinish = new double[chosen.size()];
        for (List<double[]> list : heads) {
            list.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            double t = 0;
            for (double[] p : list) {
                t += p[0];
                headFinish[(int) p[1]] = t;
            }
        }
        for (int r = 0; r < chosen.size(); r++) {
            Option o = chosen.get(r);
            if (o.cut() != 0) {
                tails.get(o.b()).add(new double[] {headFinish[r], r, c.firstSubtaskOf(r) + o.cut(),
                        c.lastSubtaskOf(r) + 1});
            }
        }
        List<int[]> queues = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            tails.get(n).sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            List<Integer> queue = new ArrayList<>();
            for (List<double[]> parts : List.of(heads.get(n), wholes.get(n), tails.get(n))) {
                for (double[] p : parts) {
                    for (int id = (int) p[2]; id < (int) p[3]; id++) {
                        queue.add(id);
                    }
                }
            }
            queues.add(queue.stream().mapToInt(Integer::intValue).toArray());
        }
        return new PipelinePlan(queues);
    }

    /** The objective's weight of the largest load: above the most cuts there can be, so the load comes first. */
    private static long loadWeight(CompiledPipeline c) {
        return c.requestCount() + 1L;
    }

    /** How many of subtasks {@code first..last}, from the first, may run on {@code node}. */
    private static int runnablePrefix(ExactModelInput d, int first, int last, int node) {
        int k = 0;
        while (first + k <= last && d.isCandidate(first + k, node)) {
            k++;
        }
        return k;
    }
}
