package org.edgeplan.formulations.pipeline.timefold;

import ai.timefold.solver.core.preview.api.neighborhood.Neighborhood;
import ai.timefold.solver.core.preview.api.neighborhood.NeighborhoodBuilder;
import ai.timefold.solver.core.preview.api.neighborhood.NeighborhoodProvider;

/**
 * The custom moves of the local search, through Timefold's preview Neighborhoods API: {@link GroupPlacementMove}s and
 * {@link RequestPriorityMove}s. Timefold instantiates the class by name, so the variant without request priority is
 * a class of its own ({@link GroupsOnly}). Used beside the classic list change and list swap selectors
 * ({@link TimefoldPipelineSolver#solverConfig}).
 */
public class PipelineNeighborhood implements NeighborhoodProvider<PipelineSchedule> {
    @Override
    public Neighborhood defineNeighborhood(NeighborhoodBuilder<PipelineSchedule> builder) {
        ScheduleVariables variables = ScheduleVariables.of(builder.getSolutionMetaModel());
        builder.add(new GroupPlacementMoveProvider(variables));
        if (requestPriority()) {
            builder.add(new RequestPriorityMoveProvider(variables));
        }
        return builder.build();
    }

    /** Whether the neighborhood has {@link RequestPriorityMove}s. */
    protected boolean requestPriority() {
        return true;
    }

    /** Only {@link GroupPlacementMove}s (option {@code requestPriorityMoves} off). */
    public static final class GroupsOnly extends PipelineNeighborhood {
        @Override
        protected boolean requestPriority() {
            return false;
        }
    }
}
