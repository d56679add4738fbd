package org.edgeplan.cli;

import java.util.Arrays;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;

/** The problem-B part of {@link EvaluationView}: totals, per-node figures, per-request latencies, the schedule. */
final class PipelineView {
    /** Above this many requests the table shows latency percentiles instead of one row per request. */
    private static final int REQUEST_ROWS = 20;

    private PipelineView() {
    }

    static void table(PipelineEvaluation e, StringBuilder sb) {
        PipelineInstance in = e.instance();
        sb.append("instance ").append(in.name()).append(", ").append(in.subtaskCount()).append(" subtasks, ")
                .append(in.requestCount()).append(" requests, ").append(in.nodeCount()).append(" nodes, mode ")
                .append(in.mode().label()).append(", objective ")
                .append(in.objective().label()).append('\n');
        if (!e.simulated()) {
            return;
        }
        TextTable totals = new TextTable("total latency s", "mean latency s", "makespan s", "queueing s", "stall s");
        totals.row(e.totalLatencySeconds(), e.meanLatencySeconds(), e.makespanSeconds(),
                e.totalQueueingDelaySeconds(), e.totalStallSeconds());
        sb.append(totals.render()).append('\n');
        TextTable nodes = new TextTable("node", "kind", "subtasks", "busy s", "stall s", "utilisation");
        for (int n = 0; n < in.nodeCount(); n++) {
            Node node = in.node(n);
            nodes.row(node.name(), node.kind().name().toLowerCase(java.util.Locale.ROOT), e.nodeSubtaskCount(n),
                    e.nodeBusySeconds(n), e.nodeStallSeconds(n), e.nodeUtilisation(n));
        }
        sb.append(nodes.render()).append('\n');
        if (in.requestCount() <= REQUEST_ROWS) {
            TextTable requests = new TextTable("endpoint", "request", "release s", "completion s", "latency s");
            for (int ep = 0; ep < in.endpointCount(); ep++) {
                for (int r = 0; r < in.endpoint(ep).requestCount(); r++) {
                    int id = in.requestId(ep, r);
                    requests.row(in.endpoint(ep).name(), r, in.releaseSeconds(ep, r), e.completionSeconds(id),
                            e.latencySeconds(id));
                }
            }
            sb.append(requests.render());
        } else {
            double[] latency = new double[in.requestCount()];
            for (int id = 0; id < latency.length; id++) {
                latency[id] = e.latencySeconds(id);
            }
            Arrays.sort(latency);
            TextTable requests = new TextTable("request latency s", "min", "median", "p90", "p99", "max");
            requests.row("", latency[0], percentile(latency, 0.5), percentile(latency, 0.9),
                    percentile(latency, 0.99), latency[latency.length - 1]);
            sb.append(requests.render());
        }
        sb.append('\n');
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static void json(PipelineEvaluation e, ObjectNode n) {
        PipelineInstance in = e.instance();
        n.put("instance", in.name());
        n.put("objectiveKind", in.objective().label());
        if (!e.simulated()) {
            return;
        }
        ObjectNode totals = n.putObject("totals");
        Json.putNumber(totals, "totalLatencySeconds", e.totalLatencySeconds());
        Json.putNumber(totals, "meanLatencySeconds", e.meanLatencySeconds());
        Json.putNumber(totals, "makespanSeconds", e.makespanSeconds());
        Json.putNumber(totals, "queueingDelaySeconds", e.totalQueueingDelaySeconds());
        Json.putNumber(totals, "stallSeconds", e.totalStallSeconds());
        ArrayNode nodes = n.putArray("nodes");
        for (int k = 0; k < in.nodeCount(); k++) {
            ObjectNode o = nodes.addObject();
            o.put("node", in.node(k).name());
            o.put("subtasks", e.nodeSubtaskCount(k));
            Json.putNumber(o, "busySeconds", e.nodeBusySeconds(k));
            Json.putNumber(o, "stallSeconds", e.nodeStallSeconds(k));
            Json.putNumber(o, "utilisation", e.nodeUtilisation(k));
        }
        ArrayNode requests = n.putArray("requests");
        for (int ep = 0; ep < in.endpointCount(); ep++) {
            for (int r = 0; r < in.endpoint(ep).requestCount(); r++) {
                int id = in.requestId(ep, r);
                ObjectNode o = requests.addObject();
                o.put("endpoint", in.endpoint(ep).name());
                o.put("request", r);
                Json.putNumber(o, "releaseSeconds", in.releaseSeconds(ep, r));
                Json.putNumber(o, "completionSeconds", e.completionSeconds(id));
                Json.putNumber(o, "latencySeconds", e.latencySeconds(id));
            }
        }
        ArrayNode subtasks = n.putArray("subtasks");
        for (int id = 0; id < in.subtaskCount(); id++) {
            ObjectNode o = subtasks.addObject();
            o.put("subtask", in.subtaskLabel(id));
            o.put("node", in.node(e.nodeOf(id)).name());
            Json.putNumber(o, "readySeconds", e.readySeconds(id));
            Json.putNumber(o, "startSeconds", e.startSeconds(id));
            Json.putNumber(o, "finishSeconds", e.finishSeconds(id));
        }
    }
}
