package org.edgeplan.bench.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;

/**
 * The picture of a problem-B schedule, laid out once and drawn by {@link GanttSvg} (zoomable vector, a tooltip per
 * bar) and {@link GanttPng} (Java2D), so both show the same thing at the same coordinates.
 *
 * <p>Everything comes from the evaluator's {@link PipelineEvaluation}, nothing is recomputed:
 * <ul>
 *   <li>one lane per node, a bar per subtask from its start to its finish, coloured by endpoint and labelled by
 *       request ({@code endpoint/k}, or {@code k}) when the bar is wide enough;</li>
 *   <li>waiting in queue (the evaluator's queueing delay, ready → start) as a thin hatched bar in the lower part of
 *       the subtask's node lane;</li>
 *   <li>stalls (the evaluator's stall time: a node idle between its first start and its last finish) as a light
 *       backdrop over each idle gap; the gaps of a node add up to its {@code nodeStallSeconds};</li>
 *   <li>with exclusive links, one lane per directed channel that carries data, a bar per transfer from its start
 *       to its arrival, and its wait for the busy channel (available → start) hatched;</li>
 *   <li>release times as ticks under the time axis, the makespan as a dashed line, the objective in the title, and
 *       a legend of endpoints.</li>
 * </ul>
 * The plot widens with the busiest lane (about {@value #PIXELS_PER_BAR} px per bar, {@value #MIN_PLOT_WIDTH} to
 * {@value #MAX_PLOT_WIDTH} px), so 1 000 subtasks stay readable once zoomed in the SVG.
 */
public final class GanttChart {
    static final int PIXELS_PER_BAR = 6;
    static final int MIN_PLOT_WIDTH = 900;
    static final int MAX_PLOT_WIDTH = 6000;
    static final double NODE_LANE_HEIGHT = 30;
    static final double CHANNEL_LANE_HEIGHT = 20;
    static final double LANE_GAP = 4;
    static final double TITLE_HEIGHT = 52;
    static final double AXIS_HEIGHT = 52;
    static final double LEGEND_ROW_HEIGHT = 20;
    static final double RIGHT_MARGIN = 24;
    /** Estimated width of one character of the 10 px label font (sans-serif averages about 0.6 em). */
    static final double LABEL_CHAR_WIDTH = 6.4;
    /** Compute bars at least this wide get a white edge, so that back-to-back bars of one endpoint stay apart. */
    static final double SEPARATED_WIDTH = 3;

    /** What a lane shows. */
    public enum LaneKind { NODE, CHANNEL }

    /**
     * One horizontal lane.
     *
     * @param kind     node or channel
     * @param name     node name, or {@code from → to} for a channel
     * @param node     node index, -1 for a channel
     * @param fromNode channel's sending node, -1 for a node lane
     * @param toNode   channel's receiving node, -1 for a node lane
     * @param y        top of the lane
     * @param height   height of the lane
     */
    public record Lane(LaneKind kind, String name, int node, int fromNode, int toNode, double y, double height) {
    }

    /** What a bar stands for. */
    public enum BarKind {
        /** A subtask computing on its node, start → finish. */
        COMPUTE,
        /** A subtask waiting in its node's queue, ready → start. */
        WAIT,
        /** A node idle between two of its subtasks (part of its stall time). */
        STALL,
        /** Data moving over an exclusive channel, start → arrival. */
        TRANSFER,
        /** Data waiting for a busy exclusive channel, available → start. */
        TRANSFER_WAIT
    }

    /**
     * One bar.
     *
     * @param kind          what it stands for
     * @param lane          lane index
     * @param startSeconds  left end (absolute seconds)
     * @param endSeconds    right end
     * @param endpoint      endpoint index for the colour, -1 for a stall
     * @param subtask       subtask id ({@code COMPUTE}, {@code WAIT}), the consumer or producer of a transfer, -1
     * @param label         text inside the bar when it fits (compute bars), else empty
     * @param tooltip       one line for the tooltip
     */
    public record Bar(BarKind kind, int lane, double startSeconds, double endSeconds, int endpoint, int subtask,
                      String label, String tooltip) {
    }

