package org.edgeplan.formulations.pipeline.timefold;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import ai.timefold.solver.core.api.score.director.ScoreDirector;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.QueueTiming;

/**
 * The re-timing behind {@link ScheduleListener} and {@link MoveBatchListener}: the whole schedule from its queues
 * with {@link QueueTiming} and the evaluator's durations in seconds (the same timing code and arithmetic as
 * {@link org.edgeplan.pipeline.PipelineEvaluator}, so the times agree bit for bit), then only the shadow values that
 * changed written back, each change told to the score director. Subtasks the timing never reaches lie on or behind a
 * cycle (queue orders that contradict precedence): they never start, are deadlocked and have no times.
 */
final class ScheduleTimer {
    private PipelineSchedule solution;
    private SubtaskJob[] jobs;
    private QueueTiming timing;
    private QueueTiming.Durations seconds;
    private int[] nodeOf;
    private int[] queueStart;
    private int[] queueFlat;

    /** Forgets the arrays of the previous working solution (they are rebuilt on the next re-timing). */
    void reset() {
        solution = null;
    }

    /** Re-times the working solution and publishes the shadow values that changed. */
    void retime(ScoreDirector<PipelineSchedule> scoreDirector) {
        PipelineSchedule working = scoreDirector.getWorkingSolution();
        if (working != solution) {
            prepare(working);
        }
        schedule(working);
        publish(scoreDirector);
    }

    private void prepare(PipelineSchedule schedule) {
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
        solution = schedule;
    }

    /** The queues as flat arrays, then one {@link QueueTiming} pass; unreached subtasks keep NaN. */
    private void schedule(PipelineSchedule schedule) {
        Arrays.fill(nodeOf, -1);
        int flat = 0;
        List<NodeQueue> queues = schedule.getQueues(); // the queue of node i at position i
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
            if (Objects.equals(job.getReady(), newReady) && Objects.equals(job.getStart(), newStart)
                    && Objects.equals(job.getFinish(), newFinish) && job.isDeadlocked() == newDeadlocked) {
                continue;
            }
            // One notification per changed subtask for all four values: constraint streams re-read the whole
            // entity on an update, and each notification costs a variable-descriptor lookup inside Timefold
            // (at 5 040 subtasks 38 % of the search time with one per value; TIMEFOLD-B.md).
            scoreDirector.beforeVariableChanged(job, "finish");
            job.setReady(newReady);
            job.setStart(newStart);
            job.setFinish(newFinish);
            job.setDeadlocked(newDeadlocked);
            scoreDirector.afterVariableChanged(job, "finish");
        }
    }
}
