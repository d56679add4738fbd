package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.LongTests;
import org.edgeplan.testing.SolverContract;
import org.edgeplan.testing.TinyPipelines;

/**
 * CP-SAT against brute force on seeded random tiny instances (static and dynamic placement, both objectives,
 * exclusive links, memory and queue limits, missing channels): the proven optimum must equal the best
 * evaluator objective over all placements and queue orders, and infeasible instances must be found infeasible.
 */
class PipelineCpSatEnumerationTest {
    private static final SolverSettings SETTINGS = new SolverSettings(30, 1, 1);

    @Test
    void optimumEqualsEnumerationOnRandomTinyInstances() {
        int seeds = LongTests.enabled() ? 400 : 60;
        PipelineCpSatSolver solver = new PipelineCpSatSolver().alwaysSearch();
        List<String> failures = new ArrayList<>();
        int infeasible = 0;
        int exclusive = 0;
        int queue = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            PipelineInstance inst = TinyPipelines.random(seed, 6, TinyPipelines.Features.ALL);
            ExhaustiveOracle.Best best = ExhaustiveOracle.solve(inst);
            SolveResult<PipelinePlan> r = solver.solve(inst, SETTINGS);
            exclusive += inst.linkExclusive() ? 1 : 0;
            queue += inst.nodes().stream().anyMatch(n -> n.queueLimit().isPresent()) ? 1 : 0;
            if (Double.isInfinite(best.objective())) {
                infeasible++;
                if (r.status() != SolveStatus.INFEASIBLE) {
                    failures.add("seed " + seed + ": enumeration finds no plan, cp-sat says " + r.status());
                }
                continue;
            }
            if (r.status() != SolveStatus.OPTIMAL) {
                failures.add("seed " + seed + ": " + r.status() + " " + r.message());
                continue;
            }
            SolverContract.check(inst, r, best.objective());
            double evaluated = PipelineEvaluator.objective(inst, r.plan());
            if (Math.abs(evaluated - best.objective()) > 1e-9 || Math.abs(r.solverObjective() - best.objective()) > 1e-9) {
                failures.add("seed " + seed + " (" + inst.mode().label() + ", " + inst.objective().label()
                        + (inst.linkExclusive() ? ", exclusive" : "") + "): enumeration " + best.objective()
                        + ", cp-sat " + r.solverObjective() + ", evaluator " + evaluated + "; best plan "
                        + best.plan() + ", cp-sat plan " + r.plan());
            }
        }
        System.out.printf("enumeration: %d seeds, %d exclusive, %d with queue limits, %d infeasible%n", seeds,
                exclusive, queue, infeasible);
        assertThat(failures).isEmpty();
        // The generator must exercise the hard parts.
        assertThat(exclusive).isGreaterThan(seeds / 10);
        assertThat(queue).isGreaterThan(seeds / 10);
        assertThat(infeasible).isLessThan(seeds / 2);
    }

    @Test
    void forcedSemiActiveModelHasTheSameOptimum() {
        PipelineCpSatSolver free = new PipelineCpSatSolver().alwaysSearch();
        PipelineCpSatSolver semi = new PipelineCpSatSolver(
                new PipelineCpSatModel.Options(true, true, true, true), 0).alwaysSearch();
        for (long seed = 1; seed <= 15; seed++) {
            PipelineInstance inst = TinyPipelines.random(1000 + seed, 6, TinyPipelines.Features.PLAIN);
            SolveResult<PipelinePlan> a = free.solve(inst, SETTINGS);
            SolveResult<PipelinePlan> b = semi.solve(inst, SETTINGS);
            assertThat(b.status()).isEqualTo(a.status());
            if (a.status() == SolveStatus.OPTIMAL) {
                assertThat(b.solverObjective()).as("seed %d", seed).isCloseTo(a.solverObjective(), within(1e-9));
                assertThat(b.statistics().get("semiActive")).isEqualTo(true);
            }
        }
    }
}