    /**
     * A request's release time, a tick under the axis.
     *
     * @param seconds  release time
     * @param endpoint endpoint index
     * @param tooltip  one line
     */
    public record Release(double seconds, int endpoint, String tooltip) {
    }

    /**
     * One legend entry.
     *
     * @param kind     {@code endpoint}, {@code wait}, {@code stall}, {@code transfer-wait}, {@code release} or
     *                 {@code makespan}
     * @param endpoint endpoint index, -1 for the other kinds
     * @param text     the entry's text
     * @param x        left of the swatch
     * @param y        top of the row
     */
    public record LegendEntry(String kind, int endpoint, String text, double x, double y) {
    }

    /** A tick of the time axis. */
    public record Tick(double seconds, String label) {
    }

    private final PipelineEvaluation evaluation;
    private final String caption;
    private final String summary;
    private final List<Lane> lanes;
    private final List<Bar> bars;
    private final List<Release> releases;
    private final List<LegendEntry> legend;
    private final List<Tick> ticks;
    private final List<Color> endpointColors;
    private final double plotLeft;
    private final double plotWidth;
    private final double endSeconds;
    private final double axisY;
    private final double width;
    private final double height;

    private GanttChart(PipelineEvaluation evaluation, String caption) {
        if (!evaluation.simulated()) {
            throw new IllegalArgumentException("the plan was not simulated, so it has no schedule to draw: "
                    + evaluation.violationSummary());
        }
        this.evaluation = evaluation;
        this.caption = caption;
        PipelineInstance instance = evaluation.instance();
        int subtasks = instance.subtaskCount();
        endpointColors = new ArrayList<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            endpointColors.add(color(e));
        }

        // Lanes: every node, then every directed channel that carried data (exclusive links only).
        Map<Long, Integer> channelLane = new LinkedHashMap<>();
        List<PipelineEvaluation.Transfer> channelTransfers = new ArrayList<>();
        if (instance.linkExclusive()) {
            channelTransfers.addAll(evaluation.transfers());
            channelTransfers.sort(Comparator.comparingInt(PipelineEvaluation.Transfer::fromNode)
                    .thenComparingInt(PipelineEvaluation.Transfer::toNode)
                    .thenComparingDouble(PipelineEvaluation.Transfer::startSeconds));
        }
        int nodes = instance.nodeCount();
        int laneCount = nodes;
        for (PipelineEvaluation.Transfer t : channelTransfers) {
            long key = (long) t.fromNode() * nodes + t.toNode();
            if (!channelLane.containsKey(key)) {
                channelLane.put(key, laneCount++);
            }
        }
        int longestName = 4;
        for (int n = 0; n < nodes; n++) {
            longestName = Math.max(longestName, instance.node(n).name().length());
        }
        for (long key : channelLane.keySet()) {
            longestName = Math.max(longestName, channelName(instance, (int) (key / nodes), (int) (key % nodes))
                    .length());
        }
        plotLeft = 16 + Math.min(40, longestName) * 7.0;

        int[] perLane = new int[laneCount];
        for (int id = 0; id < subtasks; id++) {
            perLane[evaluation.nodeOf(id)]++;
        }
        for (PipelineEvaluation.Transfer t : channelTransfers) {
            perLane[channelLane.get((long) t.fromNode() * nodes + t.toNode())]++;
        }
        int busiest = 0;
        for (int c : perLane) {
            busiest = Math.max(busiest, c);
        }
        plotWidth = Math.max(MIN_PLOT_WIDTH, Math.min(MAX_PLOT_WIDTH, PIXELS_PER_BAR * busiest));

        double last = evaluation.makespanSeconds();
        for (int id = 0; id < subtasks; id++) {
            if (!Double.isNaN(evaluation.finishSeconds(id))) {
                last = Math.max(last, evaluation.finishSeconds(id));
            }
        }
        endSeconds = Double.isFinite(last) && last > 0 ? last : 1.0;

