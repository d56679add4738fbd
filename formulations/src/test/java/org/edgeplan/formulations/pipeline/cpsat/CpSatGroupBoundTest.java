package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.bounds.ReleaseGroupBound;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.TinyPipelines;

class CpSatGroupBoundTest {
    /** One wave of the contended family: the priced bound (first blocks) meets the heuristic plan; that is the bound. */
    @Test
    void aGroupSolvedByItsPricedBoundKeepsIt() {
        PipelineInstance wave = ScaledPipelines.of("vgg5", 8, 2, 1, PlacementMode.DYNAMIC,
                PipelineObjective.TOTAL_LATENCY);
        double priced = ReleaseGroupBound.priced().seconds(wave, Deadline.after(5));
        double bound = CpSatGroupBound.pricedThenCpSat(0).seconds(wave, Deadline.after(20));
        assertThat(bound).isEqualTo(priced);
        assertThat(bound).isCloseTo(0.0322926080, org.assertj.core.api.Assertions.within(1e-9));
    }

    /**
     * Where the priced bound stays below the optimum, CP-SAT still runs on the group and proves it: on tiny groups
     * (every request released at 0) the bound is the enumerated optimum, to CP-SAT's time-scale tolerance.
     */
    @Test
    void cpSatRaisesTheBoundWhereThePricedOneFallsShort() {
        int raised = 0;
        for (long seed = 0; seed < 60 && raised < 3; seed++) {
            PipelineInstance tiny = TinyPipelines.random(seed, 6, TinyPipelines.Features.PLAIN);
            List<Endpoint> together = new ArrayList<>();
            for (Endpoint e : tiny.endpoints()) {
                together.add(new Endpoint(e.name(), e.device(), e.model(),
                        Collections.nCopies(e.releaseTimesSeconds().size(), 0.0), e.allowedNodes()));
            }
            PipelineInstance group = new PipelineInstance(tiny.name(), tiny.description(), tiny.nodes(), tiny.links(),
                    tiny.defaultLink(), tiny.models(), together, tiny.mode(), PipelineObjective.TOTAL_LATENCY,
                    tiny.linkExclusive());
            double optimum = ExhaustiveOracle.solve(group).objective();
            double priced = ReleaseGroupBound.priced().seconds(group, Deadline.after(2));
            if (!Double.isFinite(optimum) || priced >= optimum * (1 - 1e-6)) {
                continue;
            }
            double bound = CpSatGroupBound.pricedThenCpSat(0).seconds(group, Deadline.after(20));
            assertThat(bound).as("seed %d", seed).isGreaterThan(priced).isLessThanOrEqualTo(optimum * (1 + 1e-9));
            assertThat(bound).as("seed %d", seed).isGreaterThan(optimum * (1 - 1e-3));
            raised++;
        }
        assertThat(raised).isGreaterThanOrEqualTo(1);
    }
}
