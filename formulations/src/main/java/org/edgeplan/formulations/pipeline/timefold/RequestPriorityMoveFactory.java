package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.Set;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;

/**
 * Generates {@link RequestPriorityMove}s. Random selection picks a subtask uniformly and gives its request priority on
 * the subtask's node (so busy nodes and many-layer requests are picked more often); the original order lists every
 * (node, request) pair with at least two subtasks of the request on the node.
 */
public final class RequestPriorityMoveFactory implements MoveIteratorFactory<PipelineSchedule, RequestPriorityMove> {
    @Override
    public long getSize(ScoreDirector<PipelineSchedule> scoreDirector) {
        return scoreDirector.getWorkingSolution().getSubtasks().size();
    }

    @Override
    public Iterator<RequestPriorityMove> createOriginalMoveIterator(ScoreDirector<PipelineSchedule> scoreDirector) {
        List<RequestPriorityMove> moves = new ArrayList<>();
        for (NodeQueue queue : scoreDirector.getWorkingSolution().getQueues()) {
            Set<Integer> seen = new HashSet<>();
            for (SubtaskJob job : queue.getSubtasks()) {
                int request = job.model().requestOf(job.id());
                if (seen.add(request)) {
                    moves.add(new RequestPriorityMove(queue, request));
                }
            }
        }
        return moves.iterator();
    }

    @Override
    public Iterator<RequestPriorityMove> createRandomMoveIterator(ScoreDirector<PipelineSchedule> scoreDirector,
                                                                  Random workingRandom) {
        List<SubtaskJob> jobs = scoreDirector.getWorkingSolution().getSubtasks();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !jobs.isEmpty();
            }

            @Override
            public RequestPriorityMove next() {
                if (jobs.isEmpty()) {
                    throw new NoSuchElementException();
                }
                SubtaskJob job = jobs.get(workingRandom.nextInt(jobs.size()));
                return new RequestPriorityMove(job.getQueue(), job.model().requestOf(job.id()));
            }
        };
    }
}
