package org.edgeplan.pipeline.bounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.Deadline;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.testing.ExhaustiveOracle;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.ProvenOptima;
import org.edgeplan.testing.TinyPipelines;

class ReleaseGroupBoundTest {
    /** Each group bounded by its exact optimum (enumeration): the strongest group bound, so it tests the theorem. */
    private static final ReleaseGroupBound.GroupBound EXACT = (group, deadline) ->
            ExhaustiveOracle.solve(group).objective();

    private static PipelineInstance totalLatency(PipelineInstance x, List<Endpoint> endpoints) {
        return new PipelineInstance(x.name(), x.description(), x.nodes(), x.links(), x.defaultLink(), x.models(),
                endpoints, x.mode(), PipelineObjective.TOTAL_LATENCY, x.linkExclusive());
    }

    /** Every feature the proof covers: static mode, memory, missing channels (not queue limits, exclusive links). */
    private static final TinyPipelines.Features COVERED = new TinyPipelines.Features(true, false, true, false, true);

    /**
     * The decomposition never exceeds the enumerated optimum on seeded tiny instances with every feature it covers,
     * with each group bounded exactly; and the priced group bound never exceeds the exact one.
     */
    @Test
    void neverAboveTheEnumeratedOptimum() {
        int decomposed = 0;
        int strict = 0;
        for (long seed = 0; seed < 150; seed++) {
            PipelineInstance tiny = TinyPipelines.random(seed, 7, COVERED);
            PipelineInstance inst = totalLatency(tiny, tiny.endpoints());
            double optimum = ExhaustiveOracle.solve(inst).objective();
            ReleaseGroupBound.Result exact = ReleaseGroupBound.compute(inst, EXACT, Deadline.none());
            if (exact.skipped() != null) {
                continue;
            }
            decomposed++;
            assertThat(exact.seconds()).as("seed %d", seed).isLessThanOrEqualTo(optimum * (1 + 1e-12));
            double contentionFree = PipelineLowerBound.of(inst).contentionFreeSeconds();
            if (Double.isFinite(optimum) && exact.seconds() > contentionFree * (1 + 1e-9)) {
                strict++;
            }
            ReleaseGroupBound.Result priced = ReleaseGroupBound.compute(inst, ReleaseGroupBound.priced(),
                    Deadline.after(5));
            assertThat(priced.seconds()).as("seed %d", seed).isLessThanOrEqualTo(exact.seconds() * (1 + 1e-9));
        }
        assertThat(decomposed).as("instances with requests released together").isGreaterThan(40);
        // Not vacuous: on some the groups see contention the contention-free bound does not.
        assertThat(strict).isGreaterThan(5);
    }

