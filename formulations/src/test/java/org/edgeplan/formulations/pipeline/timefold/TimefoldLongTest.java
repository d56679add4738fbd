package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.timefold.solver.core.config.solver.EnvironmentMode;
import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.testing.LongTest;
import org.edgeplan.testing.ProjectRoot;

/**
 * Opt-in ({@code -Dedgeplan.longTests=true}): Timefold's full assertion modes, which after every move recompute the
 * score and every shadow variable from scratch and fail on any difference (score corruption, a listener that missed
 * a change, an undo that did not restore); many more random plans for score parity; and the objective-over-time
 * measurement of {@code TIMEFOLD-B.md}, written to {@code formulations/target/timefold-b-trajectory.md}.
 */
@LongTest
class TimefoldLongTest {
    private static void fullAssert(PipelineInstance instance, EnvironmentMode mode, double seconds) {
        TimefoldPipelineSolver solver = new TimefoldPipelineSolver(TimefoldPipelineOptions.defaults()
                .withUnimprovedStepCount(0).withUnimprovedSeconds(0).withEnvironmentMode(mode).withStallWeight(1));
        SolveResult<PipelinePlan> result = solver.solve(instance, new SolverSettings(seconds, 1, 1));
        assertThat(result.status()).as(result.message()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(result.solverObjective()).isEqualTo(PipelineEvaluator.objective(instance, result.plan()));
    }

    @Test
    void fullAssertOnSmallAndItsVariants() {
        PipelineInstance small = TimefoldFixtures.pipeline("small");
        fullAssert(small, EnvironmentMode.FULL_ASSERT, 4);
        fullAssert(TimefoldFixtures.variant(small, PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN, -1, 3),
                EnvironmentMode.TRACKED_FULL_ASSERT, 4);
        fullAssert(TimefoldFixtures.variant(small, PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY,
                3_000_000L, 2), EnvironmentMode.FULL_ASSERT, 4);
    }

    @Test
    void fullAssertOnMedium() {
        fullAssert(TimefoldFixtures.pipeline("medium"), EnvironmentMode.FULL_ASSERT, 8);
    }

    @Test
    void manyRandomPlansMatchTheEvaluator() {
        PipelineInstance medium = TimefoldFixtures.pipeline("medium");
        PipelineInstance limited = TimefoldFixtures.variant(TimefoldFixtures.pipeline("small"),
                PlacementMode.STATIC, PipelineObjective.TOTAL_LATENCY, 2_000_000L, 1);
        Random random = new Random(23);
        for (int i = 0; i < 40; i++) {
            TimefoldScoreParityTest.assertParity(medium, TimefoldFixtures.randomPlan(medium, random, i % 2 == 1));
            TimefoldScoreParityTest.assertParity(limited, TimefoldFixtures.randomPlan(limited, random, i % 2 == 1));
        }
    }

    @Test
    void objectiveOverTime() throws IOException {
        double[] checkpoints = {1, 2, 5, 10};
        List<TimefoldTrajectory.Row> rows = new ArrayList<>();
        for (String name : List.of("small", "medium", "large")) {
            TimefoldTrajectory.Row row = TimefoldTrajectory.measure(TimefoldFixtures.pipeline(name), checkpoints, 0);
            assertThat(row.finalObjective()).isLessThanOrEqualTo(row.warmStartObjective());
            rows.add(row);
        }
        String table = TimefoldTrajectory.table(rows, checkpoints);
        Path out = ProjectRoot.root().resolve("formulations/target/timefold-b-trajectory.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
        System.out.print(table);
    }
}
