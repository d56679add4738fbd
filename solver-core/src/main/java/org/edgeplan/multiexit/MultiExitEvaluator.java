package org.edgeplan.multiexit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ground truth of problem A: scores any plan with the formulas of {@code docs/models/multi-exit-model.md}
 * (our reconstruction of Ma, Wang, Tang 2025) and lists what makes a plan infeasible.
 */
public final class MultiExitEvaluator {
    private MultiExitEvaluator() {
    }

    /** The full evaluation; never throws for a plan of the right size. */
    public static MultiExitEvaluation evaluate(MultiExitInstance instance, MultiExitPlan plan) {
        List<String> violations = new ArrayList<>();
        int m = instance.deviceCount();
        int n = instance.layerCount();
        if (plan.deviceCount() != m) {
            violations.add("plan has " + plan.deviceCount() + " devices, instance '" + instance.name() + "' has " + m);
            return new MultiExitEvaluation(instance.name(), plan.exits(), List.of(), Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, violations);
        }
        if (plan.exits().layerCount() != n) {
            violations.add("plan's exit set is for " + plan.exits().layerCount() + " layers, the model has " + n);
            return new MultiExitEvaluation(instance.name(), plan.exits(), List.of(), Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, violations);
        }
        MultiExitCostModel model = new MultiExitCostModel(instance, plan.exits());
        double wT = instance.latencyWeight();
        double wE = instance.energyWeight();
        List<MultiExitEvaluation.DeviceCost> rows = new ArrayList<>(m);
        double shareSum = 0;
        double latency = 0;
        double energy = 0;
        double cost = 0;
        for (int i = 0; i < m; i++) {
            Device d = instance.devices().get(i);
            int s = plan.split(i);
            double r = plan.share(i);
            if (s < 0 || s > n) {
                violations.add("device '" + d.name() + "': split " + s + " is outside 0.." + n);
                rows.add(new MultiExitEvaluation.DeviceCost(d.name(), s, r, Double.NaN, Double.NaN, Double.NaN,
                        Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
                continue;
            }
            if (!(r >= 0) || r > 1) {
                violations.add("device '" + d.name() + "': share " + r + " is outside [0, 1]");
            } else {
                shareSum += r;
            }
            double tLoc = model.localSeconds(i, s);
            double tTr = model.transferSeconds(i, s);
            double tEdge = 0;
            if (Double.isInfinite(tTr)) {
                violations.add("device '" + d.name() + "': split " + s
                        + " sends data to the edge, but its bandwidth is 0 (edge unreachable)");
            }
            if (model.needsEdge(i, s)) {
                if (r > 0) {
                    tEdge = model.edgeFlops(i, s) / (r * instance.edgeSpeedFlopsPerSecond());
                } else {
                    tEdge = Double.POSITIVE_INFINITY;
                    violations.add("device '" + d.name() + "': split " + s
                            + " runs layers on the edge, but its edge share is 0");
                }
            }
            double t = tLoc + tTr + tEdge;
            double e = d.computePowerWatts() * tLoc + d.transmitPowerWatts() * tTr;
            double c = wT * t + wE * e;
            rows.add(new MultiExitEvaluation.DeviceCost(d.name(), s, r, tLoc, tTr, tEdge, t, e, c));
            latency += t;
            energy += e;
            cost += c;
        }
        if (shareSum > 1.0 + MultiExitCostModel.SHARE_TOLERANCE) {
            violations.add(String.format(Locale.ROOT, "edge shares sum to %.9g, more than 1", shareSum));
        }
        if (!violations.isEmpty()) {
            cost = Double.POSITIVE_INFINITY;
        }
        return new MultiExitEvaluation(instance.name(), plan.exits(), rows, latency, energy, cost, violations);
    }
}
