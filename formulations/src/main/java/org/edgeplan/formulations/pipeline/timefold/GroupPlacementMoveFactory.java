package org.edgeplan.formulations.pipeline.timefold;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

import ai.timefold.solver.core.api.score.director.ScoreDirector;
import ai.timefold.solver.core.impl.heuristic.selector.move.factory.MoveIteratorFactory;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineInstance;

/**
 * Generates {@link GroupPlacementMove}s: in static mode, one layer of all requests of an endpoint, or a suffix of
 * layers (in topological order, so closed under successors: a split point; from layer 0, the whole model) of all
 * its requests; in dynamic mode, a suffix (or all) of the layers of one request. Random selection picks a group uniformly, then an allowed node other than the one its first
 * member is on.
 */
public final class GroupPlacementMoveFactory implements MoveIteratorFactory<PipelineSchedule, GroupPlacementMove> {
    // Built once per phase: groups are fixed facts, only the entities' queues change.
    private PipelineSchedule cachedFor;
    private List<Group> cachedGroups;
    private List<List<Integer>> cachedAllowed;

    /** Candidate groups of one schedule, with their kind. */
    private record Group(List<SubtaskJob> jobs, String kind) {
    }

    private static List<Group> groups(PipelineSchedule schedule) {
        CompiledPipeline model = schedule.getModel();
        PipelineInstance instance = model.instance();
        List<SubtaskJob> jobs = schedule.getSubtasks();
        List<Group> groups = new ArrayList<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            DnnGraph dnn = instance.model(e);
            int requests = instance.endpoint(e).requestCount();
            if (!model.dynamic()) {
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
                    if (dnn.layerCount() > 1) {
                        groups.add(new Group(suffix, v == 0 ? "endpoint" : "endpoint-suffix"));
                    }
                }
            } else {
                for (int k = 0; k < requests; k++) {
                    for (int v = 0; v < dnn.layerCount(); v++) {
                        List<SubtaskJob> suffix = new ArrayList<>(dnn.layerCount() - v);
                        for (int u = v; u < dnn.layerCount(); u++) {
                            suffix.add(jobs.get(instance.subtaskId(e, k, u)));
                        }
                        groups.add(new Group(suffix, v == 0 ? "request" : "request-suffix"));
                    }
                }
            }
        }
        return groups;
    }

    private static List<Integer> allowedNodes(CompiledPipeline model, SubtaskJob first) {
        List<Integer> nodes = new ArrayList<>();
        for (int node = 0; node < model.instance().nodeCount(); node++) {
            if (model.allowed(first.id(), node)) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    private void cache(PipelineSchedule schedule) {
        if (cachedFor == schedule) {
            return;
        }
        cachedFor = schedule;
        cachedGroups = groups(schedule);
        cachedAllowed = new ArrayList<>(cachedGroups.size());
        for (Group group : cachedGroups) {
            cachedAllowed.add(allowedNodes(schedule.getModel(), group.jobs().get(0)));
        }
    }

    @Override
    public void phaseStarted(ScoreDirector<PipelineSchedule> scoreDirector) {
        cachedFor = null;
        cache(scoreDirector.getWorkingSolution());
    }

    @Override
    public long getSize(ScoreDirector<PipelineSchedule> scoreDirector) {
        cache(scoreDirector.getWorkingSolution());
        long size = 0;
        for (List<Integer> nodes : cachedAllowed) {
            size += nodes.size();
        }
        return size;
    }

    @Override
    public Iterator<GroupPlacementMove> createOriginalMoveIterator(ScoreDirector<PipelineSchedule> scoreDirector) {
        PipelineSchedule schedule = scoreDirector.getWorkingSolution();
        cache(schedule);
        List<GroupPlacementMove> moves = new ArrayList<>();
        for (int g = 0; g < cachedGroups.size(); g++) {
            for (int node : cachedAllowed.get(g)) {
                moves.add(new GroupPlacementMove(cachedGroups.get(g).jobs(), schedule.getQueues().get(node),
                        cachedGroups.get(g).kind()));
            }
        }
        return moves.iterator();
    }

    @Override
    public Iterator<GroupPlacementMove> createRandomMoveIterator(ScoreDirector<PipelineSchedule> scoreDirector,
                                                                 Random workingRandom) {
        PipelineSchedule schedule = scoreDirector.getWorkingSolution();
        cache(schedule);
        List<Group> groups = cachedGroups;
        List<List<Integer>> allowed = cachedAllowed;
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
