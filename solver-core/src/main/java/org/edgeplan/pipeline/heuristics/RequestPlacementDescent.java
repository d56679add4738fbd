package org.edgeplan.pipeline.heuristics;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.DispatchScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSimulator;

/**
 * A descent over whole-request placements, each plan's queues ordered by {@link DispatchScheduler} and scored by the
 * evaluator. A unit is a request (dynamic placement) or an endpoint with all its requests (static placement, where
 * an endpoint's layer has one node). A unit's candidate placements are the two-node splits: the first {@code j}
 * subtasks of each request (in the model's topological order) on one node and the rest on another, for every pair
 * of nodes and every {@code j} the instance allows, the whole request on any one node, and, with the endpoint's
 * device first, each split also with the sink back on the device (the result is then the device's own output;
 * Timefold's best plans on the contended VGG5 family use it). The device-first splits are the partitions the field
 * calls a split (Neurosurgeon's); the others let a request run whole on a server or move between two servers,
 * which the known-optimum makespan instances need (their optima cut some requests once between two nodes). Units are visited in a seeded random order; each takes its
 * best candidate when that strictly improves the objective (best improvement per unit). Passes repeat until one
 * improves nothing, or the deadline.
 *
 * <p>Why: on the contended family the plans of the preschedule-retrieval heuristic and of the CP-SAT neighbourhoods
 * differ from good ones mainly in which requests go where (Timefold's best plans of {@code scaled-vgg5-e8-s2-r18}
 * run every other request of each device locally), and a neighbourhood that holds the rest of the schedule cannot
 * see what moving one request does to the queues after it; here every candidate is re-dispatched and re-scored whole.
 * Measured in docs/pipeline-lns.md. Written by hand: the candidates and the dispatch rule are specific to this model.
 *
 * <p>The result is never worse than the start plan (which is returned when nothing dispatched beats it).
 * Deterministic for a seed when the deadline does not cut it short.
 */
public final class RequestPlacementDescent {
    /** What the descent did, and the best plan it saw. */
    public record Result(PipelinePlan plan, PipelineEvaluation evaluation, long evaluations, int passes,
                         int improvements, boolean converged) {
    }

    private final CompiledPipeline c;
    private final PipelineSimulator simulator;
    private final DispatchScheduler dispatcher;
    private final DispatchScheduler.Priority rule;
    /** The units: each unit's requests. */
    private final int[][] units;

    public RequestPlacementDescent(CompiledPipeline compiled) {
        this.c = compiled;
        this.simulator = PipelineEvaluator.simulator(c.instance());
        this.dispatcher = new DispatchScheduler(c);
        this.rule = DispatchScheduler.Priority.suitedTo(c.objective());
        if (c.dynamic()) {
            units = new int[c.requestCount()][];
            for (int r = 0; r < units.length; r++) {
                units[r] = new int[] {r};
            }
        } else {
            int[] count = new int[c.endpointCount()];
            for (int r = 0; r < c.requestCount(); r++) {
                count[c.endpointOfRequest(r)]++;
            }
            units = new int[c.endpointCount()][];
            for (int e = 0; e < units.length; e++) {
                units[e] = new int[count[e]];
                count[e] = 0;
            }
            for (int r = 0; r < c.requestCount(); r++) {
                int e = c.endpointOfRequest(r);
                units[e][count[e]++] = r;
            }
        }
    }

    /** The dispatched plan of a placement. */
    public PipelinePlan dispatch(int[] nodeOf) {
        return dispatcher.schedule(nodeOf, rule);
    }

