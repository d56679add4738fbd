package org.edgeplan.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;

/**
 * Problem A's plan invariants: what every feasible evaluation must satisfy, re-derived from the instance and the
 * plan (exit set with the final classifier, splits in range, shares that are a division of the edge server, every
 * device whose tasks reach the edge with a share, and the evaluation's totals and per-device parts adding up with the weights).
 */
public final class MultiExitInvariants {
    private static final double REL = 1e-9;

    private MultiExitInvariants() {
    }

    public static void check(MultiExitInstance instance, MultiExitPlan plan, MultiExitEvaluation ev) {
        assertThat(ev.violations()).as("violations of %s", plan).isEmpty();
        int layers = instance.dnn().layerCount();
        assertThat(plan.exits().contains(layers)).as("the final classifier is an exit").isTrue();
        assertThat(plan.deviceCount()).isEqualTo(instance.devices().size());
        double shares = 0;
        double latency = 0;
        double energy = 0;
        double cost = 0;
        for (int i = 0; i < plan.deviceCount(); i++) {
            MultiExitEvaluation.DeviceCost d = ev.devices().get(i);
            assertThat(plan.split(i)).as("split of %s", d.device()).isBetween(0, layers);
            assertThat(plan.share(i)).as("share of %s", d.device()).isGreaterThanOrEqualTo(0);
            // A device that offloads needs a share unless every task of it exits before the split (then no work
            // reaches the edge: seen with random exit distributions at 10 000 devices).
            if (plan.split(i) < layers && d.edgeSeconds() != 0) {
                assertThat(plan.share(i)).as("%s offloads, so it needs a share", d.device()).isPositive();
            }
            shares += plan.share(i);
            assertThat(d.split()).isEqualTo(plan.split(i));
            assertThat(d.latencySeconds()).as("latency parts of %s", d.device())
                    .isCloseTo(d.localSeconds() + d.transferSeconds() + d.edgeSeconds(), within(REL * d.latencySeconds()));
            assertThat(d.cost()).as("cost of %s", d.device()).isCloseTo(instance.latencyWeight() * d.latencySeconds()
                    + instance.energyWeight() * d.energyJoules(), within(REL * Math.max(1e-12, d.cost())));
            latency += d.latencySeconds();
            energy += d.energyJoules();
            cost += d.cost();
        }
        assertThat(shares).as("shares divide the edge server").isLessThanOrEqualTo(1 + 1e-9);
        assertThat(ev.totalLatencySeconds()).isCloseTo(latency, within(REL * Math.max(1e-12, latency)));
        assertThat(ev.totalEnergyJoules()).isCloseTo(energy, within(REL * Math.max(1e-12, energy)));
        assertThat(ev.objective()).isCloseTo(cost, within(REL * Math.max(1e-12, cost)));
    }
}
