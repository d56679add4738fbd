package org.edgeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver;
import org.edgeplan.pipeline.heuristics.HeftSolver;
import org.edgeplan.pipeline.heuristics.PrescheduleRetrievalSolver;

/** The Gantt chart against the evaluator: one lane per node and busy channel, one bar per subtask at its times. */
class GanttChartTest {
    private static Path instances() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("instances")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir.resolve("instances");
            }
        }
        throw new IllegalStateException("no instances folder above " + Path.of("").toAbsolutePath());
    }

    static PipelineInstance instance(String relative) {
        return InstanceIo.readPipeline(instances().resolve(relative));
    }

    /** small.json with exclusive (FIFO) channels. */
    static PipelineInstance exclusiveSmall() throws IOException {
        String json = Files.readString(instances().resolve("pipeline/small.json"));
        assertThat(json).contains("\"linkExclusive\": false");
        return (PipelineInstance) InstanceIo.parse(json.replace("\"linkExclusive\": false", "\"linkExclusive\": true"),
                "small-exclusive.json");
    }

    static PipelineEvaluation evaluate(PipelineInstance instance, PipelineSolver solver) {
        PipelinePlan plan = solver.solve(instance, new SolverSettings(10, 0, 1)).plan();
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, plan);
        assertThat(evaluation.feasible()).as(evaluation.violationSummary()).isTrue();
        return evaluation;
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> elements(Node root, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList list = root instanceof Document d ? d.getElementsByTagName(tag)
                : ((Element) root).getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (cls == null || e.getAttribute("class").equals(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    static double attr(Element e, String name) {
        return Double.parseDouble(e.getAttribute(name));
    }

    static String title(Element e) {
        List<Element> titles = elements(e, "title", null);
        assertThat(titles).as("tooltip of %s", e.getAttribute("data-subtask")).hasSize(1);
        return titles.get(0).getTextContent();
    }

    @Test
    void everySubtaskIsOneBarAtTheEvaluatorsTimesInItsNodesLane() throws Exception {
        PipelineInstance instance = instance("pipeline/small.json");
        PipelineEvaluation evaluation = evaluate(instance, new HeftSolver());
        GanttChart chart = GanttChart.of(evaluation, "small · heft");
        Document svg = parse(GanttSvg.render(chart));

        Element root = svg.getDocumentElement();
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 " + chart.width() + " " + chart.height());
        List<Element> lanes = elements(svg, "g", "lane");
        assertThat(lanes).extracting(l -> l.getAttribute("data-name"))
                .containsExactly("pi-a", "pi-b", "edge-gpu");
        assertThat(lanes).allMatch(l -> l.getAttribute("data-kind").equals("node"));

        List<Element> bars = elements(svg, "rect", "compute");
        assertThat(bars).hasSize(instance.subtaskCount());
        Set<Integer> seen = new HashSet<>();
        for (Element bar : bars) {
            int id = instance.subtaskIdOf(bar.getAttribute("data-subtask"));
            assertThat(id).isNotNegative();
            assertThat(seen.add(id)).isTrue();
            double start = evaluation.startSeconds(id);
            double finish = evaluation.finishSeconds(id);
            assertThat(attr(bar, "data-start")).isEqualTo(start);
            assertThat(attr(bar, "data-end")).isEqualTo(finish);
            assertThat(attr(bar, "x")).isCloseTo(chart.x(start), within(1e-3));
            assertThat(attr(bar, "width")).isCloseTo(chart.x(finish) - chart.x(start), within(2e-3));
            String node = instance.node(evaluation.nodeOf(id)).name();
            Element lane = (Element) bar.getParentNode();
            assertThat(lane.getAttribute("data-name")).isEqualTo(node);
            GanttChart.Lane layout = chart.lanes().get(evaluation.nodeOf(id));
            assertThat(attr(bar, "y")).isBetween(layout.y(), layout.y() + layout.height());
            assertThat(title(bar)).contains(instance.subtaskLabel(id), node, "start " + GanttChart.seconds(start),
                    "end " + GanttChart.seconds(finish));
        }
        // x grows with time at the chart's scale: the makespan ends the plot.
        assertThat(chart.x(evaluation.makespanSeconds())).isCloseTo(chart.plotLeft() + chart.plotWidth(),
                within(1e-9));

        List<Element> legend = elements(svg, "g", "legend-entry");
        assertThat(legend.stream().filter(e -> e.getAttribute("data-kind").equals("endpoint"))
                .map(e -> e.getAttribute("data-endpoint"))).containsExactly("cam-a", "cam-b");
        assertThat(elements(svg, "path", "release")).hasSize(instance.requestCount());
        assertThat(svg.getDocumentElement().getTextContent()).contains("total latency "
                + GanttChart.seconds(evaluation.totalLatencySeconds()) + " s");
    }

    @Test
    void waitsAndStallsAddUpToTheEvaluatorsQueueingDelayAndStallTime() throws Exception {
        PipelineInstance instance = instance("pipeline/scaled/scaled-vgg5-e2-s1-r4-dynamic.json");
        PipelineEvaluation evaluation = evaluate(instance, new PrescheduleRetrievalSolver());
        Document svg = parse(GanttSvg.render(GanttChart.of(evaluation, "waits")));

        Map<String, Double> stalls = new HashMap<>();
        for (Element stall : elements(svg, "rect", "stall")) {
            stalls.merge(((Element) stall.getParentNode()).getAttribute("data-name"),
                    attr(stall, "data-end") - attr(stall, "data-start"), Double::sum);
        }
        for (int n = 0; n < instance.nodeCount(); n++) {
            assertThat(stalls.getOrDefault(instance.node(n).name(), 0.0)).as(instance.node(n).name())
                    .isCloseTo(evaluation.nodeStallSeconds(n), within(1e-12));
        }
        double waited = 0;
        int waits = 0;
        for (Element wait : elements(svg, "rect", "wait")) {
            int id = instance.subtaskIdOf(wait.getAttribute("data-subtask"));
            assertThat(attr(wait, "data-start")).isEqualTo(evaluation.readySeconds(id));
            assertThat(attr(wait, "data-end")).isEqualTo(evaluation.startSeconds(id));
            waited += attr(wait, "data-end") - attr(wait, "data-start");
            waits++;
        }
        long queued = java.util.stream.IntStream.range(0, instance.subtaskCount())
                .filter(id -> evaluation.startSeconds(id) > evaluation.readySeconds(id)).count();
        assertThat(waits).isEqualTo(queued);
        assertThat(waited).isCloseTo(evaluation.totalQueueingDelaySeconds(), within(1e-12));
        assertThat(evaluation.totalQueueingDelaySeconds() + evaluation.totalStallSeconds())
                .as("the instance exercises both marks").isPositive();
    }

    @Test
    void exclusiveLinksGetOneLanePerBusyChannelWithOneBarPerTransfer() throws Exception {
        PipelineInstance instance = exclusiveSmall();
        PipelineEvaluation evaluation = evaluate(instance, new PipelineEdgeOnlySolver());
        GanttChart chart = GanttChart.of(evaluation, "exclusive");
        Document svg = parse(GanttSvg.render(chart));

        Set<String> channels = new java.util.TreeSet<>();
        evaluation.transfers().forEach(t -> channels.add(GanttChart.channelName(instance, t.fromNode(), t.toNode())));
        assertThat(channels).hasSize(4);   // both devices to the edge server and back
        List<Element> lanes = elements(svg, "g", "lane");
        assertThat(lanes).hasSize(instance.nodeCount() + channels.size());
        assertThat(lanes.stream().filter(l -> l.getAttribute("data-kind").equals("channel"))
                .map(l -> l.getAttribute("data-name"))).containsExactlyInAnyOrderElementsOf(channels);

        List<Element> transfers = elements(svg, "rect", "transfer");
        assertThat(transfers).hasSize(evaluation.transfers().size());
        for (PipelineEvaluation.Transfer t : evaluation.transfers()) {
            String lane = GanttChart.channelName(instance, t.fromNode(), t.toNode());
            assertThat(transfers).anySatisfy(bar -> {
                assertThat(((Element) bar.getParentNode()).getAttribute("data-name")).isEqualTo(lane);
                assertThat(attr(bar, "data-start")).isEqualTo(t.startSeconds());
                assertThat(attr(bar, "data-end")).isEqualTo(t.finishSeconds());
            });
        }
        assertThat(elements(svg, "rect", "compute")).hasSize(instance.subtaskCount());
    }

    @Test
    void pngIsAReadableImageOfTheChartsSize() throws Exception {
        PipelineEvaluation evaluation = evaluate(instance("pipeline/small.json"), new HeftSolver());
        GanttChart chart = GanttChart.of(evaluation, "small · heft");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(GanttPng.render(chart)));
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(chart.width());
        assertThat(image.getHeight()).isEqualTo(chart.height());
        // Something is drawn: the first compute bar's colour is at its centre.
        GanttChart.Bar bar = chart.bars().stream().filter(b -> b.kind() == GanttChart.BarKind.COMPUTE)
                .max(java.util.Comparator.comparingDouble(b -> b.endSeconds() - b.startSeconds())).orElseThrow();
        double[] r = chart.rectangle(bar);
        int rgb = image.getRGB((int) (r[0] + r[2] / 2), (int) (r[1] + r[3] - 2)) & 0xffffff;
        assertThat(rgb).isEqualTo(chart.endpointColor(bar.endpoint()).getRGB() & 0xffffff);
    }

    @Test
    void aThousandSubtasksStayOneBarEachOnAWiderZoomablePlot() throws Exception {
        PipelineInstance instance = instance("pipeline/scaled/scaled-vgg5-e8-s2-r18-dynamic.json");
        assertThat(instance.subtaskCount()).isGreaterThanOrEqualTo(1000);
        GanttChart chart = GanttChart.of(evaluate(instance, new PrescheduleRetrievalSolver()), "1008 subtasks");
        Document svg = parse(GanttSvg.render(chart));
        assertThat(elements(svg, "rect", "compute")).hasSize(instance.subtaskCount())
                .allSatisfy(bar -> assertThat(title(bar)).isNotEmpty());
        assertThat(chart.plotWidth()).isGreaterThan(GanttChart.MIN_PLOT_WIDTH)
                .isLessThanOrEqualTo(GanttChart.MAX_PLOT_WIDTH);
        assertThat(svg.getDocumentElement().getAttribute("viewBox")).isNotEmpty();
        // Labels only where they fit.
        for (GanttChart.Bar bar : chart.bars()) {
            double[] r = chart.rectangle(bar);
            assertThat(r[2]).as(bar.label()).isGreaterThanOrEqualTo(bar.label().length() * GanttChart.LABEL_CHAR_WIDTH);
        }
    }

    @Test
    void anUnsimulatedPlanHasNoPicture() {
        PipelineInstance instance = instance("pipeline/small.json");
        PipelineEvaluation broken = PipelineEvaluator.evaluate(instance, new PipelinePlan(List.of(new int[0])));
        assertThat(broken.simulated()).isFalse();
        assertThatThrownBy(() -> GanttChart.of(broken, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textIsEscapedForXml() {
        assertThat(Format.html("a<b & \"c\"\u0001")).isEqualTo("a&lt;b &amp; &quot;c&quot;\uFFFD");
    }
}
