package org.edgeplan.formulations.timefold;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;

/**
 * Generates {@link GroupPlacementMove}s: in static mode, one layer of all requests of an endpoint, or a suffix of
 * layers (in topological order, so closed under successors: a split point) of all its requests; in dynamic mode, a
 * suffix of one request. Random selection picks a group uniformly, then an allowed node other than the one its first
 * member is on.
 */
public final class GroupPlacementMoveFactory implements MoveIteratorFactory<PipelineSchedule, GroupPlacementMove> {

    /** Candidate groups of one schedule, with their kind. */
    private record Group(List<SubtaskJob> jobs, String kind) {
    }

    private static List<Group> groups(PipelineSchedule schedule) {
        ScheduleModel model = schedule.getModel();
        PipelineInstance instance = model.instance();
        List<SubtaskJob> jobs = schedule.getSubtasks();
        List<Group> groups = new ArrayList<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            DnnGraph dnn = instance.model(e);
            int requests = instance.endpoint(e).requestCount();
            if (model.staticMode()) {
                for (int v = 0; v < dnn.layerCount(); v++) {
                    List<SubtaskJob> layer = new ArrayList<>(requests);
                    List<SubtaskJob> suffix = new ArrayList<>();
                    for (int k = 0; k < requests; k++) {
                        layer.add(jobs.get(instance.subtaskId(e, k, v)));
                        for (int u = v; u < dnn.layerCount(); u++) {
                            suffix.add(jobs.get(instance.subtaskId(e, k, u)));
                        }
                    }
                    groups.add(new Group(layer, "layer"));
                    if (v > 0) {
                        groups.add(new Group(suffix, "endpoint-suffix"));
                    }
                }
            } else {
                for (int k = 0; k < requests; k++) {
                    for (int v = 1; v < dnn.layerCount(); v++) {
                        List<SubtaskJob> suffix = new ArrayList<>(dnn.layerCount() - v);
                        for (int u = v; u < dnn.layerCount(); u++) {
                            suffix.add(jobs.get(instance.subtaskId(e, k, u)));
                        }
                        groups.add(new Group(suffix, "request-suffix"));
                    }
                }
            }
        }
        return groups;
    }

    private static List<Integer> allowedNodes(ScheduleModel model, SubtaskJob first) {
        List<Integer> nodes = new ArrayList<>();
        for (int node = 0; node < model.instance().nodeCount(); node++) {
            if (model.allowed(first.id(), node)) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    @Override
    public long getSize(ScoreDirector<PipelineSchedule> scoreDirector) {
        PipelineSchedule schedule = scoreDirector.getWorkingSolution();
        return (long) groups(schedule).size() * Math.max(1, schedule.getQueues().size() - 1);
    }

    @Override
    public Iterator<GroupPlacementMove> createOriginalMoveIterator(ScoreDirector<PipelineSchedule> scoreDirector) {
        PipelineSchedule schedule = scoreDirector.getWorkingSolution();
        List<GroupPlacementMove> moves = new ArrayList<>();
        for (Group group : groups(schedule)) {
            for (int node : allowedNodes(schedule.getModel(), group.jobs().get(0))) {
                moves.add(new GroupPlacementMove(group.jobs(), schedule.getQueues().get(node), group.kind()));
            }
        }
        return moves.iterator();
    }

    @Override
    public Iterator<GroupPlacementMove> createRandomMoveIterator(ScoreDirector<PipelineSchedule> scoreDirector,
                                                                 Random workingRandom) {
        PipelineSchedule schedule = scoreDirector.getWorkingSolution();
        List<Group> groups = groups(schedule);
        List<List<Integer>> allowed = new ArrayList<>(groups.size());
        for (Group group : groups) {
            allowed.add(allowedNodes(schedule.getModel(), group.jobs().get(0)));
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !groups.isEmpty();
            }

            @Override
            public GroupPlacementMove next() {
                if (groups.isEmpty()) {
                    throw new NoSuchElementException();
                }
                int g = workingRandom.nextInt(groups.size());
                Group group = groups.get(g);
                List<Integer> nodes = allowed.get(g);
                int node = nodes.get(workingRandom.nextInt(nodes.size()));
                return new GroupPlacementMove(group.jobs(), schedule.getQueues().get(node), group.kind());
            }
        };
    }
}
