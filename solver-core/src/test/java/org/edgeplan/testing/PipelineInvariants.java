package org.edgeplan.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * Problem B's schedule invariants: re-derives, from the instance alone, what every feasible evaluation must
 * satisfy (durations, precedence with transfer delays, inputs after release, queue order, completions).
 */
public final class PipelineInvariants {
    private static final double TOL = 1e-12;

    private PipelineInvariants() {
    }

    public static void check(PipelineInstance instance, PipelinePlan plan, PipelineEvaluation ev) {
        assertThat(ev.violations()).as("violations of %s", plan).isEmpty();
        assertThat(ev.feasible()).isTrue();
        int[] nodeOf = plan.nodeOf(instance.subtaskCount());
        for (int id = 0; id < instance.subtaskCount(); id++) {
            int e = instance.subtaskEndpoint(id);
            int k = instance.subtaskRequest(id);
            int v = instance.subtaskLayer(id);
            DnnGraph model = instance.model(e);
            String label = instance.subtaskLabel(id);
            assertThat(ev.nodeOf(id)).isEqualTo(nodeOf[id]);
            assertThat(ev.startSeconds(id)).as("start of %s", label).isGreaterThanOrEqualTo(ev.readySeconds(id));
            assertThat(ev.finishSeconds(id) - ev.startSeconds(id)).as("duration of %s", label)
                    .isCloseTo(instance.computeSeconds(id, nodeOf[id]), org.assertj.core.api.Assertions.within(1e-9));
            // Precedence with transfer delay.
            for (int p = 0; p < model.predecessorCount(v); p++) {
                int u = instance.subtaskId(e, k, model.predecessor(v, p));
                double transfer = instance.transferSeconds(nodeOf[u], nodeOf[id], model.layer(model.predecessor(v, p))
                        .outputBytes());
                assertThat(ev.startSeconds(id)).as("%s after %s", label, instance.subtaskLabel(u))
                        .isGreaterThanOrEqualTo(ev.finishSeconds(u) + transfer - TOL);
            }
            if (model.isSource(v)) {
                double arrival = instance.releaseSeconds(e, k)
                        + instance.transferSeconds(instance.deviceOf(e), nodeOf[id], model.inputBytes());
                assertThat(ev.startSeconds(id)).as("input of %s", label).isGreaterThanOrEqualTo(arrival - TOL);
            }
        }
        // Node exclusivity in queue order.
        for (int node = 0; node < plan.nodeCount(); node++) {
            for (int p = 1; p < plan.queueLength(node); p++) {
                int prev = plan.queueEntry(node, p - 1);
                int next = plan.queueEntry(node, p);
                assertThat(ev.startSeconds(next)).as("queue order on node %d", node)
                        .isGreaterThanOrEqualTo(ev.finishSeconds(prev));
            }
        }
        // Requests.
        double total = 0;
        for (int e = 0; e < instance.endpointCount(); e++) {
            DnnGraph model = instance.model(e);
            for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                int r = instance.requestId(e, k);
                int sink = instance.subtaskId(e, k, model.sink());
                double back = instance.transferSeconds(nodeOf[sink], instance.deviceOf(e), model.resultBytes());
                assertThat(ev.completionSeconds(r)).isGreaterThanOrEqualTo(ev.finishSeconds(sink) + back - TOL);
                assertThat(ev.latencySeconds(r)).isEqualTo(ev.completionSeconds(r) - instance.releaseSeconds(e, k));
                total += ev.latencySeconds(r);
            }
        }
        assertThat(ev.totalLatencySeconds()).isCloseTo(total, org.assertj.core.api.Assertions.within(1e-9));
        // Transfers: durations, and one at a time per channel when links are exclusive, FIFO by availability.
        Map<Long, List<PipelineEvaluation.Transfer>> byChannel = new HashMap<>();
        for (PipelineEvaluation.Transfer t : ev.transfers()) {
            assertThat(t.fromNode()).isNotEqualTo(t.toNode());
            assertThat(t.startSeconds()).isGreaterThanOrEqualTo(t.availableSeconds());
            assertThat(t.finishSeconds() - t.startSeconds()).isCloseTo(
                    instance.transferSeconds(t.fromNode(), t.toNode(), t.bytes()),
                    org.assertj.core.api.Assertions.within(1e-9));
            if (!instance.linkExclusive()) {
                assertThat(t.startSeconds()).isEqualTo(t.availableSeconds());
            }
            byChannel.computeIfAbsent((long) t.fromNode() * 1000 + t.toNode(), x -> new ArrayList<>()).add(t);
        }
        if (instance.linkExclusive()) {
            for (List<PipelineEvaluation.Transfer> channel : byChannel.values()) {
                channel.sort(Comparator.comparingDouble(PipelineEvaluation.Transfer::startSeconds));
                for (int i = 1; i < channel.size(); i++) {
                    assertThat(channel.get(i).startSeconds()).as("channel overlap")
                            .isGreaterThanOrEqualTo(channel.get(i - 1).finishSeconds());
                    assertThat(channel.get(i).availableSeconds()).as("FIFO")
                            .isGreaterThanOrEqualTo(channel.get(i - 1).availableSeconds());
                }
            }
        }
    }
}
