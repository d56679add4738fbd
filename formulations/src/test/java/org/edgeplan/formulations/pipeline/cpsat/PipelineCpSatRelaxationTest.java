package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;
import org.edgeplan.testing.LongTests;
import org.edgeplan.testing.ProjectRoot;

/** The registered cp-sat uses the relaxation bound: as a proof when a heuristic meets it, else as a floor. */
class PipelineCpSatRelaxationTest {

    @Test
    void aHeuristicPlanMeetingTheRelaxationBoundIsOptimalWithoutSearch() {
        PipelineInstance small = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/small.json"));
        SolveResult<PipelinePlan> r = new PipelineCpSatSolver().solve(small, new SolverSettings(60, 0, 1));
        double lb = PipelineLowerBound.of(small).seconds();
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.message()).contains("optimal without search").contains("lower bound");
        assertThat(r.statistics()).doesNotContainKey("cpSatStatus");
        double objective = PipelineEvaluator.objective(small, r.plan());
        assertThat(objective).isLessThanOrEqualTo(lb * (1 + PipelineCpSatSolver.MATCH_TOLERANCE));
        assertThat(r.bound()).isLessThanOrEqualTo(objective);
        // The searching formulation proves the same value on its own.
        SolveResult<PipelinePlan> searched = new PipelineCpSatSolver().alwaysSearch().solve(small,
                new SolverSettings(60, 0, 1));
        assertThat(searched.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(PipelineEvaluator.objective(small, searched.plan())).isEqualTo(objective);
    }

    @Test
    void otherwiseTheRelaxationIsTheFloorOfTheReportedBound() {
        PipelineInstance medium = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/medium.json"));
        double lb = PipelineLowerBound.of(medium).seconds();
        SolveResult<PipelinePlan> r = new PipelineCpSatSolver().solve(medium, new SolverSettings(3, 0, 1));
        assertThat(r.status()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(r.bound()).isGreaterThanOrEqualTo(lb);
        assertThat(r.bound()).isLessThanOrEqualTo(PipelineEvaluator.objective(medium, r.plan()));
        assertThat(r.statistics()).containsEntry("relaxationBound", lb);
    }
}
