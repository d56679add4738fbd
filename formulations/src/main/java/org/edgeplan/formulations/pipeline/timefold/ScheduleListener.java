package org.edgeplan.formulations.pipeline.timefold;

import ai.timefold.solver.core.api.domain.variable.ListVariableListener;
import ai.timefold.solver.core.api.score.director.ScoreDirector;

/**
 * Keeps the shadow times of every {@link SubtaskJob} equal to the evaluator's (without exclusive channels) after each
 * change of the node queues.
 *
 * <p>Precedence crosses nodes, so one move can shift times on every node. The listener therefore re-times the whole
 * schedule from the queues ({@link ScheduleTimer}: {@link org.edgeplan.pipeline.QueueTiming}, the evaluator's timing
 * code and arithmetic, so the times agree bit for bit). Only subtasks whose values changed are reported to the score
 * director, so constraint streams update only those; on the shipped instances those updates, not the pass, dominate
 * the cost of a move.
 *
 * <p>When it re-times: a move notifies {@code before...} for each genuine change, then {@code after...} when Timefold
 * triggers the listeners. Classic moves (list change, list swap) trigger once, after all their changes; the first
 * {@code after...} event re-times (the queues are final by then), later events of the same trigger find nothing
 * dirty. Moves of the preview Move API trigger after each of their operations; {@link GroupPlacementMove} and
 * {@link RequestPriorityMove} run theirs inside an open {@link MoveBatch}, during which this listener only notes
 * that it is dirty, and {@link MoveBatchListener} re-times once when the batch closes.
 *
 * <p>Why not Timefold's declarative shadow variables ({@code @ShadowSources}, which 1.32 recommends), and why the
 * deprecated listener API: see {@code TIMEFOLD-B.md}, "Shadow variables" (measured: declarative suppliers over
 * {@code previous.finish} and {@code predecessors[].finish} evaluated far fewer moves per second;
 * {@code @CascadingUpdateShadowVariable} cannot express precedence across nodes). This listener uses the listener
 * API that Timefold 1.x deprecates; moving to Timefold 2 (Java 21) means porting it.
 */
@SuppressWarnings("removal")
public final class ScheduleListener implements ListVariableListener<PipelineSchedule, Object, SubtaskJob> {
    private final ScheduleTimer timer = new ScheduleTimer();
    private boolean dirty = true;

    @Override
    public void resetWorkingSolution(ScoreDirector<PipelineSchedule> scoreDirector) {
        timer.reset();
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
        retimeIfDirty(scoreDirector);
    }

    @Override
    public void afterListVariableElementUnassigned(ScoreDirector<PipelineSchedule> scoreDirector,
                                                   SubtaskJob element) {
        dirty = true;
        retimeIfDirty(scoreDirector);
    }

    // Entity events: Timefold reports the shadow entities (subtasks) here when it resets the working solution.
    @Override
    public void beforeEntityAdded(ScoreDirector<PipelineSchedule> scoreDirector, Object entity) {
        dirty = true;
    }

    @Override
    public void afterEntityAdded(ScoreDirector<PipelineSchedule> scoreDirector, Object entity) {
        retimeIfDirty(scoreDirector);
    }

    @Override
    public void beforeEntityRemoved(ScoreDirector<PipelineSchedule> scoreDirector, Object entity) {
        dirty = true;
    }

    @Override
    public void afterEntityRemoved(ScoreDirector<PipelineSchedule> scoreDirector, Object entity) {
        retimeIfDirty(scoreDirector);
    }

    private void retimeIfDirty(ScoreDirector<PipelineSchedule> scoreDirector) {
        // Inside an open batch the queues are between two operations of one move: MoveBatchListener re-times
        // when the batch closes (and, in an undo, when the reopened batch closes again).
        if (!dirty || scoreDirector.getWorkingSolution().getMoveBatch().isOpen()) {
            return;
        }
        dirty = false;
        timer.retime(scoreDirector);
    }
}
