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
 * <p>Why the listener API that Timefold 1.x deprecates (since 1.27) and not a non-deprecated mechanism of 1.32
 * (measured 2026-12-02, seed 0, fixed move counts, alternating runs; details in {@code TIMEFOLD-B.md}, "Shadow
 * variables"):
 * <ul>
 * <li>Declarative shadow variables ({@code @ShadowVariable(supplierName)} + {@code @ShadowSources} over
 * {@code queue}, {@code previous.finish}, {@code predecessors[].finish} and {@code predecessors[].queue},
 * {@code @ShadowVariablesInconsistent} for deadlocks) are correct (the same parity tests pass) but evaluated
 * 172-184 moves per CPU second on {@code pipeline-medium} against 1 159-1 244 with this listener, 145-161 against
 * 729-788 on {@code scaled-vgg5-e8-s2-r18} and about 1 against 74-88 on {@code pipeline-large} (where they first
 * overflowed the default thread stack in Timefold's recursive loop detection); load 1.0-4.3. Timefold keeps a
 * dynamic topological order of the variable graph, with loop detection, after every change; this listener makes
 * one pass over flat arrays. Far beyond the 20 % that would have justified switching.</li>
 * <li>{@code @CascadingUpdateShadowVariable} cannot express it: a cascade follows one list, and Timefold tells the
 * score director only about the entity whose method ran, while a move on one node shifts times on others.</li>
 * </ul>
 * Moving to Timefold 2 (Java 21) means porting this listener.
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
