package org.edgeplan.pipeline.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.heuristics.PrescheduleRetrievalSolver;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.TinyPipelines;

class FirstBlockBoundTest {
    /** The first-block bound, as the relaxation bound computes it (NaN where not computed). */
    private static double firstBlock(PipelineInstance inst) {
        return PipelineLowerBound.of(inst).firstBlockSeconds();
    }

    /** The tiny instance with total latency and every request released at 0 (one release group). */
    private static PipelineInstance together(PipelineInstance x, PipelineObjective objective) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (Endpoint e : x.endpoints()) {
            endpoints.add(new Endpoint(e.name(), e.device(), e.model(),
                    Collections.nCopies(e.releaseTimesSeconds().size(), 0.0), e.allowedNodes()));
        }
        return new PipelineInstance(x.name(), x.description(), x.nodes(), x.links(), x.defaultLink(), x.models(),
                endpoints, x.mode(), objective, x.linkExclusive());
    }

    /**
     * Never above the enumerated optimum on seeded tiny instances with every feature (static mode, exclusive links,
     * memory, queue limits, missing channels: the proof needs none of them away), and above the relaxation bound on
     * some, so the check is not vacuous.
     */
    @Test
    void neverAboveTheEnumeratedOptimum() {
        int computed = 0;
        int stronger = 0;
        for (long seed = 0; seed < 200; seed++) {
            PipelineInstance inst = together(TinyPipelines.random(seed, 7, TinyPipelines.Features.ALL),
                    PipelineObjective.TOTAL_LATENCY);
            PipelineLowerBound relaxations = PipelineLowerBound.of(inst);
            double bound = relaxations.firstBlockSeconds();
            if (Double.isNaN(bound)) {
                continue; // a DAG model
            }
            double optimum = ExhaustiveOracle.solve(inst).objective();
            assertThat(bound).as("seed %d", seed).isLessThanOrEqualTo(optimum);
            computed++;
            if (Double.isFinite(optimum) && bound > Math.max(relaxations.contentionFreeSeconds(),
                    relaxations.loadSeconds()) * (1 + 1e-6)) {
                assertThat(relaxations.relaxation()).isEqualTo("first-block");
                assertThat(relaxations.seconds()).isEqualTo(bound);
                stronger++;
            }
        }
        assertThat(computed).isGreaterThan(120);
        assertThat(stronger).isGreaterThan(10);
    }

    /**
     * Identical chain requests released together, all best offloaded whole to servers of different speeds: the bound
     * is the optimum. On one wave of the contended family (16 vgg5 requests, four edge servers) it equals the plan of
     * the pipeline paper's method (9, 4, 2 and 1 requests by speed), so that plan is optimal; on the four-wave
     * instance e4-s2-r4 it is CP-SAT's proven optimum.
     */
    @Test
    void isTheOptimumOfIdenticalRequestsOffloadedWhole() {
        PipelineInstance wave = ScaledPipelines.of("vgg5", 16, 4, 1, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY);
        double plan = PipelineEvaluator.evaluate(wave, new PrescheduleRetrievalSolver()
                .solve(wave, SolverSettings.defaults()).plan()).objective();
        double bound = firstBlock(wave);
        assertThat(bound).isLessThanOrEqualTo(plan).isCloseTo(plan, within(1e-8 * plan));
        assertThat(bound).isGreaterThan(PipelineLowerBound.of(wave).contentionFreeSeconds() * 1.1);

        PipelineInstance e4 = InstanceIo.readPipeline(ProjectRoot.instances()
                .resolve("pipeline/scaled/scaled-vgg5-e4-s2-r4-dynamic.json"));
        double provenOptimum = 0.0612648960; // CP-SAT, status optimal (instances/best-known.json)
        double decomposed = ReleaseGroupBound.compute(e4, ReleaseGroupBound.priced(), Deadline.after(0)).seconds();
        assertThat(decomposed).isLessThanOrEqualTo(provenOptimum * (1 + 1e-9))
                .isCloseTo(provenOptimum, within(1e-8 * provenOptimum));
    }

    /** Release groups with no time left (the priced bound skipped) still get it: e16 at its best plan's value. */
    @Test
    void theReleaseGroupsOfE16ReachTheBestPlan() {
        PipelineInstance e16 = InstanceIo.readPipeline(ProjectRoot.instances()
                .resolve("pipeline/scaled/scaled-vgg5-e16-s4-r45-dynamic.json"));
        double best = 2.55386088; // every method but HEFT (instances/best-known.json)
        double bound = ReleaseGroupBound.compute(e16, ReleaseGroupBound.priced(), Deadline.after(0)).seconds();
        assertThat(bound).isCloseTo(best, within(1e-8 * best));
    }

    /**
     * The lagrangian method proves e16's heuristic plan optimal from the release groups alone, before any pricing
     * (so in seconds, not at its time limit), and says where the bound came from.
     */
    @Test
    void theLagrangianMethodProvesE16OptimalBeforePricing() {
        PipelineInstance e16 = InstanceIo.readPipeline(ProjectRoot.instances()
                .resolve("pipeline/scaled/scaled-vgg5-e16-s4-r45-dynamic.json"));
        SolveResult<PipelinePlan> r = new LagrangianSolver().solve(e16, new SolverSettings(600, 0, 1));
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.solverObjective()).isCloseTo(2.55386088, within(1e-8));
        assertThat(r.bound()).isLessThanOrEqualTo(r.solverObjective());
        assertThat(r.statistics().get(LagrangianSolver.STOP)).isEqualTo("not priced: the starting plan already meets the bound");
        assertThat(r.message()).contains("release groups");
    }

    /** Makespan, requests released at different times, a DAG model, a group over the size cap: not computed. */
    @Test
    void notComputedOutsideItsProof() {
        PipelineInstance chain = ScaledPipelines.of("vgg5", 2, 1, 1, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY);
        assertThat(firstBlock(chain)).isFinite();
        assertThat(firstBlock(ScaledPipelines.of("vgg5", 2, 1, 1, PlacementMode.DYNAMIC,
                PipelineObjective.MAKESPAN))).isNaN();
        // 200 requests at once on 201 nodes: over the assignment graph's size cap, so the relaxation stays cheap.
        assertThat(firstBlock(ScaledPipelines.of("vgg5", 200, 1, 1, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY))).isNaN();
        assertThat(firstBlock(ScaledPipelines.of("vgg5", 60, 1, 1, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY))).isFinite();
        assertThat(firstBlock(ScaledPipelines.of("vgg5", 2, 1, 2, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY))).isNaN();
        assertThat(firstBlock(ScaledPipelines.of("resnet18", 2, 1, 1, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY))).isNaN();
    }
}
