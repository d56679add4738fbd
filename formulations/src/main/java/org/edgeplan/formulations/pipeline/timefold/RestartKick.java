package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;

/**
 * The kick of an iterated local search: the start of a restart after the search stalled in a local optimum. A few
 * random requests (in static mode: endpoints, all their requests) have a random suffix of their layers moved to a
 * random other allowed node; every queue is then ordered by the start times of the plan kicked (ties by subtask id),
 * so the other subtasks keep their relative order. Those times come from one schedule, where a consumer never starts
 * before its producer (and a zero-time pair is in id order, which is topological within a request), so the kicked
 * queues never contradict precedence: the result cannot deadlock. Deterministic for a given random source.
 */
final class RestartKick {
    private RestartKick() {
    }

    /**
     * @param evaluation the evaluator's simulation of {@code plan} (start times of every subtask)
     * @param count      how many requests (static mode: endpoints) to move
     */
    static PipelinePlan apply(PipelineInstance instance, PipelinePlan plan, PipelineEvaluation evaluation,
                              SplittableRandom random, int count) {
        int n = instance.subtaskCount();
        int[] nodeOf = plan.nodeOf(n);
        double[] start = evaluation.startTimes();
        boolean isStatic = instance.mode() == PlacementMode.STATIC;
        List<int[]> units = new ArrayList<>();   // (endpoint, request), request -1 for a whole endpoint
        for (int e = 0; e < instance.endpointCount(); e++) {
            if (isStatic) {
                units.add(new int[] {e, -1});
            } else {
                for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                    units.add(new int[] {e, k});
                }
            }
        }
        for (int c = 0; c < Math.min(count, units.size()); c++) {
            int[] unit = units.remove(random.nextInt(units.size()));
            int e = unit[0];
            int layers = instance.model(e).layerCount();
            int from = random.nextInt(layers);
            int current = nodeOf[instance.subtaskId(e, Math.max(unit[1], 0), from)];
            List<Integer> targets = new ArrayList<>();
            for (int node = 0; node < instance.nodeCount(); node++) {
                if (node != current && instance.allowed(e, node)) {
                    targets.add(node);
                }
            }
            if (targets.isEmpty()) {
                continue;
            }
            int target = targets.get(random.nextInt(targets.size()));
            int firstRequest = unit[1] < 0 ? 0 : unit[1];
            int lastRequest = unit[1] < 0 ? instance.endpoint(e).requestCount() - 1 : unit[1];
            for (int k = firstRequest; k <= lastRequest; k++) {
                for (int v = from; v < layers; v++) {
                    nodeOf[instance.subtaskId(e, k, v)] = target;
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int id = 0; id < n; id++) {
            order[id] = id;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(id -> start[id]).thenComparingInt(id -> id));
        int[] counts = new int[instance.nodeCount()];
        for (int id = 0; id < n; id++) {
            counts[nodeOf[id]]++;
        }
        int[][] queues = new int[instance.nodeCount()][];
        for (int node = 0; node < queues.length; node++) {
            queues[node] = new int[counts[node]];
        }
        int[] filled = new int[instance.nodeCount()];
        for (int id : order) {
            queues[nodeOf[id]][filled[nodeOf[id]]++] = id;
        }
        return new PipelinePlan(Arrays.asList(queues));
    }
}
