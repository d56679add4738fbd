package org.edgeplan.formulations.pipeline.timefold;

import java.util.List;
import java.util.Objects;

import ai.timefold.solver.core.api.domain.variable.ListVariableListener;
import ai.timefold.solver.core.api.score.director.ScoreDirector;

/**
 * Keeps the shadow times of every {@link SubtaskJob} equal to the evaluator's simulation (without exclusive
 * channels) after each change of the node queues.
 *
 * <p>Precedence crosses nodes, so one move can shift times on every node. The listener therefore recomputes the
 * whole schedule from the queues, once per move: a Kahn pass in topological order over the graph of data edges plus
 * queue-order edges (each subtask after the previous one of its queue), over flat arrays, O(subtasks + edges). What
 * that pass never reaches lies on or behind a cycle: the queue orders contradict precedence, those subtasks never
 * start (the evaluator's deadlock) and are marked deadlocked with no times. Only subtasks whose values changed are
 * reported to the score director, so constraint streams update only those; on the shipped instances those
 * updates, not the pass, dominate the cost of a move.
 *
 * <p>Why not Timefold's declarative shadow variables ({@code @ShadowSources}, which 1.32 recommends)? Modelled that
 * way (ready and finish suppliers over "previous.finish" and "predecessors[].finish"), the solver evaluated 30-60
 * moves per second on the 450-subtask instance (about 20 times fewer than with this listener, same machine), its time spent in the generic graph updater and its loop detection
 * (random list moves deadlock about a third of the time). This listener uses the deprecated listener API of
 * Timefold 1.x; moving to Timefold 2 means porting it.
 *
 * <p>A move notifies {@code before...} for each genuine change, then {@code after...} once the whole move is done;
 * the first {@code after...} event recomputes (the queues are already in their final state), later events of the
 * same move find nothing dirty.
 */
@SuppressWarnings("removal")
public final class ScheduleListener implements ListVariableListener<PipelineSchedule, Object, SubtaskJob> {
    private boolean dirty = true;
    private SubtaskJob[] jobs;
    private ScheduleModel model;
    private int[] predStart;
    private int[] predIds;
    private int[] succStart;
    private int[] succIds;
    private int[] nodeOf;
    private int[] prevOf;
    private int[] nextOf;
    private int[] waiting;
    private int[] order;
    private double[] ready;
    private double[] start;
    private double[] finish;

    @Override
    public void resetWorkingSolution(ScoreDirector<PipelineSchedule> scoreDirector) {
        PipelineSchedule schedule = scoreDirector.getWorkingSolution();
        model = schedule.getModel();
        List<SubtaskJob> all = schedule.getSubtasks();
        int n = all.size();
        jobs = new SubtaskJob[n];
        for (SubtaskJob job : all) {
            jobs[job.id()] = job;
        }
        predStart = new int[n + 1];
        int[] succCount = new int[n + 1];
        for (SubtaskJob job : jobs) {
            predStart[job.id() + 1] = job.getPredecessors().size();
            for (SubtaskJob u : job.getPredecessors()) {
                succCount[u.id() + 1]++;
            }
        }
        for (int id = 0; id < n; id++) {
            predStart[id + 1] += predStart[id];
            succCount[id + 1] += succCount[id];
        }
        predIds = new int[predStart[n]];
        succStart = succCount.clone();
        succIds = new int[predStart[n]];
        int[] filled = new int[n];
        for (SubtaskJob job : jobs) {
            int p = predStart[job.id()];
            for (SubtaskJob u : job.getPredecessors()) {
                predIds[p++] = u.id();
                succIds[succStart[u.id()] + filled[u.id()]++] = job.id();
            }
        }
        nodeOf = new int[n];
        prevOf = new int[n];
        nextOf = new int[n];
        waiting = new int[n];
        order = new int[n];
        ready = new double[n];
        start = new double[n];
        finish = new double[n];
        dirty = true;
    }

    @Override
    public void beforeListVariableChanged(ScoreDirector<PipelineSchedule> scoreDirector, Object entity,
                                          int fromIndex, int toIndex) {
        dirty = true;
    }

    @Override
    public void afterListVariableChanged(ScoreDirector<PipelineSchedule> scoreDirector, Object entity,
                                         int fromIndex, int toIndex) {
        recomputeIfDirty(scoreDirector);
    }

    @Override
    public void afterListVariableElementUnassigned(ScoreDirector<PipelineSchedule> scoreDirector,
                                                   SubtaskJob element) {
        dirty = true;
        recomputeIfDirty(scoreDirector);
    }

    // Entity events: Timefold reports the shadow entities (subtasks) here when it resets the working solution.
    @Override
    public void beforeEntityAdded(ScoreDirector<PipelineSchedule> scoreDirector, Object entity) {
        dirty = true;
    }

