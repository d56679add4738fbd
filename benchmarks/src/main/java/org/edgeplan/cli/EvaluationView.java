package org.edgeplan.cli;

import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.edgeplan.core.Evaluation;
import org.edgeplan.multiexit.MultiExitEvaluation;
import org.edgeplan.pipeline.PipelineEvaluation;

/** Renders an evaluation of either problem as a text table or JSON. */
final class EvaluationView {
    private EvaluationView() {
    }

    static String table(Evaluation evaluation) {
        StringBuilder sb = new StringBuilder();
        if (evaluation instanceof MultiExitEvaluation e) {
            multiExitTable(e, sb);
        } else if (evaluation instanceof PipelineEvaluation e) {
            PipelineView.table(e, sb);
        }
        if (evaluation.feasible()) {
            sb.append(String.format(Locale.ROOT, "feasible, objective %s%n", TextTable.num(evaluation.objective())));
        } else {
            sb.append("infeasible:\n");
            for (String v : evaluation.violations()) {
                sb.append("  - ").append(v).append('\n');
            }
        }
        return sb.toString();
    }

    static ObjectNode json(Evaluation evaluation) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("feasible", evaluation.feasible());
        Json.putNumber(n, "objective", evaluation.objective());
        ArrayNode violations = n.putArray("violations");
        evaluation.violations().forEach(violations::add);
        if (evaluation instanceof MultiExitEvaluation e) {
            multiExitJson(e, n);
        } else if (evaluation instanceof PipelineEvaluation e) {
            PipelineView.json(e, n);
        }
        return n;
    }

    private static void multiExitTable(MultiExitEvaluation e, StringBuilder sb) {
        sb.append("instance ").append(e.instanceName()).append(", exits ").append(e.exits()).append('\n');
        TextTable t = new TextTable("device", "split", "share", "local s", "transfer s", "edge s", "latency s",
                "energy J", "cost");
        for (MultiExitEvaluation.DeviceCost d : e.devices()) {
            t.row(d.device(), d.split(), d.share(), d.localSeconds(), d.transferSeconds(), d.edgeSeconds(),
                    d.latencySeconds(), d.energyJoules(), d.cost());
        }
        t.row("total", "", "", "", "", "", e.totalLatencySeconds(), e.totalEnergyJoules(), e.cost());
        sb.append(t.render());
    }

    private static void multiExitJson(MultiExitEvaluation e, ObjectNode n) {
        n.put("instance", e.instanceName());
        ArrayNode exits = n.putArray("exits");
        e.exits().layers().forEach(exits::add);
        ObjectNode totals = n.putObject("totals");
        Json.putNumber(totals, "latencySeconds", e.totalLatencySeconds());
        Json.putNumber(totals, "meanLatencySeconds", e.meanLatencySeconds());
        Json.putNumber(totals, "energyJoules", e.totalEnergyJoules());
        Json.putNumber(totals, "cost", e.cost());
        ArrayNode devices = n.putArray("devices");
        for (MultiExitEvaluation.DeviceCost d : e.devices()) {
            ObjectNode o = devices.addObject();
            o.put("device", d.device());
            o.put("split", d.split());
            Json.putNumber(o, "share", d.share());
            Json.putNumber(o, "localSeconds", d.localSeconds());
            Json.putNumber(o, "transferSeconds", d.transferSeconds());
            Json.putNumber(o, "edgeSeconds", d.edgeSeconds());
            Json.putNumber(o, "latencySeconds", d.latencySeconds());
            Json.putNumber(o, "energyJoules", d.energyJoules());
            Json.putNumber(o, "cost", d.cost());
        }
    }
}
