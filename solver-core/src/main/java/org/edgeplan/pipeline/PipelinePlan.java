package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.edgeplan.core.Plan;
import org.edgeplan.core.ProblemKind;

/**
 * A plan of problem B: for each node (by index), the order of its queue. The node of a subtask is the node
 * whose queue holds it, so placement and scheduling are one value. Whether every subtask appears exactly once,
 * on an allowed node, in an order that respects precedence, is the evaluator's to say.
 */
public final class PipelinePlan implements Plan {
    private final int[][] queues;

    public PipelinePlan(List<int[]> queues) {
        this.queues = new int[queues.size()][];
        for (int n = 0; n < queues.size(); n++) {
            this.queues[n] = queues.get(n).clone();
        }
    }

    @Override
    public ProblemKind kind() {
        return ProblemKind.PIPELINE;
    }

    public int nodeCount() {
        return queues.length;
    }

    /** The subtask ids of node n's queue, in order (a copy). */
    public int[] queue(int n) {
        return queues[n].clone();
    }

    public int queueLength(int n) {
        return queues[n].length;
    }

    public int queueEntry(int n, int position) {
        return queues[n][position];
    }

    /** All queues (copies). */
    public List<int[]> queues() {
        List<int[]> out = new ArrayList<>(queues.length);
        for (int[] q : queues) {
            out.add(q.clone());
        }
        return out;
    }

    /**
     * The node of every subtask, for a plan in which each subtask 0..count-1 appears exactly once; -1 for a subtask
     * that is missing. Use the evaluator to check a plan of unknown quality.
     */
    public int[] nodeOf(int subtaskCount) {
        int[] nodeOf = new int[subtaskCount];
        Arrays.fill(nodeOf, -1);
        for (int n = 0; n < queues.length; n++) {
            for (int id : queues[n]) {
                if (id >= 0 && id < subtaskCount) {
                    nodeOf[id] = n;
                }
            }
        }
        return nodeOf;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipelinePlan p && Arrays.deepEquals(p.queues, queues);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(queues);
    }

    @Override
    public String toString() {
        return "PipelinePlan" + Arrays.deepToString(queues);
    }
}