    @Override
    public void afterEntityAdded(ScoreDirector<PipelineSchedule> scoreDirector, Object entity) {
        recomputeIfDirty(scoreDirector);
    }

    @Override
    public void beforeEntityRemoved(ScoreDirector<PipelineSchedule> scoreDirector, Object entity) {
        dirty = true;
    }

    @Override
    public void afterEntityRemoved(ScoreDirector<PipelineSchedule> scoreDirector, Object entity) {
        recomputeIfDirty(scoreDirector);
    }

    private void recomputeIfDirty(ScoreDirector<PipelineSchedule> scoreDirector) {
        if (!dirty) {
            return;
        }
        dirty = false;
        if (jobs == null) {
            resetWorkingSolution(scoreDirector);
            dirty = false;
        }
        schedule(scoreDirector.getWorkingSolution());
        publish(scoreDirector);
    }

    /** Kahn's pass over data edges and queue order; unreached subtasks keep NaN (deadlocked or unassigned). */
    private void schedule(PipelineSchedule solution) {
        int n = jobs.length;
        java.util.Arrays.fill(nodeOf, -1);
        for (NodeQueue queue : solution.getQueues()) {
            List<SubtaskJob> list = queue.getSubtasks();
            int previous = -1;
            for (SubtaskJob job : list) {
                int id = job.id();
                nodeOf[id] = queue.index();
                prevOf[id] = previous;
                if (previous >= 0) {
                    nextOf[previous] = id;
                }
                previous = id;
            }
            if (previous >= 0) {
                nextOf[previous] = -1;
            }
        }
        int head = 0;
        int tail = 0;
        for (int id = 0; id < n; id++) {
            ready[id] = Double.NaN;
            start[id] = Double.NaN;
            finish[id] = Double.NaN;
            if (nodeOf[id] < 0) {
                waiting[id] = -1;
                continue;
            }
            waiting[id] = (predStart[id + 1] - predStart[id]) + (prevOf[id] >= 0 ? 1 : 0);
            if (waiting[id] == 0) {
                order[tail++] = id;
            }
        }
        while (head < tail) {
            int id = order[head++];
            int node = nodeOf[id];
            double r;
            if (predStart[id] == predStart[id + 1]) {
                r = model.inputArrivalSeconds(id, node);
            } else {
                r = Double.NEGATIVE_INFINITY;
                for (int p = predStart[id]; p < predStart[id + 1]; p++) {
                    int u = predIds[p];
                    double arrival = model.outputArrivalSeconds(u, nodeOf[u], finish[u], node);
                    if (arrival > r) {
                        r = arrival;
                    }
                }
            }
            double s = prevOf[id] >= 0 ? Math.max(finish[prevOf[id]], r) : r;
            ready[id] = r;
            start[id] = s;
            finish[id] = s + model.computeSeconds(id, node);
            for (int k = succStart[id]; k < succStart[id + 1]; k++) {
                int v = succIds[k];
                if (waiting[v] > 0 && --waiting[v] == 0) {
                    order[tail++] = v;
                }
            }
            int next = nextOf[id];
            if (next >= 0 && --waiting[next] == 0) {
                order[tail++] = next;
            }
        }
    }

    /** Writes the computed values into the entities that differ, telling the score director about each change. */
    private void publish(ScoreDirector<PipelineSchedule> scoreDirector) {
        for (int id = 0; id < jobs.length; id++) {
            SubtaskJob job = jobs[id];
            boolean assigned = nodeOf[id] >= 0;
            boolean scheduled = !Double.isNaN(finish[id]);
            Double newReady = scheduled ? ready[id] : null;
            Double newStart = scheduled ? start[id] : null;
            Double newFinish = scheduled ? finish[id] : null;
            boolean newDeadlocked = assigned && !scheduled;
            if (!Objects.equals(job.getReady(), newReady)) {
                scoreDirector.beforeVariableChanged(job, "ready");
                job.setReady(newReady);
                scoreDirector.afterVariableChanged(job, "ready");
            }
            if (!Objects.equals(job.getStart(), newStart)) {
                scoreDirector.beforeVariableChanged(job, "start");
                job.setStart(newStart);
                scoreDirector.afterVariableChanged(job, "start");
            }
            if (!Objects.equals(job.getFinish(), newFinish)) {
                scoreDirector.beforeVariableChanged(job, "finish");
                job.setFinish(newFinish);
                scoreDirector.afterVariableChanged(job, "finish");
            }
            if (job.isDeadlocked() != newDeadlocked) {
                scoreDirector.beforeVariableChanged(job, "deadlocked");
                job.setDeadlocked(newDeadlocked);
                scoreDirector.afterVariableChanged(job, "deadlocked");
            }
        }
    }
}
