package org.edgeplan.formulations.pipeline.milp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.formulations.pipeline.cpsat.PipelineCpSatSolver;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.instances.StgImporter;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.LongTests;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.TinyPipelines;

/** The MILPs (SCIP and HiGHS) agree with CP-SAT and with enumeration wherever both prove optimality. */
class PipelineMilpTest {
    private static final SolverSettings SETTINGS = new SolverSettings(30, 1, 1);
    private static final TinyPipelines.Features MILP_FEATURES = new TinyPipelines.Features(true, false, true, false,
            true);

    @Test
    void registeredUnderTheirNames() {
        SolverRegistry registry = SolverRegistry.load();
        assertThat(registry.find(ProblemKind.PIPELINE, "milp-scip")).isInstanceOf(PipelineMilpScipSolver.class);
        assertThat(registry.find(ProblemKind.PIPELINE, "milp-highs")).isInstanceOf(PipelineMilpHighsSolver.class);
        assertThat(registry.find(ProblemKind.PIPELINE, "cp-sat")).isInstanceOf(PipelineCpSatSolver.class);
    }

    @Test
    void declinesInstancesTooLargeForTheDisjunctiveModelWithAReason() {
        PipelineInstance big = org.edgeplan.pipeline.instances.ScaledPipelines.of("vgg5", 8, 2, 18,
                org.edgeplan.pipeline.PlacementMode.DYNAMIC, org.edgeplan.pipeline.PipelineObjective.TOTAL_LATENCY);
        ExactModelInput d = new ExactModelInput(big);
        assertThat(PipelineMilpSolver.disjunctions(d, Long.MAX_VALUE)).isGreaterThan(PipelineMilpSolver.MAX_DISJUNCTIONS);
        SolveResult<PipelinePlan> r = new PipelineMilpScipSolver().solve(big, new SolverSettings(60, 0, 1));
        assertThat(r.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(r.message()).contains("declines").contains("1008 subtasks").contains("cp-sat");
        // A small instance is well inside the cap.
        PipelineInstance small = org.edgeplan.pipeline.instances.ScaledPipelines.of("vgg5", 2, 1, 3,
                org.edgeplan.pipeline.PlacementMode.DYNAMIC, org.edgeplan.pipeline.PipelineObjective.TOTAL_LATENCY);
        assertThat(PipelineMilpSolver.disjunctions(new ExactModelInput(small), Long.MAX_VALUE)).isBetween(1L, 10_000L);
    }

    /**
     * MPSolver converts and presolves a model out of the time limit's reach (pipeline/medium under 5 s: 10.4 s with
     * HiGHS, 11.6 s with SCIP): a model whose estimated setup exceeds half the time left is not started, and the start
     * plan comes back, scored by the evaluator.
     */
    @Test
    void declinesToStartAModelItsTimeLimitCannotCover() {
        PipelineInstance medium = InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline/medium.json"));
        ExactModelInput d = new ExactModelInput(medium);
        long disjunctions = PipelineMilpSolver.disjunctions(d, Long.MAX_VALUE);
        assertThat(disjunctions * PipelineMilpSolver.SETUP_SECONDS_PER_DISJUNCTION)
                .isGreaterThan(PipelineMilpSolver.SETUP_SHARE * 5);
        PipelineIncumbent start = PipelineIncumbent.best(d);
        for (PipelineMilpSolver milp : List.of(new PipelineMilpScipSolver(), new PipelineMilpHighsSolver())) {
            SolveResult<PipelinePlan> r = milp.solve(medium, new SolverSettings(5, 0, 1));
            assertThat(r.status()).as(milp.name()).isEqualTo(SolveStatus.FEASIBLE);
            assertThat(r.message()).contains("declines to start").contains(start.source());
            assertThat(r.statistics().get(PipelineMilpSolver.DISJUNCTIONS)).isEqualTo(disjunctions);
            assertThat(r.solverObjective()).isEqualTo(PipelineEvaluator.evaluate(medium, r.plan()).objective())
                    .isEqualTo(start.objective());
        }
    }

    @Test
    void milpAgreesWithCpSatAndEnumeration() {
        int seeds = LongTests.enabled() ? 150 : 25;
        PipelineCpSatSolver cpSat = new PipelineCpSatSolver().alwaysSearch();
        List<PipelineMilpSolver> milps = List.of(new PipelineMilpScipSolver(), new PipelineMilpHighsSolver());
        List<String> failures = new ArrayList<>();
        int proved = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            PipelineInstance inst = TinyPipelines.random(5000 + seed, 6, MILP_FEATURES);
            double oracle = ExhaustiveOracle.solve(inst).objective();
            SolveResult<PipelinePlan> cp = cpSat.solve(inst, SETTINGS);
            for (PipelineMilpSolver milp : milps) {
                SolveResult<PipelinePlan> r = milp.solve(inst, SETTINGS);
                if (Double.isInfinite(oracle)) {
                    if (r.status() != SolveStatus.INFEASIBLE) {
                        failures.add(milp.name() + " seed " + seed + ": expected infeasible, got " + r.status());
                    }
                    continue;
                }
                if (r.status() != SolveStatus.OPTIMAL || cp.status() != SolveStatus.OPTIMAL) {
                    failures.add(milp.name() + " seed " + seed + ": " + r.status() + " " + r.message() + " / cp-sat "
                            + cp.status());
                    continue;
                }
                proved++;
                double tol = 1e-6 * Math.max(1, oracle);
                double evaluated = PipelineEvaluator.objective(inst, r.plan());
                if (Math.abs(r.solverObjective() - cp.solverObjective()) > tol || Math.abs(evaluated - oracle) > tol
                        || r.bound() > oracle + tol) {
                    failures.add(milp.name() + " seed " + seed + ": milp " + r.solverObjective() + " (evaluator "
                            + evaluated + ", bound " + r.bound() + "), cp-sat " + cp.solverObjective()
                            + ", enumeration " + oracle);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(proved).isGreaterThan(seeds);
    }

    @Test
    void milpAgreesWithCpSatOnARealisticChain() {
        PipelineInstance inst = TinyPipelines.twoNodeChain(3, 5);
        SolveResult<PipelinePlan> cp = new PipelineCpSatSolver().alwaysSearch().solve(inst, SETTINGS);
        SolveResult<PipelinePlan> scip = new PipelineMilpScipSolver().solve(inst, SETTINGS);
        SolveResult<PipelinePlan> highs = new PipelineMilpHighsSolver().solve(inst, SETTINGS);
        assertThat(cp.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(scip.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(highs.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(scip.solverObjective()).isCloseTo(cp.solverObjective(), within(1e-6 * cp.solverObjective()));
        assertThat(highs.solverObjective()).isCloseTo(cp.solverObjective(), within(1e-6 * cp.solverObjective()));
    }

    @Test
    void milpReproducesASmallStgOptimumWithSymmetryBreaking() {
        // 50/rand0002 on 8 processors: optimum 71 (the critical path), proved quickly by both.
        PipelineInstance inst = StgImporter.read(ProjectRoot.instances().resolve("stg/50/rand0002.stg"), 8);
        SolveResult<PipelinePlan> r = new PipelineMilpScipSolver().solve(inst, SETTINGS);
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.solverObjective()).isCloseTo(71.0, within(1e-6));
        assertThat(PipelineEvaluator.objective(inst, r.plan())).isCloseTo(71.0, within(1e-9));
    }

    @Test
    void unsupportedFeaturesFailWithAClearMessage() {
        PipelineInstance exclusive = null;
        PipelineInstance queue = null;
        for (long seed = 1; exclusive == null || queue == null; seed++) {
            PipelineInstance inst = TinyPipelines.random(seed, 6, TinyPipelines.Features.ALL);
            if (inst.linkExclusive() && exclusive == null) {
                exclusive = inst;
            } else if (!inst.linkExclusive() && queue == null
                    && inst.nodes().stream().anyMatch(n -> n.queueLimit().isPresent())) {
                queue = inst;
            }
        }
        SolveResult<PipelinePlan> a = new PipelineMilpScipSolver().solve(exclusive, SETTINGS);
        assertThat(a.status()).isEqualTo(SolveStatus.FAILED);
        assertThat(a.message()).contains("does not model exclusive links").contains("cp-sat");
        SolveResult<PipelinePlan> b = new PipelineMilpHighsSolver().solve(queue, SETTINGS);
        assertThat(b.status()).isEqualTo(SolveStatus.FAILED);
        assertThat(b.message()).contains("does not model queue limits");
    }
}
