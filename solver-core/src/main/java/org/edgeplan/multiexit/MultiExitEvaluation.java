package org.edgeplan.multiexit;

import java.util.List;

import org.edgeplan.core.Evaluation;

/**
 * The evaluator's full account of a problem-A plan: expected latency parts, energy and cost per device and in
 * total. For an infeasible plan the violations say why and the totals are +Infinity.
 */
public record MultiExitEvaluation(String instanceName, ExitSet exits, List<DeviceCost> devices,
                                  double totalLatencySeconds, double totalEnergyJoules, double cost,
                                  List<String> violations) implements Evaluation {
    public MultiExitEvaluation {
        devices = List.copyOf(devices);
        violations = List.copyOf(violations);
    }

    /**
     * One device's expected figures.
     *
     * @param localSeconds    Tloc_i
     * @param transferSeconds Ttr_i
     * @param edgeSeconds     Tedge_i
     * @param latencySeconds  T_i
     * @param energyJoules    E_i
     * @param cost            wT · T_i + wE · E_i
     */
    public record DeviceCost(String device, int split, double share, double localSeconds, double transferSeconds,
                             double edgeSeconds, double latencySeconds, double energyJoules, double cost) {
    }

    @Override
    public boolean feasible() {
        return violations.isEmpty();
    }

    @Override
    public double objective() {
        return cost;
    }

    /** Mean expected latency over the devices. */
    public double meanLatencySeconds() {
        return totalLatencySeconds / devices.size();
    }
}