    /**
     * Descends from {@code start} (with its evaluation) until a pass improves nothing or the deadline; returns the
     * best plan seen, the start itself when nothing beat it.
     */
    public Result improve(PipelinePlan start, PipelineEvaluation startEvaluation, SplittableRandom random,
                          Deadline deadline) {
        int[] nodeOf = start.nodeOf(c.subtaskCount());
        double current = simulator.objective(dispatch(nodeOf));
        long evaluations = 1;
        int passes = 0;
        int improvements = 0;
        boolean converged = false;
        int[] order = new int[units.length];
        for (int u = 0; u < order.length; u++) {
            order[u] = u;
        }
        int[] candidate = new int[c.subtaskCount()];
        int[] best = new int[c.subtaskCount()];
        search:
        while (!deadline.expired()) {
            passes++;
            shuffle(order, random);
            boolean improved = false;
            for (int u : order) {
                if (deadline.expired()) {
                    break search;
                }
                double bestValue = current;
                boolean found = false;
                int device = c.deviceOfRequest(units[u][0]);
                int layers = c.lastSubtaskOf(units[u][0]) - c.firstSubtaskOf(units[u][0]) + 1;
                // (a, j, b, back): the first j subtasks on a, the rest on b (j = layers: the whole request on a),
                // with back the sink on the device; the back variants only with the device first.
                int firstSubtask = c.firstSubtaskOf(units[u][0]);
                for (int a = 0; a < c.nodeCount(); a++) {
                    if (!c.allowed(firstSubtask, a)) {
                        continue; // a unit's subtasks share their endpoint's allowed nodes
                    }
                    for (int b = 0; b < c.nodeCount(); b++) {
                        if (!c.allowed(firstSubtask, b)) {
                            continue;
                        }
                        boolean deviceFirst = a == device && b != device;
                        for (int j = a == b ? layers : deviceFirst ? 0 : 1; j <= (a == b ? layers : layers - 1); j++) {
                            for (int back = 0; back < (deviceFirst ? 2 : 1); back++) {
                                if (back == 0 && j == 0) {
                                    continue; // the whole request on b: the candidate (b, layers, b)
                                }
                                System.arraycopy(nodeOf, 0, candidate, 0, nodeOf.length);
                                if (!place(candidate, units[u], device, a, j, b, back == 1)
                                        || Arrays.equals(candidate, nodeOf)) {
                                    continue;
                                }
                                double value = simulator.objective(dispatch(candidate));
                                evaluations++;
                                if (value < bestValue * (1 - 1e-12)) {
                                    bestValue = value;
                                    System.arraycopy(candidate, 0, best, 0, best.length);
                                    found = true;
                                }
                            }
                        }
                    }
                }
                if (found) {
                    System.arraycopy(best, 0, nodeOf, 0, nodeOf.length);
                    current = bestValue;
                    improved = true;
                    improvements++;
                }
            }
            if (!improved) {
                converged = true;
                break;
            }
        }
        if (current < startEvaluation.objective() * (1 - 1e-12)) {
            PipelinePlan plan = dispatch(nodeOf);
            PipelineEvaluation evaluation = simulator.evaluate(plan);
            if (evaluation.feasible()) {
                return new Result(plan, evaluation, evaluations, passes, improvements, converged);
            }
        }
        return new Result(start, startEvaluation, evaluations, passes, improvements, converged);
    }

    /**
     * Puts the first {@code j} subtasks of every request of the unit on {@code a} and the rest on {@code b} (the sink
     * back on {@code device} when {@code sinkBack}); false when a subtask may not run there or the candidate is
     * degenerate (the sink back on the device after a split that leaves only the sink on the other node).
     */
    private boolean place(int[] nodeOf, int[] requests, int device, int a, int j, int b, boolean sinkBack) {
        for (int r : requests) {
            int first = c.firstSubtaskOf(r);
            int last = c.lastSubtaskOf(r);
            int sink = c.sinkOf(r);
            if (sinkBack && sink - first == j) {
                return false;
            }
            for (int id = first; id <= last; id++) {
                int n = sinkBack && id == sink ? device : id - first < j ? a : b;
                if (!c.allowed(id, n)) {
                    return false;
                }
                nodeOf[id] = n;
            }
        }
        return true;
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
