package org.edgeplan.multiexit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.testing.MultiExitFixtures;

class MultiExitEvaluatorTest {
    private static final double EPS = 1e-12;

    @Test
    void splitAfterFirstLayerMatchesHandComputation() {
        MultiExitInstance tiny = MultiExitFixtures.tiny();
        // Exits {1, 2}: rho_1 = 1, rho_2 = 1 - q_1 = 0.6.
        // Tloc = 1 * (100 + 50) / 10 = 15 s; Ttr = 0.6 * 8 * 5 / 80 = 0.3 s; Tedge = 0.6 * 200 / (0.5 * 100) = 2.4 s.
        // T = 17.7 s, E = 2 * 15 + 1 * 0.3 = 30.3 J, cost = 0.5 * 17.7 + 0.5 * 30.3 = 24.0.
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(tiny,
                new MultiExitPlan(ExitSet.of(2, 1), new int[] {1}, new double[] {0.5}));
        assertThat(e.feasible()).isTrue();
        MultiExitEvaluation.DeviceCost d = e.devices().get(0);
        assertThat(d.localSeconds()).isCloseTo(15.0, within(EPS));
        assertThat(d.transferSeconds()).isCloseTo(0.3, within(EPS));
        assertThat(d.edgeSeconds()).isCloseTo(2.4, within(EPS));
        assertThat(d.latencySeconds()).isCloseTo(17.7, within(EPS));
        assertThat(d.energyJoules()).isCloseTo(30.3, within(EPS));
        assertThat(e.cost()).isCloseTo(24.0, within(EPS));
    }

    @Test
    void edgeOnlyAndDeviceOnlyMatchHandComputation() {
        MultiExitInstance tiny = MultiExitFixtures.tiny();
        ExitSet exits = ExitSet.of(2, 1);
        // s = 0: Ttr = 1 * 8 * 10 / 80 = 1 s; edge FLOPs = 150 + 0.6 * 200 = 270, Tedge = 270 / 100 = 2.7 s.
        // T = 3.7, E = 1 * 1 = 1, cost = 2.35.
        MultiExitEvaluation edge = MultiExitEvaluator.evaluate(tiny, new MultiExitPlan(exits, new int[] {0}, new double[] {1}));
        assertThat(edge.cost()).isCloseTo(2.35, within(EPS));
        // s = 2: Tloc = (150 + 0.6 * 200) / 10 = 27 s, E = 54 J, cost = 40.5; the share is irrelevant.
        MultiExitEvaluation device = MultiExitEvaluator.evaluate(tiny, new MultiExitPlan(exits, new int[] {2}, new double[] {0}));
        assertThat(device.feasible()).isTrue();
        assertThat(device.cost()).isCloseTo(40.5, within(EPS));
        assertThat(device.devices().get(0).edgeSeconds()).isZero();
    }

    @Test
    void withoutEarlyExitEveryLayerRunsAndNoBranchIsPaid() {
        MultiExitInstance tiny = MultiExitFixtures.tiny();
        // Exits {2}: Tloc = 100 / 10 = 10, Ttr = 8 * 5 / 80 = 0.5, Tedge = 200 / (1 * 100) = 2.
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(tiny,
                new MultiExitPlan(ExitSet.finalOnly(2), new int[] {1}, new double[] {1}));
        assertThat(e.devices().get(0).localSeconds()).isCloseTo(10, within(EPS));
        assertThat(e.devices().get(0).transferSeconds()).isCloseTo(0.5, within(EPS));
        assertThat(e.devices().get(0).edgeSeconds()).isCloseTo(2, within(EPS));
    }

    @Test
    void runProbabilitiesFollowTheFirstExitAtOrAfterEachTasksLayer() {
        // q = (0.1, 0.2, 0.3, 0.4), exits {2, 4}: tasks of layers 1 and 2 leave at exit 2.
        MultiExitDnn dnn = new MultiExitDnn("four", 1, List.of("a", "b", "c", "d"), new double[] {1, 1, 1, 1},
                new double[] {1, 1, 1, 1}, new double[] {1, 1, 1, 0});
        Device d = new Device("d", 1, 1, 1, 1, new double[] {0.1, 0.2, 0.3, 0.4});
        MultiExitInstance inst = new MultiExitInstance("four", "", dnn, List.of(d), 1, 1, 0, null);
        MultiExitCostModel model = new MultiExitCostModel(inst, ExitSet.of(4, 2));
        assertThat(model.layerRunProbability(0, 1)).isEqualTo(1.0);
        assertThat(model.layerRunProbability(0, 2)).isEqualTo(1.0);
        assertThat(model.layerRunProbability(0, 3)).isCloseTo(0.7, within(EPS));
        assertThat(model.layerRunProbability(0, 4)).isCloseTo(0.7, within(EPS));
        assertThat(model.layerRunProbability(0, 5)).isZero();
    }

