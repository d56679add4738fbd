package org.edgeplan.formulations.pipeline.timefold;

import ai.timefold.solver.core.api.domain.variable.VariableListener;
import ai.timefold.solver.core.api.score.director.ScoreDirector;

/**
 * Re-times the schedule once when a {@link MoveBatch} closes: the end of a multi-operation move, or the end of its
 * undo (which replays the operations in reverse and so closes the batch it reopened last). Between the operations
 * {@link ScheduleListener} defers; see {@link MoveBatch} for why. The same re-timing as that listener
 * ({@link ScheduleTimer}), so it is declared a source of the same shadow variables ({@link SubtaskJob}).
 */
@SuppressWarnings("removal")
public final class MoveBatchListener implements VariableListener<PipelineSchedule, MoveBatch> {
    private final ScheduleTimer timer = new ScheduleTimer();

    @Override
    public void resetWorkingSolution(ScoreDirector<PipelineSchedule> scoreDirector) {
        timer.reset();
    }

    @Override
    public void beforeVariableChanged(ScoreDirector<PipelineSchedule> scoreDirector, MoveBatch batch) {
        // Nothing: the times are recomputed from the queues when the batch is closed.
    }

    @Override
    public void afterVariableChanged(ScoreDirector<PipelineSchedule> scoreDirector, MoveBatch batch) {
        if (!batch.isOpen()) {
            timer.retime(scoreDirector);
        }
    }

    @Override
    public void beforeEntityAdded(ScoreDirector<PipelineSchedule> scoreDirector, MoveBatch batch) {
        // Nothing: ScheduleListener times a new working solution.
    }

    @Override
    public void afterEntityAdded(ScoreDirector<PipelineSchedule> scoreDirector, MoveBatch batch) {
        // Nothing: ScheduleListener times a new working solution.
    }

    @Override
    public void beforeEntityRemoved(ScoreDirector<PipelineSchedule> scoreDirector, MoveBatch batch) {
        // Nothing.
    }

    @Override
    public void afterEntityRemoved(ScoreDirector<PipelineSchedule> scoreDirector, MoveBatch batch) {
        // Nothing.
    }
}
