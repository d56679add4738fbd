package org.edgeplan.testing;

import java.util.ArrayList;
import java.util.List;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSimulator;
import org.edgeplan.pipeline.PlacementMode;

/**
 * The optimum of a tiny problem-B instance by brute force, scored only by the {@link PipelineEvaluator}: every
 * placement on allowed nodes (one per subtask, or one per layer in static mode) and, for each, every combination
 * of node queue orders that respects precedence among the subtasks sharing a node.
 */
public final class ExhaustiveOracle {
    /** The best objective and a plan that reaches it ({@code +Infinity}, null when no plan is feasible). */
    public record Best(double objective, PipelinePlan plan, long plansScored) {
    }

    private final PipelineInstance inst;
    private final PipelineSimulator simulator;
    private final int n;
    private final boolean[][] ancestor;
    private double best = Double.POSITIVE_INFINITY;
    private PipelinePlan bestPlan;
    private long scored;

    private ExhaustiveOracle(PipelineInstance inst) {
        this.inst = inst;
        this.simulator = PipelineEvaluator.simulator(inst);
        this.n = inst.subtaskCount();
        ancestor = new boolean[n][n];
        for (int b = 0; b < n; b++) {
            int e = inst.subtaskEndpoint(b);
            DnnGraph model = inst.model(e);
            int k = inst.subtaskRequest(b);
            for (int p : model.predecessors(inst.subtaskLayer(b))) {
                int a = inst.subtaskId(e, k, p);
                ancestor[a][b] = true;
                for (int x = 0; x < n; x++) {
                    if (ancestor[x][a]) {
                        ancestor[x][b] = true;
                    }
                }
            }
        }
    }

    public static Best solve(PipelineInstance inst) {
        ExhaustiveOracle oracle = new ExhaustiveOracle(inst);
        oracle.placements();
        return new Best(oracle.best, oracle.bestPlan, oracle.scored);
    }

    /** Scores every queue order of one placement; the best objective, for tests that fix a placement. */
    public static double bestForPlacement(PipelineInstance inst, int[] nodeOf) {
        ExhaustiveOracle oracle = new ExhaustiveOracle(inst);
        oracle.orders(nodeOf);
        return oracle.best;
    }

    private void placements() {
        boolean stat = inst.mode() == PlacementMode.STATIC;
        List<int[]> decisions = new ArrayList<>(); // {endpoint, layer} (static) or {subtask}
        if (stat) {
            for (int e = 0; e < inst.endpointCount(); e++) {
                for (int v = 0; v < inst.model(e).layerCount(); v++) {
                    decisions.add(new int[] {e, v});
                }
            }
        } else {
            for (int id = 0; id < n; id++) {
                decisions.add(new int[] {id});
            }
        }
        int[] choice = new int[decisions.size()];
        assign(decisions, choice, 0, stat);
    }

    private void assign(List<int[]> decisions, int[] choice, int i, boolean stat) {
        if (i == decisions.size()) {
            int[] nodeOf = new int[n];
            for (int id = 0; id < n; id++) {
                if (stat) {
                    int e = inst.subtaskEndpoint(id);
                    int index = 0;
                    for (int x = 0; x < e; x++) {
                        index += inst.model(x).layerCount();
                    }
                    nodeOf[id] = choice[index + inst.subtaskLayer(id)];
                } else {
                    nodeOf[id] = choice[id];
                }
            }
            orders(nodeOf);
            return;
        }
        int e = stat ? decisions.get(i)[0] : inst.subtaskEndpoint(decisions.get(i)[0]);
        for (int node = 0; node < inst.nodeCount(); node++) {
            if (inst.allowed(e, node)) {
                choice[i] = node;
                assign(decisions, choice, i + 1, stat);
            }
        }
    }

    private void orders(int[] nodeOf) {
        List<List<Integer>> members = new ArrayList<>();
        for (int node = 0; node < inst.nodeCount(); node++) {
            members.add(new ArrayList<>());
        }
        for (int id = 0; id < n; id++) {
            members.get(nodeOf[id]).add(id);
        }
        List<List<int[]>> perNode = new ArrayList<>();
        for (List<Integer> m : members) {
            List<int[]> all = new ArrayList<>();
            extensions(m, new int[m.size()], new boolean[m.size()], 0, all);
            perNode.add(all);
        }
        int[] pick = new int[inst.nodeCount()];
        product(perNode, pick, 0);
    }

    /** Every order of {@code m} in which no subtask precedes one of its ancestors. */
    private void extensions(List<Integer> m, int[] order, boolean[] used, int pos, List<int[]> out) {
        if (pos == m.size()) {
            out.add(order.clone());
            return;
        }
        for (int i = 0; i < m.size(); i++) {
            if (used[i]) {
                continue;
            }
            boolean ok = true;
            for (int j = 0; j < m.size(); j++) {
                if (!used[j] && j != i && ancestor[m.get(j)][m.get(i)]) {
                    ok = false;
                    break;
                }
            }
            if (!ok) {
                continue;
            }
            used[i] = true;
            order[pos] = m.get(i);
            extensions(m, order, used, pos + 1, out);
            used[i] = false;
        }
    }

    private void product(List<List<int[]>> perNode, int[] pick, int node) {
        if (node == perNode.size()) {
            List<int[]> queues = new ArrayList<>();
            for (int x = 0; x < perNode.size(); x++) {
                queues.add(perNode.get(x).get(pick[x]));
            }
            PipelinePlan plan = new PipelinePlan(queues);
            double value = simulator.objective(plan);
            scored++;
            if (value < best) {
                best = value;
                bestPlan = plan;
            }
            return;
        }
        for (int i = 0; i < perNode.get(node).size(); i++) {
            pick[node] = i;
            product(perNode, pick, node + 1);
        }
    }
}