    /**
     * Two waves far apart (every endpoint of a two-endpoint instance releases at 0 and at 1 000 s, nothing of the
     * first wave left by then):
     * the groups do not meet, so the decomposition with exact group bounds is the optimum itself, and the two groups
     * are one distinct group counted twice.
     */
    @Test
    void isExactWhenTheGroupsDoNotMeet() {
        int checked = 0;
        for (long seed = 0; seed < 200 && checked < 12; seed++) {
            PipelineInstance tiny = TinyPipelines.random(seed, 4, COVERED);
            if (tiny.endpointCount() < 2) {
                continue; // one request per wave: nothing to decompose
            }
            List<Endpoint> waves = new ArrayList<>();
            for (Endpoint e : tiny.endpoints()) {
                waves.add(new Endpoint(e.name(), e.device(), e.model(), List.of(0.0, 1000.0), e.allowedNodes()));
            }
            PipelineInstance inst = totalLatency(tiny, waves);
            double optimum = ExhaustiveOracle.solve(inst).objective();
            if (!Double.isFinite(optimum) || inst.subtaskCount() > 8) {
                continue;
            }
            ReleaseGroupBound.Result r = ReleaseGroupBound.compute(inst, EXACT, Deadline.none());
            assertThat(r.groups()).isEqualTo(2);
            assertThat(r.distinct()).hasSize(1);
            assertThat(r.distinct().get(0).multiplicity()).isEqualTo(2);
            assertThat(r.seconds()).as("seed %d", seed).isCloseTo(optimum, within(1e-9 * optimum));
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }

    /** The contended family releases every endpoint's k-th request together: one distinct group per instance. */
    @Test
    void theContendedFamilyHasOneDistinctGroup() {
        PipelineInstance e16 = read("scaled/scaled-vgg5-e16-s4-r45-dynamic.json");
        List<ReleaseGroupBound.Group> groups = ReleaseGroupBound.groups(e16);
        assertThat(groups).hasSize(1);
        assertThat(groups.get(0).multiplicity()).isEqualTo(45);
        assertThat(groups.get(0).instance().requestCount()).isEqualTo(16);
        assertThat(groups.get(0).instance().endpoint(0).releaseTimesSeconds()).containsExactly(0.0);
    }

    /** Queue limits and exclusive links, where the proof does not hold: not computed, and said why. */
    @Test
    void notComputedWhereTheProofDoesNotHold() {
        int queueLimits = 0;
        int exclusive = 0;
        for (long seed = 0; seed < 200; seed++) {
            PipelineInstance tiny = TinyPipelines.random(seed, 7, TinyPipelines.Features.ALL);
            PipelineInstance inst = totalLatency(tiny, tiny.endpoints());
            ReleaseGroupBound.Result r = ReleaseGroupBound.compute(inst, EXACT, Deadline.none());
            if (inst.linkExclusive()) {
                assertThat(r.skipped()).startsWith("exclusive links");
                exclusive++;
            } else if (inst.nodes().stream().anyMatch(n -> n.queueLimit().isPresent())) {
                assertThat(r.skipped()).startsWith("queue limits");
                queueLimits++;
            }
        }
        assertThat(queueLimits).isPositive();
        assertThat(exclusive).isPositive();
    }

    /** Requests released one at a time: nothing to decompose, said, not computed. */
    @Test
    void skipsInstancesWhoseRequestsAreReleasedOneAtATime() {
        PipelineInstance tiny = TinyPipelines.random(3, 6, TinyPipelines.Features.PLAIN);
        List<Endpoint> staggered = new ArrayList<>();
        double t = 0;
        for (Endpoint e : tiny.endpoints()) {
            List<Double> releases = new ArrayList<>();
            for (int k = 0; k < e.releaseTimesSeconds().size(); k++) {
                releases.add(t++);
            }
            staggered.add(new Endpoint(e.name(), e.device(), e.model(), releases, e.allowedNodes()));
        }
        ReleaseGroupBound.Result r = ReleaseGroupBound.compute(totalLatency(tiny, staggered), EXACT, Deadline.none());
        assertThat(r.seconds()).isNaN();
        assertThat(r.skipped()).contains("released alone");
    }

    /** Never above the proven total-latency optima of the shipped instances (priced group bounds, 5 s each). */
    @Test
    void neverAboveTheProvenOptimaOfShippedInstances() {
        int checked = 0;
        for (Map.Entry<PipelineInstance, Double> entry : ProvenOptima.pipelines(PipelineObjective.TOTAL_LATENCY)
                .entrySet()) {
            ReleaseGroupBound.Result r = ReleaseGroupBound.compute(entry.getKey(), ReleaseGroupBound.priced(),
                    Deadline.after(5));
            if (r.skipped() == null) {
                assertThat(r.seconds()).as("%s: %s", entry.getKey().name(), r.describe())
                        .isLessThanOrEqualTo(entry.getValue());
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(3);
    }

    private static PipelineInstance read(String file) {
        return InstanceIo.readPipeline(ProjectRoot.instances().resolve("pipeline").resolve(file));
    }
}
