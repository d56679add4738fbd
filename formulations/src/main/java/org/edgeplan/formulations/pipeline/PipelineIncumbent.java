package org.edgeplan.formulations.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.CompiledPipeline;
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
 * the heuristics preschedule-retrieval, HEFT, Neurosurgeon and DADS (milliseconds each; on
 * {@code pipeline-large} they are 2-4x better than the baselines, which left CP-SAT far from them in 20 s) and, for
 * makespan, the rounded fluid-relaxation placement of {@link FluidPlacementSolver}. It gives
 * the horizon, the big-M and the solution hint.
 *
 * @param plan       the plan, or {@code null} when none of the candidates is feasible
 * @param evaluation its evaluation (null with the plan)
 * @param source     which candidate won
 */
public record PipelineIncumbent(PipelinePlan plan, PipelineEvaluation evaluation, String source) {
    public static final PipelineIncumbent NONE = new PipelineIncumbent(null, null, "none");

    public boolean present() {
        return plan != null;
    }

    public double objective() {
        return plan == null ? Double.POSITIVE_INFINITY : evaluation.objective();
    }

    /** The same plan (queues are time-free) scored on another form of the instance, e.g. a time-scaled one. */
    public PipelineIncumbent on(ExactModelInput other) {
        if (plan == null || other.instance() == evaluation.instance()) {
            return this;
        }
        return new PipelineIncumbent(plan, PipelineEvaluator.evaluate(other.instance(), plan), source);
    }

    public static PipelineIncumbent best(ExactModelInput data) {
        List<PipelineIncumbent> all = candidates(data);
        return all.isEmpty() ? NONE : all.get(0);
    }

    /** Every feasible candidate, best first (ties in the order listed above), each plan once. */
    public static List<PipelineIncumbent> candidates(ExactModelInput data) {
        CompiledPipeline c = data.compiled();
        SolverSettings quick = SolverSettings.defaults();
        List<PipelineIncumbent> found = new ArrayList<>();
        addIfFeasible(found, new PipelineDeviceOnlySolver().solve(c.instance(), quick), data, "device-only");
        addIfFeasible(found, new PipelineEdgeOnlySolver().solve(c.instance(), quick), data, "edge-only");
        addIfFeasible(found, new PrescheduleRetrievalSolver().solve(c.instance(), quick), data,
                "preschedule-retrieval");
        addIfFeasible(found, new HeftSolver().solve(c.instance(), quick), data, "heft");
        addIfFeasible(found, new NeurosurgeonSolver().solve(c.instance(), quick), data, "neurosurgeon");
        addIfFeasible(found, new DadsSolver().solve(c.instance(), quick), data, "dads");
        int[] eft = earliestFinishPlacement(data);
        if (eft != null) {
            PipelinePlan plan = ListScheduler.schedule(c.instance(), eft);
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(c.instance(), plan);
            if (evaluation.feasible()) {
                found.add(new PipelineIncumbent(plan, evaluation, "earliest-finish placement"));
            }
        }
        addIfFeasible(found, new FluidPlacementSolver().solve(c.instance(), quick), data, "fluid placement");
        List<PipelineIncumbent> distinct = new ArrayList<>();
        for (PipelineIncumbent candidate : found) {
            if (distinct.stream().noneMatch(d -> d.plan().equals(candidate.plan()))) {
                distinct.add(candidate);
            }
        }
        distinct.sort(Comparator.comparingDouble(PipelineIncumbent::objective)); // stable: ties keep their order
        return distinct;
    }

    private static void addIfFeasible(List<PipelineIncumbent> found, SolveResult<PipelinePlan> result,
                                      ExactModelInput data, String source) {
        CompiledPipeline c = data.compiled();
        if (result.status().hasPlan()) {
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(c.instance(), result.plan());
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
    public static int[] earliestFinishPlacement(ExactModelInput d) {
        CompiledPipeline c = d.compiled();
        Integer[] order = new Integer[c.subtaskCount()];
        for (int id = 0; id < c.subtaskCount(); id++) {
            order[id] = id;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer id) -> c.releaseSeconds(c.requestOf(id)))
                .thenComparingInt(id -> c.layerOf(id)).thenComparingInt(id -> id));
        int[] nodeOf = new int[c.subtaskCount()];
        Arrays.fill(nodeOf, -1);
        int[] decided = new int[c.decisionCount()];
        Arrays.fill(decided, -1);
        double[] finish = new double[c.subtaskCount()];
        double[] nodeFree = new double[c.nodeCount()];
        double[] memoryUsed = new double[c.nodeCount()];
        boolean[][] keyOnNode = new boolean[c.layerKeyCount()][c.nodeCount()];
        for (int id : order) {
            int best = -1;
            double bestFinish = Double.POSITIVE_INFINITY;
            double bestStart = 0;
            for (int n : d.candidates(id)) {
                if (decided[c.decisionOf(id)] >= 0 && decided[c.decisionOf(id)] != n) {
                    continue;
                }
                long memory = c.memoryLimitBytes(n);
                int key = c.layerKeyOf(id);
                if (memory >= 0 && !keyOnNode[key][n] && memoryUsed[n] + c.layerKeyWeightBytes(key) > memory) {
                    continue;
                }
                double ready = c.isSource(id) ? c.releaseSeconds(c.requestOf(id)) + c.inputTransferSeconds(id, n)
                        : 0.0;
                for (int j = c.inStart(id); j < c.inEnd(id); j++) {
                    int u = c.producer(j);
                    ready = Math.max(ready, finish[u] + c.edgeTransferSeconds(j, nodeOf[u], n));
                }
                double start = Math.max(ready, nodeFree[n]);
                double end = start + c.computeSeconds(id, n);
                if (c.isSink(id)) {
                    end += c.resultTransferSeconds(c.requestOf(id), n); // judge by the result's arrival
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
            decided[c.decisionOf(id)] = best;
            finish[id] = bestStart + c.computeSeconds(id, best);
            nodeFree[best] = finish[id];
            int key = c.layerKeyOf(id);
            if (!keyOnNode[key][best]) {
                keyOnNode[key][best] = true;
                memoryUsed[best] += c.layerKeyWeightBytes(key);
            }
        }
        return nodeOf;
    }
}
