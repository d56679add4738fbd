package org.edgeplan.bench.report;

import java.awt.Color;
import java.util.Locale;

/**
 * A {@link GanttChart} as SVG text, written by hand: XChart has no chart of lanes of bars, and its SVG encoder
 * (VectorGraphics2D) cannot attach a {@code <title>} tooltip to a shape. The file is plain SVG 1.1 with a
 * {@code viewBox} (zoomable in any browser), no script; every bar carries its tooltip and, for machines and tests,
 * {@code data-*} attributes with the exact evaluator times.
 *
 * <p>Structure: {@code <g class="lane">} per lane ({@code data-kind} node or channel, {@code data-name}) holding its
 * bars ({@code class} compute, wait, stall, transfer or transfer-wait); {@code <g class="axis">} with ticks and
 * {@code class="release"} marks; {@code <g class="legend">} with one {@code class="legend-entry"} per entry
 * ({@code data-kind}, and {@code data-endpoint} for endpoints).
 */
public final class GanttSvg {
    private GanttSvg() {
    }

    /** The SVG document (UTF-8 text). */
    public static String render(GanttChart chart) {
        StringBuilder sb = new StringBuilder(256 + 400 * chart.bars().size());
        int w = chart.width();
        int h = chart.height();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 ").append(w)
                .append(' ').append(h).append("\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        sb.append("<title>").append(Format.html(chart.caption())).append("</title>\n");
        sb.append("<style>rect.compute:hover, rect.transfer:hover { stroke: #000; stroke-width: 1; }"
                + " text { fill: #222; } text.label { font-size: 10px; fill: #fff; pointer-events: none; }</style>\n");
        sb.append("<defs>\n");
        int endpoints = chart.evaluation().instance().endpointCount();
        for (int e = 0; e < endpoints; e++) {
            hatch(sb, "hatch-" + e, chart.endpointColor(e));
        }
        hatch(sb, "hatch-legend", new Color(0x666666));
        sb.append("</defs>\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" fill=\"#fff\"/>\n");
        sb.append("<text class=\"caption\" x=\"").append(num(chart.plotLeft())).append("\" y=\"20\" font-size=\"15\""
                + " font-weight=\"bold\">").append(Format.html(chart.caption())).append("</text>\n");
        sb.append("<text class=\"summary\" x=\"").append(num(chart.plotLeft())).append("\" y=\"40\">")
                .append(Format.html(chart.summary())).append("</text>\n");

        for (int i = 0; i < chart.lanes().size(); i++) {
            GanttChart.Lane lane = chart.lanes().get(i);
            sb.append("<g class=\"lane\" data-kind=\"").append(lane.kind() == GanttChart.LaneKind.NODE ? "node"
                    : "channel").append("\" data-name=\"").append(Format.html(lane.name())).append("\">\n");
            sb.append("<rect class=\"lane-background\" x=\"").append(num(chart.plotLeft())).append("\" y=\"")
                    .append(num(lane.y())).append("\" width=\"").append(num(chart.plotWidth())).append("\" height=\"")
                    .append(num(lane.height())).append("\" fill=\"")
                    .append(lane.kind() == GanttChart.LaneKind.NODE ? "#f4f4f4" : "#f7f7fb").append("\"/>\n");
            sb.append("<text class=\"lane-name\" x=\"").append(num(chart.plotLeft() - 6)).append("\" y=\"")
                    .append(num(lane.y() + lane.height() / 2 + 4)).append("\" text-anchor=\"end\">")
                    .append(Format.html(lane.name())).append("</text>\n");
            for (GanttChart.Bar bar : chart.bars()) {
                if (bar.lane() == i) {
                    bar(sb, chart, lane, bar);
                }
            }
            sb.append("</g>\n");
        }

        // Makespan line, axis, ticks, releases.
        double top = chart.lanesTop();
        double axisY = chart.axisY();
        double mx = chart.x(chart.evaluation().makespanSeconds());
        sb.append("<g class=\"axis\">\n");
        sb.append("<line x1=\"").append(num(chart.plotLeft())).append("\" y1=\"").append(num(axisY)).append("\" x2=\"")
                .append(num(chart.plotLeft() + chart.plotWidth())).append("\" y2=\"").append(num(axisY))
                .append("\" stroke=\"#222\"/>\n");
        for (GanttChart.Tick tick : chart.ticks()) {
            double x = chart.x(tick.seconds());
            sb.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(axisY)).append("\" x2=\"")
                    .append(num(x)).append("\" y2=\"").append(num(axisY + 5)).append("\" stroke=\"#222\"/>")
                    .append("<text x=\"").append(num(x)).append("\" y=\"").append(num(axisY + 28))
                    .append("\" text-anchor=\"middle\">").append(Format.html(tick.label())).append("</text>\n");
        }
        for (GanttChart.Release r : chart.releases()) {
            double x = chart.x(r.seconds());
            sb.append("<path class=\"release\" d=\"M").append(num(x)).append(' ').append(num(axisY + 1))
                    .append(" l-4 9 h8 z\" fill=\"").append(hex(chart.endpointColor(r.endpoint())))
                    .append("\" data-seconds=\"").append(r.seconds()).append("\"><title>").append(Format.html(r.tooltip()))
                    .append("</title></path>\n");
        }
        sb.append("<text class=\"axis-title\" x=\"").append(num(chart.plotLeft() + chart.plotWidth() / 2))
                .append("\" y=\"").append(num(axisY + 46)).append("\" text-anchor=\"middle\">time (s); ")
                .append(Format.html(chart.summary().substring(0, chart.summary().indexOf(';')))).append("</text>\n");
        sb.append("</g>\n");
        sb.append("<g class=\"makespan\"><line x1=\"").append(num(mx)).append("\" y1=\"").append(num(top - 4))
                .append("\" x2=\"").append(num(mx)).append("\" y2=\"").append(num(axisY)).append("\" stroke=\"#b00020\""
                        + " stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/><title>makespan ")
                .append(Format.html(GanttChart.seconds(chart.evaluation().makespanSeconds()))).append(" s</title></g>\n");

        sb.append("<g class=\"legend\">\n");
        for (GanttChart.LegendEntry entry : chart.legend()) {
            sb.append("<g class=\"legend-entry\" data-kind=\"").append(entry.kind()).append('"');
            if (entry.endpoint() >= 0) {
                sb.append(" data-endpoint=\"")
                        .append(Format.html(chart.evaluation().instance().endpoint(entry.endpoint()).name())).append('"');
            }
            sb.append('>');
            double x = entry.x();
            double y = entry.y() + 3;
            switch (entry.kind()) {
                case "endpoint" -> rect(sb, x, y, 24, 12, hex(chart.endpointColor(entry.endpoint())));
                case "wait", "transfer-wait" -> rect(sb, x, y + 4, 24, 8, "url(#hatch-legend)");
                case "stall" -> rect(sb, x, y, 24, 12, stallFill());
                case "release" -> sb.append("<path d=\"M").append(num(x + 12)).append(' ').append(num(y))
                        .append(" l-5 11 h10 z\" fill=\"#666\"/>");
                default -> sb.append("<line x1=\"").append(num(x)).append("\" y1=\"").append(num(y + 6))
                        .append("\" x2=\"").append(num(x + 24)).append("\" y2=\"").append(num(y + 6))
                        .append("\" stroke=\"#b00020\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>");
            }
            sb.append("<text x=\"").append(num(x + 30)).append("\" y=\"").append(num(y + 11)).append("\">")
                    .append(Format.html(entry.text())).append("</text></g>\n");
        }
        sb.append("</g>\n</svg>\n");
        return sb.toString();
    }