        List<Lane> laneList = new ArrayList<>();
        double y = TITLE_HEIGHT;
        for (int n = 0; n < nodes; n++) {
            laneList.add(new Lane(LaneKind.NODE, instance.node(n).name(), n, -1, -1, y, NODE_LANE_HEIGHT));
            y += NODE_LANE_HEIGHT + LANE_GAP;
        }
        for (long key : channelLane.keySet()) {
            int from = (int) (key / nodes);
            int to = (int) (key % nodes);
            laneList.add(new Lane(LaneKind.CHANNEL, channelName(instance, from, to), -1, from, to, y,
                    CHANNEL_LANE_HEIGHT));
            y += CHANNEL_LANE_HEIGHT + LANE_GAP;
        }
        lanes = List.copyOf(laneList);
        axisY = y + 2;

        List<Bar> barList = new ArrayList<>();
        addNodeBars(instance, barList);
        for (PipelineEvaluation.Transfer t : channelTransfers) {
            addTransferBars(instance, t, channelLane.get((long) t.fromNode() * nodes + t.toNode()), barList);
        }
        bars = List.copyOf(barList);

        List<Release> releaseList = new ArrayList<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                double t = instance.releaseSeconds(e, k);
                releaseList.add(new Release(t, e, instance.endpoint(e).name() + "/" + k + " released at "
                        + seconds(t) + " s, latency " + seconds(evaluation.latencySeconds(instance.requestId(e, k)))
                        + " s"));
            }
        }
        releases = List.copyOf(releaseList);
        ticks = ticks(endSeconds, plotWidth);

        width = plotLeft + plotWidth + RIGHT_MARGIN;
        legend = layoutLegend(instance, axisY + AXIS_HEIGHT, width);
        double legendBottom = legend.isEmpty() ? axisY + AXIS_HEIGHT
                : legend.get(legend.size() - 1).y() + LEGEND_ROW_HEIGHT;
        height = legendBottom + 10;

        summary = summary(evaluation);
    }

    /**
     * Lays out the schedule of a simulated evaluation.
     *
     * @param evaluation the evaluator's account of the plan; it must have been simulated
     * @param caption    the first title line, e.g. the instance and where the plan came from
     * @throws IllegalArgumentException when the plan was not simulated (it has no times)
     */
    public static GanttChart of(PipelineEvaluation evaluation, String caption) {
        return new GanttChart(evaluation, caption);
    }

    private void addNodeBars(PipelineInstance instance, List<Bar> out) {
        int subtasks = instance.subtaskCount();
        List<List<Integer>> byNode = new ArrayList<>();
        for (int n = 0; n < instance.nodeCount(); n++) {
            byNode.add(new ArrayList<>());
        }
        for (int id = 0; id < subtasks; id++) {
            if (!Double.isNaN(evaluation.startSeconds(id))) {
                byNode.get(evaluation.nodeOf(id)).add(id);
            }
        }
        for (int n = 0; n < instance.nodeCount(); n++) {
            List<Integer> ids = byNode.get(n);
            ids.sort(Comparator.comparingDouble(evaluation::startSeconds).thenComparingInt(i -> i));
            String node = instance.node(n).name();
            // Stalls first, so that they lie under everything else: the idle gaps between the node's first start
            // and its last finish (the node runs one subtask at a time, so they add up to nodeStallSeconds).
            double busyUntil = Double.NaN;
            for (int id : ids) {
                double start = evaluation.startSeconds(id);
                if (!Double.isNaN(busyUntil) && start > busyUntil) {
                    out.add(new Bar(BarKind.STALL, n, busyUntil, start, -1, -1, "",
                            "stall on " + node + ": idle from " + seconds(busyUntil) + " to " + seconds(start)
                                    + " s (" + seconds(start - busyUntil) + " s)"));
                }
                busyUntil = Double.isNaN(busyUntil) ? evaluation.finishSeconds(id)
                        : Math.max(busyUntil, evaluation.finishSeconds(id));
            }
            for (int id : ids) {
                double ready = evaluation.readySeconds(id);
                double start = evaluation.startSeconds(id);
                if (start > ready) {
                    out.add(new Bar(BarKind.WAIT, n, ready, start, instance.subtaskEndpoint(id), id, "",
                            instance.subtaskLabel(id) + " waits in the queue of " + node + " from " + seconds(ready)
                                    + " to " + seconds(start) + " s (" + seconds(start - ready) + " s)"));
                }
            }
            for (int id : ids) {
                double start = evaluation.startSeconds(id);
                double finish = evaluation.finishSeconds(id);
                int e = instance.subtaskEndpoint(id);
                String request = instance.endpoint(e).name() + "/" + instance.subtaskRequest(id);
                double w = (finish - start) * plotWidth / endSeconds;
                String label = fits(request, w) ? request
                        : fits(Integer.toString(instance.subtaskRequest(id)), w)
                        ? Integer.toString(instance.subtaskRequest(id)) : "";
                double ready = evaluation.readySeconds(id);
                out.add(new Bar(BarKind.COMPUTE, n, start, finish, e, id, label,
                        instance.subtaskLabel(id) + " on " + node + ": start " + seconds(start) + " s, end "
                                + seconds(finish) + " s (" + seconds(finish - start) + " s; ready " + seconds(ready)
                                + " s, queued " + seconds(start - ready) + " s)"));
            }
        }
    }

    private void addTransferBars(PipelineInstance instance, PipelineEvaluation.Transfer t, int lane, List<Bar> out) {
        int subtask = t.consumer() >= 0 ? t.consumer() : t.producer();
        int endpoint = subtask >= 0 ? instance.subtaskEndpoint(subtask) : 0;
        String what;
        if (t.producer() < 0) {
            what = "input of " + instance.subtaskLabel(t.consumer());
        } else if (t.consumer() < 0) {
            what = "result of " + instance.subtaskLabel(t.producer());
        } else {
            what = instance.subtaskLabel(t.producer()) + " → " + instance.subtaskLabel(t.consumer());
        }
        String channel = channelName(instance, t.fromNode(), t.toNode());
        if (t.startSeconds() > t.availableSeconds()) {
            out.add(new Bar(BarKind.TRANSFER_WAIT, lane, t.availableSeconds(), t.startSeconds(), endpoint, subtask,
                    "", what + " waits for " + channel + " from " + seconds(t.availableSeconds()) + " to "
                    + seconds(t.startSeconds()) + " s"));
        }
        out.add(new Bar(BarKind.TRANSFER, lane, t.startSeconds(), t.finishSeconds(), endpoint, subtask, "",
                what + " over " + channel + ": start " + seconds(t.startSeconds()) + " s, end "
                        + seconds(t.finishSeconds()) + " s (" + Format.significant(t.bytes(), 6) + " bytes)"));
    }

    private List<LegendEntry> layoutLegend(PipelineInstance instance, double top, double totalWidth) {
        List<String[]> entries = new ArrayList<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            entries.add(new String[]{"endpoint", Integer.toString(e), instance.endpoint(e).name() + " (device "
                    + instance.node(instance.deviceOf(e)).name() + ")"});
        }
        entries.add(new String[]{"wait", "-1", "waiting in queue (ready → start)"});
        entries.add(new String[]{"stall", "-1", "stall (node idle between its first start and last finish)"});
        if (lanes.stream().anyMatch(l -> l.kind() == LaneKind.CHANNEL)) {
            entries.add(new String[]{"transfer-wait", "-1", "waiting for a busy channel"});
        }
        entries.add(new String[]{"release", "-1", "request released"});
        entries.add(new String[]{"makespan", "-1", "makespan"});
        List<LegendEntry> out = new ArrayList<>();
        double x = plotLeft;
        double y = top;
        for (String[] entry : entries) {
            double w = 30 + entry[2].length() * 6.2 + 18;
            if (x > plotLeft && x + w > totalWidth - RIGHT_MARGIN) {
                x = plotLeft;
                y += LEGEND_ROW_HEIGHT;
            }
            out.add(new LegendEntry(entry[0], Integer.parseInt(entry[1]), entry[2], x, y));
            x += w;
        }
        return List.copyOf(out);
    }

    private static String summary(PipelineEvaluation ev) {
        PipelineInstance instance = ev.instance();
        boolean makespan = instance.objective() == PipelineObjective.MAKESPAN;
        String objective = makespan
                ? "objective: makespan " + seconds(ev.makespanSeconds()) + " s (total latency "
                + seconds(ev.totalLatencySeconds()) + " s)"
                : "objective: total latency " + seconds(ev.totalLatencySeconds()) + " s (makespan "
                + seconds(ev.makespanSeconds()) + " s)";
        return (ev.feasible() ? "" : "INFEASIBLE, ") + objective + "; " + instance.subtaskCount() + " subtasks, "
                + instance.requestCount() + " requests on " + instance.nodeCount() + " nodes; queueing "
                + seconds(ev.totalQueueingDelaySeconds()) + " s, stalls " + seconds(ev.totalStallSeconds()) + " s";
    }

    /** Nice ticks (1, 2 or 5 times a power of ten) about every 100 px from 0 to {@code end}. */
    static List<Tick> ticks(double end, double plotWidth) {
        double target = end / Math.max(2, Math.floor(plotWidth / 100));
        double decade = Math.pow(10, Math.floor(Math.log10(target)));
        double step = decade;
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * decade >= target) {
                step = m * decade;
                break;
            }
        }
        List<Tick> out = new ArrayList<>();
        for (int i = 0; i * step <= end * (1 + 1e-9); i++) {
            double t = i * step;
            out.add(new Tick(t, Format.significant(Double.parseDouble(Format.significant(t, 10)), 6)));
        }
        return List.copyOf(out);
    }

    private static boolean fits(String text, double barWidth) {
        return barWidth >= text.length() * LABEL_CHAR_WIDTH + 4;
    }

    static String channelName(PipelineInstance instance, int from, int to) {
        return instance.node(from).name() + " → " + instance.node(to).name();
    }

    static String seconds(double s) {
        return Format.significant(s, 6);
    }

    /** Tableau 10, then further hues by the golden angle for many endpoints. */
    static Color color(int endpoint) {
        int[] tableau = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f,
                0xbab0ac};
        if (endpoint < tableau.length) {
            return new Color(tableau[endpoint]);
        }
        float hue = (float) ((endpoint * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.55f + 0.3f * ((endpoint / 7) % 2), 0.75f);
    }

    /** x of an absolute time. */
    public double x(double seconds) {
        return plotLeft + seconds * plotWidth / endSeconds;
    }

    /**
     * The rectangle of a bar: {x, y, width, height}. Compute and transfer bars take the upper part of their lane,
     * waits a strip in its lower part, stalls the whole lane.
     */
    public double[] rectangle(Bar bar) {
        Lane lane = lanes.get(bar.lane());
        double x0 = x(bar.startSeconds());
        double w = x(bar.endSeconds()) - x0;
        double h = lane.height();
        return switch (bar.kind()) {
            case STALL -> new double[]{x0, lane.y(), w, h};
            case COMPUTE, TRANSFER -> new double[]{x0, lane.y() + 2, w, h * 0.66 - 2};
            case WAIT, TRANSFER_WAIT -> new double[]{x0, lane.y() + h * 0.70, w, h * 0.30 - 1};
        };
    }

    public PipelineEvaluation evaluation() {
        return evaluation;
    }

    public String caption() {
        return caption;
    }

    /** The second title line: the objective, the makespan, sizes, queueing and stalls. */
    public String summary() {
        return summary;
    }

    public List<Lane> lanes() {
        return lanes;
    }

    /** Bars in drawing order: per node stalls, waits, subtasks; then the channels' transfers. */
    public List<Bar> bars() {
        return bars;
    }

    public List<Release> releases() {
        return releases;
    }

    public List<LegendEntry> legend() {
        return legend;
    }

    public List<Tick> ticks() {
        return ticks;
    }

    public Color endpointColor(int endpoint) {
        return endpointColors.get(endpoint);
    }

    public double plotLeft() {
        return plotLeft;
    }

    public double plotWidth() {
        return plotWidth;
    }

    /** The right end of the time axis: the makespan, or the last finish when later. */
    public double endSeconds() {
        return endSeconds;
    }

    /** y of the time axis line. */
    public double axisY() {
        return axisY;
    }

    /** Top of the first lane. */
    public double lanesTop() {
        return TITLE_HEIGHT;
    }

    /** Width of the whole picture in px (the SVG's viewBox and the PNG's size). */
    public int width() {
        return (int) Math.ceil(width);
    }

    /** Height of the whole picture in px. */
    public int height() {
        return (int) Math.ceil(height);
    }
}
