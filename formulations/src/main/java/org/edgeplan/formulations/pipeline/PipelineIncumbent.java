package org.edgeplan.formulations.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver;
import org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver;
import org.edgeplan.pipeline.heuristics.DadsSolver;
import org.edgeplan.pipeline.heuristics.HeftSolver;
import org.edgeplan.pipeline.heuristics.NeurosurgeonSolver;
import org.edgeplan.pipeline.heuristics.PrescheduleRetrievalSolver;

/**
 * The starting point of the exact models: the best feasible plan (by the {@link PipelineEvaluator}) among the
 * device-only and edge-only baselines, an earliest-finish-time placement list-scheduled by {@link ListScheduler},
 * and the heuristics preschedule-retrieval, HEFT, Neurosurgeon and DADS (milliseconds each; on
 * {@code pipeline-large} they are 2-4x better than the baselines, which left CP-SAT far from them in 20 s). It gives
 * the horizon, the big-M and the solution hint.
 *
 * @param plan       the plan, or {@code null} when none of the candidates is feasible
 * @param evaluation its evaluation (null with the plan)
 * @param source     which candidate won
 */
record PipelineIncumbent(PipelinePlan plan, PipelineEvaluation evaluation, String source) {
    static final PipelineIncumbent NONE = new PipelineIncumbent(null, null, "none");

    boolean present() {
        return plan != null;
    }

    double objective() {
        return plan == null ? Double.POSITIVE_INFINITY : evaluation.objective();
    }

    /** The same plan (queues are time-free) scored on another form of the instance, e.g. a time-scaled one. */
    PipelineIncumbent on(PipelineData other) {
        if (plan == null || other.instance == evaluation.instance()) {
            return this;
        }
        return new PipelineIncumbent(plan, PipelineEvaluator.evaluate(other.instance, plan), source);
    }

    static PipelineIncumbent best(PipelineData data) {
        SolverSettings quick = SolverSettings.defaults();
        List<PipelineIncumbent> found = new ArrayList<>();
        addIfFeasible(found, new PipelineDeviceOnlySolver().solve(data.instance, quick), data, "device-only");
        addIfFeasible(found, new PipelineEdgeOnlySolver().solve(data.instance, quick), data, "edge-only");
        addIfFeasible(found, new PrescheduleRetrievalSolver().solve(data.instance, quick), data,
                "preschedule-retrieval");
        addIfFeasible(found, new HeftSolver().solve(data.instance, quick), data, "heft");
        addIfFeasible(found, new NeurosurgeonSolver().solve(data.instance, quick), data, "neurosurgeon");
        addIfFeasible(found, new DadsSolver().solve(data.instance, quick), data, "dads");
        int[] eft = earliestFinishPlacement(data);
        if (eft != null) {
            PipelinePlan plan = ListScheduler.schedule(data.instance, eft);
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(data.instance, plan);
            if (evaluation.feasible()) {
                found.add(new PipelineIncumbent(plan, evaluation, "earliest-finish placement"));
            }
        }
        return found.stream().min(Comparator.comparingDouble(PipelineIncumbent::objective)).orElse(NONE);
    }

    private static void addIfFeasible(List<PipelineIncumbent> found, SolveResult<PipelinePlan> result,
                                      PipelineData data, String source) {
        if (result.status().hasPlan()) {
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(data.instance, result.plan());
            if (evaluation.feasible()) {
                found.add(new PipelineIncumbent(result.plan(), evaluation, source));
            }
        }
    }

    /**
     * Greedy placement: subtasks by (release, layer index, id); each goes to the candidate node where it would
     * finish first given what is already placed (uncontended transfers, nodes append-only), keeping a static
     * decision once made and the memory capacities. {@code null} when some subtask finds no node.
     */
    static int[] earliestFinishPlacement(PipelineData d) {
        Integer[] order = new Integer[d.subtasks];
        for (int id = 0; id < d.subtasks; id++) {
            order[id] = id;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer id) -> d.releaseSeconds[d.requestOf[id]])
                .thenComparingInt(id -> d.layerOf[id]).thenComparingInt(id -> id));
        int[] nodeOf = new int[d.subtasks];
        Arrays.fill(nodeOf, -1);
        int[] decided = new int[d.decisionCount];
        Arrays.fill(decided, -1);
        double[] finish = new double[d.subtasks];
        double[] nodeFree = new double[d.nodes];
        double[] memoryUsed = new double[d.nodes];
        boolean[][] keyOnNode = new boolean[d.layerKeyCount][d.nodes];
        for (int id : order) {
            int best = -1;
            double bestFinish = Double.POSITIVE_INFINITY;
            double bestStart = 0;
            for (int n : d.candidates[id]) {
                if (decided[d.decisionOf[id]] >= 0 && decided[d.decisionOf[id]] != n) {
                    continue;
                }
                long memory = d.memoryLimit(n);
                int key = d.layerKeyOf[id];
                if (memory >= 0 && !keyOnNode[key][n] && memoryUsed[n] + d.layerKeyWeightBytes[key] > memory) {
                    continue;
                }
                double ready = d.isSource[id] ? d.releaseSeconds[d.requestOf[id]] + d.inputTransferSeconds(id, n)
                        : 0.0;
                for (int j : d.predEdges[id]) {
                    int u = d.edgeProducer[j];
                    ready = Math.max(ready, finish[u] + d.edgeTransferSeconds(j, nodeOf[u], n));
                }
                double start = Math.max(ready, nodeFree[n]);
                double end = start + d.computeSeconds[id][n];
                if (d.isSink(id)) {
                    end += d.resultTransferSeconds(d.requestOf[id], n); // judge by the result's arrival
                }
                if (end < bestFinish) {
                    bestFinish = end;
                    best = n;
                    bestStart = start;
                }
            }
            if (best < 0) {
                return null;
            }
            nodeOf[id] = best;
            decided[d.decisionOf[id]] = best;
            finish[id] = bestStart + d.computeSeconds[id][best];
            nodeFree[best] = finish[id];
            int key = d.layerKeyOf[id];
            if (!keyOnNode[key][best]) {
                keyOnNode[key][best] = true;
                memoryUsed[best] += d.layerKeyWeightBytes[key];
            }
        }
        return nodeOf;
    }
}
