package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * The neighbourhoods of {@link PipelineCpSatLnsSolver}: which subtasks of the incumbent a CP-SAT sub-solve may move.
 * Each kind picks about {@code size} subtasks from the incumbent's schedule with the search's seeded random source;
 * the rest of the plan stays as it is (placement fixed, queue order kept). A kind either frees placement too (the freed
 * subtasks may change node) or only timing (their nodes stay, their places in the queues may change).
 */
enum Neighbourhoods {
    /** Random requests, placement free: reshuffles what unrelated requests do. */
    REQUESTS(true),
    /** All requests of random endpoints, placement free: the static mode's unit of placement. */
    ENDPOINTS(true),
    /** The subtasks running in a time window of the incumbent, placement free: local congestion. */
    TIME_WINDOW(true),
    /** A stretch of one node's queue and what runs at the same time on another: rebalances two nodes. */
    NODE_PAIR(true),
    /** The requests that end last (makespan) or wait longest (total latency), placement free. */
    CRITICAL(true),
    /** A time window with placement fixed: the order of the queues only. */
    QUEUE_ORDER(false);

    final boolean freesPlacement;

    Neighbourhoods(boolean freesPlacement) {
        this.freesPlacement = freesPlacement;
    }

    /** The incumbent as the neighbourhoods see it: its plan, evaluation and queues. */
    record Incumbent(CompiledPipeline c, PipelinePlan plan, PipelineEvaluation evaluation, int[][] subtasksOf,
                     int[] byStart) {
        /** The incumbent with its requests' subtask lists and its subtasks in order of start (ties: lower id). */
        static Incumbent of(CompiledPipeline c, PipelinePlan plan, PipelineEvaluation evaluation) {
            int[] count = new int[c.requestCount()];
            for (int id = 0; id < c.subtaskCount(); id++) {
                count[c.requestOf(id)]++;
            }
            int[][] subtasksOf = new int[c.requestCount()][];
            for (int r = 0; r < subtasksOf.length; r++) {
                subtasksOf[r] = new int[count[r]];
                count[r] = 0;
            }
            for (int id = 0; id < c.subtaskCount(); id++) {
                int r = c.requestOf(id);
                subtasksOf[r][count[r]++] = id;
            }
            Integer[] ids = new Integer[c.subtaskCount()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = i;
            }
            Arrays.sort(ids, (x, y) -> {
                int cmp = Double.compare(evaluation.startSeconds(x), evaluation.startSeconds(y));
                return cmp != 0 ? cmp : Integer.compare(x, y);
            });
            return new Incumbent(c, plan, evaluation, subtasksOf,
                    Arrays.stream(ids).mapToInt(Integer::intValue).toArray());
        }
    }

    /**
     * About {@code size} subtasks to free (at least one), as a set of subtask ids. Placement-freeing kinds are closed
     * under shared decisions (static mode: every request of an endpoint's layer moves together) by the caller.
     */
    BitSet select(Incumbent inc, int size, SplittableRandom random) {
        CompiledPipeline c = inc.c();
        int total = c.subtaskCount();
        int target = Math.max(1, Math.min(size, total));
        BitSet freed = new BitSet(total);
        switch (this) {
            case REQUESTS -> addRequests(inc, shuffled(c.requestCount(), random), freed, target);
            case ENDPOINTS -> {
                int[] endpoints = shuffled(c.endpointCount(), random);
                List<Integer> order = new ArrayList<>();
                for (int e : endpoints) {
                    for (int r = 0; r < c.requestCount(); r++) {
                        if (c.endpointOfRequest(r) == e) {
                            order.add(r);
                        }
                    }
                }
                // Whole endpoints: stop only at an endpoint boundary once the target is reached.
                int lastEndpoint = -1;
                for (int r : order) {
                    int e = c.endpointOfRequest(r);
                    if (e != lastEndpoint && freed.cardinality() >= target) {
                        break;
                    }
                    lastEndpoint = e;
                    addRequest(inc, r, freed);
                }
            }
            case TIME_WINDOW, QUEUE_ORDER -> {
                int[] byStart = inc.byStart();
                int first = random.nextInt(Math.max(1, total - target + 1));
                for (int k = first; k < Math.min(total, first + target); k++) {
                    freed.set(byStart[k]);
                }
            }
            case NODE_PAIR -> {
                List<Integer> busy = new ArrayList<>();
                for (int n = 0; n < c.nodeCount(); n++) {
                    if (inc.plan().queueLength(n) > 0) {
                        busy.add(n);
                    }
                }
                int a = busy.get(random.nextInt(busy.size()));
                int[] queue = inc.plan().queue(a);
                int half = Math.max(1, target / 2);
                int from = random.nextInt(Math.max(1, queue.length - half + 1));
                double windowStart = Double.POSITIVE_INFINITY;
                double windowEnd = Double.NEGATIVE_INFINITY;
                for (int k = from; k < Math.min(queue.length, from + half); k++) {
                    freed.set(queue[k]);
                    windowStart = Math.min(windowStart, inc.evaluation().startSeconds(queue[k]));
                    windowEnd = Math.max(windowEnd, inc.evaluation().finishSeconds(queue[k]));
                }
                if (busy.size() > 1) {
                    int k = random.nextInt(busy.size() - 1);
                    int b = busy.get(k >= busy.indexOf(a) ? k + 1 : k);
                    for (int id : inc.plan().queue(b)) {
                        if (freed.cardinality() >= target) {
                            break;
                        }
                        double s = inc.evaluation().startSeconds(id);
                        if (s < windowEnd && inc.evaluation().finishSeconds(id) > windowStart) {
                            freed.set(id);
                        }
                    }
                }
            }
            case CRITICAL -> {
                Integer[] requests = new Integer[c.requestCount()];
                double[] key = new double[c.requestCount()];
                for (int r = 0; r < requests.length; r++) {
                    requests[r] = r;
                    key[r] = c.objective() == PipelineObjective.MAKESPAN ? inc.evaluation().completionSeconds(r)
                            : inc.evaluation().latencySeconds(r);
                    // A little noise so that repeated picks differ; seeded, so still deterministic.
                    key[r] *= 1 + 0.05 * random.nextDouble();
                }
                Arrays.sort(requests, (x, y) -> Double.compare(key[y], key[x]));
                addRequests(inc, Arrays.stream(requests).mapToInt(Integer::intValue).toArray(), freed, target);
            }
            default -> throw new IllegalStateException(name());
        }
        if (freed.isEmpty()) {
            freed.set(random.nextInt(total));
        }
        return freed;
    }

    private static void addRequests(Incumbent inc, int[] order, BitSet freed, int target) {
        for (int r : order) {
            if (freed.cardinality() >= target) {
                return;
            }
            addRequest(inc, r, freed);
        }
    }

    private static void addRequest(Incumbent inc, int r, BitSet freed) {
        for (int id : inc.subtasksOf()[r]) {
            freed.set(id);
        }
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }
}
