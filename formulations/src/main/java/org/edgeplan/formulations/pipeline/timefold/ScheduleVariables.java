package org.edgeplan.formulations.pipeline.timefold;

import java.util.Objects;

import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningListVariableMetaModel;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningSolutionMetaModel;
import ai.timefold.solver.core.preview.api.domain.metamodel.PlanningVariableMetaModel;
import ai.timefold.solver.core.preview.api.move.MutableSolutionView;

/**
 * The genuine variables of a {@link PipelineSchedule} as Timefold's (preview) meta-model describes them, for the
 * custom moves: the node queues' list variable, and the {@link MoveBatch}'s flag with the bracket that opens and
 * closes a batch of operations.
 *
 * @param subtasks  {@link NodeQueue}'s list variable {@code subtasks}
 * @param batchOpen {@link MoveBatch}'s variable {@code open}
 */
public record ScheduleVariables(PlanningListVariableMetaModel<PipelineSchedule, NodeQueue, SubtaskJob> subtasks,
                                PlanningVariableMetaModel<PipelineSchedule, MoveBatch, Boolean> batchOpen) {
    /** The name of {@link NodeQueue}'s list variable. */
    public static final String SUBTASKS = "subtasks";
    /** The name of {@link MoveBatch}'s variable. */
    public static final String OPEN = "open";

    public ScheduleVariables {
        Objects.requireNonNull(subtasks, "subtasks");
        Objects.requireNonNull(batchOpen, "batchOpen");
    }

    /** The variables of the schedule's meta-model (the solver's, or one built for a test). */
    public static ScheduleVariables of(PlanningSolutionMetaModel<PipelineSchedule> model) {
        return new ScheduleVariables(model.genuineEntity(NodeQueue.class).listVariable(SUBTASKS, SubtaskJob.class),
                model.genuineEntity(MoveBatch.class).basicVariable(OPEN, Boolean.class));
    }

    /** The meta-model of {@link PipelineSchedule} outside a solver (tests, {@code MoveTester}). */
    public static PlanningSolutionMetaModel<PipelineSchedule> metaModel() {
        return PlanningSolutionMetaModel.of(PipelineSchedule.class, NodeQueue.class, SubtaskJob.class,
                MoveBatch.class);
    }

    /**
     * Runs {@code operations} inside an open {@link MoveBatch}: the shadow times are re-timed once, when the batch
     * closes, instead of after every operation (and the undo, replayed in reverse, likewise once).
     */
    void batch(MutableSolutionView<PipelineSchedule> view, MoveBatch batch, Runnable operations) {
        view.changeVariable(batchOpen, batch, Boolean.TRUE);
        operations.run();
        view.changeVariable(batchOpen, batch, Boolean.FALSE);
    }
}
