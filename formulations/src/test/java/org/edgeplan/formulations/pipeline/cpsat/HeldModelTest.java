package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import com.google.ortools.Loader;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpModelProto;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntegerVariableProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.testing.TinyPipelines;

/**
 * {@link HeldModel#compact} leaves a valid model with the same status and optimum as the model it compacts: on seeded
 * tiny instances with every feature (static mode, exclusive links, memory, queue limits, so no-overlaps and
 * cumulatives), with random subsets of the variables fixed to an optimal solution, and with a cut-off below the
 * optimum that makes both infeasible. (It used to renumber the intervals of a cumulative as if the no-overlaps it
 * moves to the end kept their places, which left CP-SAT an invalid model whenever a no-overlap came first.)
 */
class HeldModelTest {
    @BeforeAll
    static void load() {
        Loader.loadNativeLibraries();
    }

    @Test
    void compactedModelsAreValidWithTheSameStatusAndOptimum() {
        SplittableRandom random = new SplittableRandom(42);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        int withCumulative = 0;
        for (long seed = 1; seed <= 40; seed++) {
            PipelineInstance inst = TinyPipelines.random(6100 + seed, 6, TinyPipelines.Features.ALL);
            ExactModelInput d = new ExactModelInput(inst);
            if (d.infeasibleReason() != null) {
                continue;
            }
            TimeFrame frame = TimeFrame.of(d, PipelineIncumbent.best(d), 0);
            if (!(PipelineCpSatModelBuilder.build(d, frame.scale(), frame.horizonUnits(), frame.latencyCapUnits(),
                    PipelineCpSatModel.Options.DEFAULT) instanceof PipelineCpSatModelBuilder.Built built)) {
                continue;
            }
            CpModel model = built.model().model;
            CpSolver full = solver();
            if (full.solve(model) != CpSolverStatus.OPTIMAL) {
                continue;
            }
            long optimum = Math.round(full.objectiveValue());
            long[] solution = full.response().getSolutionList().stream().mapToLong(Long::longValue).toArray();
            boolean cumulative = model.getBuilder().getConstraintsList().stream()
                    .anyMatch(ct -> ct.hasCumulative());
            for (int trial = 0; trial < 3; trial++) {
                CpModel held = model.getClone();
                CpModelProto.Builder b = held.getBuilder();
                double share = 0.3 + 0.3 * trial;
                for (int v = 0; v < b.getVariablesCount(); v++) {
                    if (random.nextDouble() < share) {
                        b.setVariables(v, IntegerVariableProto.newBuilder(b.getVariables(v)).clearDomain()
                                .addDomain(solution[v]).addDomain(solution[v]));
                    }
                }
                if (trial == 2) {
                    // strictly better than the optimum: infeasible before and after compaction
                    b.getObjectiveBuilder().clearDomain().addDomain(Long.MIN_VALUE)
                            .addDomain(optimum - 1 - Math.round(b.getObjective().getOffset()));
                }
                CpModel compacted = held.getClone();
                HeldModel.compact(compacted.getBuilder());
                String at = "seed " + seed + " trial " + trial;
                if (!compacted.validate().isEmpty()) {
                    failures.add(at + ": invalid after compaction: " + compacted.validate());
                    continue;
                }
                CpSolver before = solver();
                CpSolverStatus expected = before.solve(held);
                CpSolver after = solver();
                CpSolverStatus status = after.solve(compacted);
                compared++;
                withCumulative += cumulative ? 1 : 0;
                if (status != expected) {
                    failures.add(at + ": " + status + " after compaction, " + expected + " before");
                } else if (status == CpSolverStatus.OPTIMAL
                        && Math.round(after.objectiveValue()) != Math.round(before.objectiveValue())) {
                    failures.add(at + ": optimum " + after.objectiveValue() + " after, " + before.objectiveValue()
                            + " before");
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(compared).as("steps compared").isGreaterThan(60);
        assertThat(withCumulative).as("steps with queue limits (cumulatives)").isPositive();
    }

    private static CpSolver solver() {
        CpSolver s = new CpSolver();
        s.getParameters().setMaxTimeInSeconds(20).setNumWorkers(1).setRandomSeed(0);
        return s;
    }
}