    @Test
    void infeasiblePlansAreReportedWithTheirReasons() {
        MultiExitInstance tiny = MultiExitFixtures.tiny();
        ExitSet exits = ExitSet.of(2, 1);
        assertThat(MultiExitEvaluator.evaluate(tiny, new MultiExitPlan(exits, new int[] {1}, new double[] {0})).violations())
                .singleElement().asString().contains("edge share is 0");
        assertThat(MultiExitEvaluator.evaluate(tiny, new MultiExitPlan(exits, new int[] {3}, new double[] {1})).violations())
                .singleElement().asString().contains("split 3 is outside 0..2");
        assertThat(MultiExitEvaluator.evaluate(tiny, new MultiExitPlan(exits, new int[] {0}, new double[] {1.5})).violations())
                .anyMatch(v -> v.contains("outside [0, 1]"));
        MultiExitInstance offline = tiny.withBandwidth("offline", 0);
        MultiExitEvaluation cut = MultiExitEvaluator.evaluate(offline, new MultiExitPlan(exits, new int[] {0}, new double[] {1}));
        assertThat(cut.feasible()).isFalse();
        assertThat(cut.objective()).isInfinite();
        assertThat(cut.violations()).anyMatch(v -> v.contains("bandwidth is 0"));
        assertThat(MultiExitEvaluator.evaluate(offline, new MultiExitPlan(exits, new int[] {2}, new double[] {0})).feasible())
                .isTrue();
    }

    /**
     * Bandwidth 0 means no link: a split that leaves work to the edge is refused even when the data it would send is
     * 0 bytes (a model input or an activation of size 0), which once made the transfer free and the plan feasible.
     */
    @Test
    void anUnreachableEdgeIsRefusedEvenWhenTheSplitSendsZeroBytes() {
        MultiExitDnn dnn = new MultiExitDnn("zero", 0, List.of("a", "b", "c"), new double[] {100, 100, 100},
                new double[] {0, 50, 10}, new double[] {0, 0, 0});
        Device offline = new Device("offline", 10, 2, 1, 0, new double[] {0, 0, 1});
        MultiExitInstance inst = new MultiExitInstance("zero", "", dnn, List.of(offline), 100, 0.5, 0.5, null);
        ExitSet exits = ExitSet.finalOnly(3);
        for (int split : new int[] {0, 1, 2}) {
            MultiExitEvaluation e = MultiExitEvaluator.evaluate(inst,
                    new MultiExitPlan(exits, new int[] {split}, new double[] {1}));
            assertThat(e.feasible()).as("split %d", split).isFalse();
            assertThat(e.violations()).as("split %d", split).anyMatch(v -> v.contains("bandwidth is 0"));
        }
        MultiExitCostModel model = new MultiExitCostModel(inst, exits);
        assertThat(model.g(0, 0)).isInfinite();
        assertThat(model.g(0, 1)).isInfinite();
        assertThat(MultiExitEvaluator.evaluate(inst, new MultiExitPlan(exits, new int[] {3}, new double[] {0}))
                .feasible()).isTrue();
    }

    @Test
    void sharesAboveOneInTotalAreInfeasible() {
        MultiExitInstance inst = MultiExitFixtures.random(3, 3, 5);
        MultiExitEvaluation e = MultiExitEvaluator.evaluate(inst,
                new MultiExitPlan(inst.defaultExits(), new int[] {0, 0, 0}, new double[] {0.5, 0.4, 0.2}));
        assertThat(e.violations()).anyMatch(v -> v.contains("sum to 1.1"));
    }

    @Test
    void fastCostAgreesWithTheFullEvaluationOnRandomPlans() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int t = 0; t < 200; t++) {
            MultiExitInstance inst = MultiExitFixtures.random(t, 1 + rnd.nextInt(6), 1 + rnd.nextInt(14));
            int m = inst.deviceCount();
            int n = inst.layerCount();
            int[] s = new int[m];
            double[] r = new double[m];
            for (int i = 0; i < m; i++) {
                s[i] = rnd.nextInt(n + 1);
                r[i] = rnd.nextDouble() / m;
            }
            MultiExitPlan plan = new MultiExitPlan(inst.defaultExits(), s, r);
            MultiExitEvaluation full = MultiExitEvaluator.evaluate(inst, plan);
            double fast = new MultiExitCostModel(inst, plan.exits()).cost(s, r);
            assertThat(full.feasible()).isTrue();
            assertThat(fast).isCloseTo(full.cost(), within(1e-9 * full.cost()));
            double sum = full.devices().stream().mapToDouble(MultiExitEvaluation.DeviceCost::cost).sum();
            assertThat(sum).isCloseTo(full.cost(), within(1e-9 * full.cost()));
        }
    }
}
