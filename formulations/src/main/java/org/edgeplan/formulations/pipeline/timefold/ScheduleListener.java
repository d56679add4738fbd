package org.edgeplan.formulations.pipeline.timefold;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import ai.timefold.solver.core.api.domain.variable.ListVariableListener;
import ai.timefold.solver.core.api.score.director.ScoreDirector;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.QueueTiming;

/**
 * Keeps the shadow times of every {@link SubtaskJob} equal to the evaluator's (without exclusive channels) after each
 * change of the node queues.
 *
 * <p>Precedence crosses nodes, so one move can shift times on every node. The listener therefore re-times the whole
 * schedule from the queues, once per move, with {@link QueueTiming} and the evaluator's durations in seconds: the
 * same timing code and arithmetic the {@link org.edgeplan.pipeline.PipelineEvaluator} uses, so the times agree bit
 * for bit. What that pass never reaches lies on or behind a cycle: the queue orders contradict precedence, those
 * subtasks never start (the evaluator's deadlock) and are marked deadlocked with no times. Only subtasks whose values
 * changed are reported to the score director, so constraint streams update only those; on the shipped instances
 * those updates, not the pass, dominate the cost of a move.
 *
 * <p>Why not Timefold's declarative shadow variables ({@code @ShadowSources}, which 1.32 recommends)? Modelled that
 * way (ready and finish suppliers over "previous.finish" and "predecessors[].finish"), the solver evaluated 30-60
 * moves per second on the 450-subtask instance (about 20 times fewer than with this listener, same machine), its
 * time spent in the generic graph updater and its loop detection (random list moves deadlock about a third of the
 * time). This listener uses the deprecated listener API of Timefold 1.x; moving to Timefold 2 means porting it.
 *
 * <p>A move notifies {@code before...} for each genuine change, then {@code after...} once the whole move is done;
 * the first {@code after...} event recomputes (the queues are already in their final state), later events of the
 * same move find nothing dirty.
 */
@SuppressWarnings("removal")
public final class ScheduleListener implements ListVariableListener<PipelineSchedule, Object, SubtaskJob> {
    private boolean dirty = true;
    private SubtaskJob[] jobs;
    private QueueTiming timing;
    private QueueTiming.Durations seconds;
    private int[] nodeOf;
    private int[] queueStart;
    private int[] queueFlat;

    @Override
    public void resetWorkingSolution(ScoreDirector<PipelineSchedule> scoreDirector) {
        PipelineSchedule schedule = scoreDirector.getWorkingSolution();
        CompiledPipeline model = schedule.getModel();
        List<SubtaskJob> all = schedule.getSubtasks();
        int n = all.size();
        jobs = new SubtaskJob[n];
        for (SubtaskJob job : all) {
            jobs[job.id()] = job;
        }
        timing = new QueueTiming(model);
        seconds = QueueTiming.seconds(model);
        nodeOf = new int[n];
        queueStart = new int[model.nodeCount() + 1];
        queueFlat = new int[n];
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

    /** The queues as flat arrays, then one {@link QueueTiming} pass; unreached subtasks keep NaN. */
    private void schedule(PipelineSchedule solution) {
        Arrays.fill(nodeOf, -1);
        int flat = 0;
        List<NodeQueue> queues = solution.getQueues(); // the queue of node i at position i
        for (int node = 0; node < queues.size(); node++) {
            queueStart[node] = flat;
            for (SubtaskJob job : queues.get(node).getSubtasks()) {
                nodeOf[job.id()] = node;
                queueFlat[flat++] = job.id();
            }
        }
        queueStart[queues.size()] = flat;
        timing.time(nodeOf, queueStart, queueFlat, seconds);
    }

    /** Writes the computed values into the entities that differ, telling the score director about each change. */
    private void publish(ScoreDirector<PipelineSchedule> scoreDirector) {
        for (int id = 0; id < jobs.length; id++) {
            SubtaskJob job = jobs[id];
            boolean assigned = nodeOf[id] >= 0;
            boolean scheduled = !Double.isNaN(timing.finish(id));
            Double newReady = scheduled ? timing.ready(id) : null;
            Double newStart = scheduled ? timing.start(id) : null;
            Double newFinish = scheduled ? timing.finish(id) : null;
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