    private static void bar(StringBuilder sb, GanttChart chart, GanttChart.Lane lane, GanttChart.Bar bar) {
        double[] r = chart.rectangle(bar);
        String cls = switch (bar.kind()) {
            case COMPUTE -> "compute";
            case WAIT -> "wait";
            case STALL -> "stall";
            case TRANSFER -> "transfer";
            case TRANSFER_WAIT -> "transfer-wait";
        };
        String fill = switch (bar.kind()) {
            case COMPUTE, TRANSFER -> hex(chart.endpointColor(bar.endpoint()));
            case WAIT, TRANSFER_WAIT -> "url(#hatch-" + bar.endpoint() + ")";
            case STALL -> stallFill();
        };
        sb.append("<rect class=\"").append(cls).append("\" x=\"").append(num(r[0])).append("\" y=\"")
                .append(num(r[1])).append("\" width=\"").append(num(r[2])).append("\" height=\"").append(num(r[3]))
                .append("\" fill=\"").append(fill).append('"');
        if (bar.kind() == GanttChart.BarKind.TRANSFER) {
            sb.append(" fill-opacity=\"0.75\"");
        }
        if (bar.kind() == GanttChart.BarKind.COMPUTE && r[2] >= GanttChart.SEPARATED_WIDTH) {
            // Back-to-back subtasks of one endpoint would melt into one bar.
            sb.append(" stroke=\"#fff\" stroke-width=\"0.6\"");
        }
        if (bar.subtask() >= 0 && bar.kind() != GanttChart.BarKind.TRANSFER
                && bar.kind() != GanttChart.BarKind.TRANSFER_WAIT) {
            sb.append(" data-subtask=\"").append(Format.html(chart.evaluation().instance().subtaskLabel(bar.subtask())))
                    .append('"');
        }
        sb.append(" data-lane=\"").append(Format.html(lane.name())).append("\" data-start=\"").append(bar.startSeconds())
                .append("\" data-end=\"").append(bar.endSeconds()).append("\"><title>").append(Format.html(bar.tooltip()))
                .append("</title></rect>\n");
        if (!bar.label().isEmpty()) {
            sb.append("<text class=\"label\" x=\"").append(num(r[0] + 2)).append("\" y=\"")
                    .append(num(r[1] + r[3] / 2 + 3.5)).append("\">").append(Format.html(bar.label())).append("</text>\n");
        }
    }

    private static void hatch(StringBuilder sb, String id, Color color) {
        sb.append("<pattern id=\"").append(id).append("\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\""
                + " patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" fill=\"")
                .append(hex(light(color))).append("\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"5\" stroke=\"")
                .append(hex(color)).append("\" stroke-width=\"2\"/></pattern>\n");
    }

    private static void rect(StringBuilder sb, double x, double y, double w, double h, String fill) {
        sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"").append(num(w))
                .append("\" height=\"").append(num(h)).append("\" fill=\"").append(fill).append("\"/>");
    }

    static String stallFill() {
        return hex(GanttPng.STALL);
    }

    /** A colour mixed 70 % towards white, for the background of hatching. */
    static Color light(Color c) {
        return new Color(255 - (255 - c.getRed()) * 3 / 10, 255 - (255 - c.getGreen()) * 3 / 10,
                255 - (255 - c.getBlue()) * 3 / 10);
    }

    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    /** A coordinate with at most three decimals. */
    static String num(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }
}
