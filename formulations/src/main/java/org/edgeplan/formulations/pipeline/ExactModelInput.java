package org.edgeplan.formulations.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementCandidates;

/**
 * What both exact models of problem B (CP-SAT and MILP) build from: the instance's one compiled form, the candidate
 * nodes of every subtask ({@link PlacementCandidates}), and the symmetry of interchangeable nodes. It adds no copy of
 * the instance's data: everything per subtask, edge, request and node is read from {@link #compiled()}.
 */
public final class ExactModelInput {
    private final CompiledPipeline c;
    private final PlacementCandidates placement;
    private final int[][] candidates;

    public ExactModelInput(PipelineInstance instance) {
        this(new CompiledPipeline(instance));
    }

    public ExactModelInput(CompiledPipeline compiled) {
        this.c = compiled;
        this.placement = PlacementCandidates.of(compiled);
        this.candidates = placement.all();
    }

    public CompiledPipeline compiled() {
        return c;
    }

    public PipelineInstance instance() {
        return c.instance();
    }

    /** Why no plan can exist, found without search; {@code null} when nothing obvious is wrong. */
    public String infeasibleReason() {
        return placement.infeasibleReason();
    }

    /** The candidate nodes of subtask {@code id}, ascending. The array is this object's: do not modify it. */
    public int[] candidates(int id) {
        return candidates[id];
    }

    public boolean isCandidate(int id, int node) {
        return placement.contains(id, node);
    }

    /** Whether every subtask {@code from..to} (inclusive) may run on {@code node}. */
    public boolean candidateForAll(int from, int to, int node) {
        for (int id = from; id <= to; id++) {
            if (!isCandidate(id, node)) {
                return false;
            }
        }
        return true;
    }

    /** Number of transfers: data edges, inputs (one per source subtask) and results (one per request). */
    public int transferCount() {
        return c.edgeCount() + c.sourceCount() + c.requestCount();
    }

    /**
     * Groups of interchangeable nodes, or an empty list when nodes cannot be swapped safely. Nodes are
     * interchangeable when every transfer the model can need takes zero time and has a channel, and they have the
     * same speed, memory, queue limit and, for every endpoint, the same permission: then relabelling them maps
     * plans to plans of equal cost (the Standard Task Graph case: identical processors, no communication).
     */
    public List<int[]> interchangeableGroups() {
        int nodes = c.nodeCount();
        for (int a = 0; a < nodes; a++) {
            for (int b = 0; b < nodes; b++) {
                if (a != b && !c.connected(a, b)) {
                    return List.of();
                }
            }
        }
        double maxBytes = 0;
        for (int id = 0; id < c.subtaskCount(); id++) {
            maxBytes = Math.max(maxBytes, Math.max(c.outputBytes(id), c.inputBytes(c.endpointOf(id))));
        }
        for (int r = 0; r < c.requestCount(); r++) {
            maxBytes = Math.max(maxBytes, c.resultBytes(c.endpointOfRequest(r)));
        }
        for (int a = 0; a < nodes; a++) {
            for (int b = 0; b < nodes; b++) {
                if (c.instance().transferSeconds(a, b, maxBytes) != 0) { // monotone in bytes
                    return List.of();
                }
            }
        }
        List<int[]> groups = new ArrayList<>();
        boolean[] taken = new boolean[nodes];
        for (int a = 0; a < nodes; a++) {
            if (taken[a]) {
                continue;
            }
            List<Integer> group = new ArrayList<>();
            group.add(a);
            for (int b = a + 1; b < nodes; b++) {
                if (!taken[b] && sameNode(a, b)) {
                    group.add(b);
                    taken[b] = true;
                }
            }
            if (group.size() > 1) {
                groups.add(group.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return groups;
    }

    private boolean sameNode(int a, int b) {
        Node x = c.instance().node(a);
        Node y = c.instance().node(b);
        if (x.speedFlopsPerSecond() != y.speedFlopsPerSecond() || !x.memoryBytes().equals(y.memoryBytes())
                || !x.queueLimit().equals(y.queueLimit())) {
            return false;
        }
        for (int id = 0; id < c.subtaskCount(); id++) {
            if (isCandidate(id, a) != isCandidate(id, b)) {
                return false;
            }
        }
        return true;
    }

    /** Whether every node runs every subtask in the same time (identical machines). */
    public boolean identicalDurations() {
        for (int id = 0; id < c.subtaskCount(); id++) {
            if (candidates[id].length != c.nodeCount()) {
                return false;
            }
            for (int n = 1; n < c.nodeCount(); n++) {
                if (c.computeSeconds(id, n) != c.computeSeconds(id, 0)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The plan with the nodes of each interchangeable group renamed in order of first use by decision index, so
     * that the i-th decision using a group uses one of its first i + 1 members (the symmetry-breaking rule of the
     * exact models). Interchangeable nodes make the renamed plan cost the same.
     */
    public PipelinePlan canonical(PipelinePlan plan, List<int[]> symmetricGroups) {
        if (symmetricGroups.isEmpty()) {
            return plan;
        }
        int nodes = c.nodeCount();
        int[] nodeOf = plan.nodeOf(c.subtaskCount());
        int[] rename = new int[nodes];
        for (int node = 0; node < nodes; node++) {
            rename[node] = node;
        }
        for (int[] group : symmetricGroups) {
            Set<Integer> members = new HashSet<>();
            for (int g : group) {
                members.add(g);
            }
            int[] decisionNode = new int[c.decisionCount()];
            Arrays.fill(decisionNode, -1);
            for (int id = 0; id < c.subtaskCount(); id++) {
                decisionNode[c.decisionOf(id)] = nodeOf[id];
            }
            List<Integer> order = new ArrayList<>();
            for (int decision = 0; decision < c.decisionCount(); decision++) {
                int node = decisionNode[decision];
                if (node >= 0 && members.contains(node) && !order.contains(node)) {
                    order.add(node);
                }
            }
            for (int g : group) {
                if (!order.contains(g)) {
                    order.add(g);
                }
            }
            for (int rank = 0; rank < group.length; rank++) {
                rename[order.get(rank)] = group[rank];
            }
        }
        List<int[]> queues = new ArrayList<>();
        for (int node = 0; node < nodes; node++) {
            queues.add(new int[0]);
        }
        for (int node = 0; node < nodes; node++) {
            queues.set(rename[node], plan.queue(node));
        }
        return new PipelinePlan(queues);
    }

    /**
     * The plan of a timed schedule: each node's queue in order of start time, ties broken by end time, then by
     * layer index (so an ancestor with zero duration goes first), then by id. Times are snapped to a grid of
     * {@code resolution} first, so that floating-point noise from a MILP cannot reorder equal times.
     */
    public PipelinePlan planOf(int[] nodeOf, double[] start, double[] end, double resolution) {
        int subtasks = c.subtaskCount();
        long[] s = new long[subtasks];
        long[] e = new long[subtasks];
        for (int id = 0; id < subtasks; id++) {
            s[id] = Math.round(start[id] / resolution);
            e[id] = Math.round(end[id] / resolution);
        }
        List<int[]> queues = new ArrayList<>();
        for (int n = 0; n < c.nodeCount(); n++) {
            int node = n;
            queues.add(IntStream.range(0, subtasks).filter(id -> nodeOf[id] == node).boxed()
                    .sorted(Comparator.<Integer>comparingLong(id -> s[id]).thenComparingLong(id -> e[id])
                            .thenComparingInt(c::layerOf).thenComparingInt(id -> id))
                    .mapToInt(Integer::intValue).toArray());
        }
        return new PipelinePlan(queues);
    }
}
