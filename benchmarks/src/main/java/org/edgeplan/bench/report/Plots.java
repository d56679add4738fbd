package org.edgeplan.bench.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.edgeplan.bench.batch.RunRecord;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BoxChart;
import org.knowm.xchart.BoxChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart off-screen ({@code java.awt.headless=true}, no display needed) as PNG and
 * SVG (XChart's own VectorGraphics2D dependency, nothing extra):
 * <ul>
 *   <li>{@code gap-box-PROBLEM}: box plot of the primal gaps per solver (runs with a reference; no plan = 100 %);</li>
 *   <li>{@code profile-time-PROBLEM}: Dolan–Moré performance profile on the time to reach a 1 % gap: for each
 *       (instance, seed) the ratio of a solver's time to the fastest solver's, the fraction of pairs within factor
 *       τ over log τ (times floored at {@value #TIME_FLOOR_SECONDS} s so that ratios exist);</li>
 *   <li>{@code profile-gap-PROBLEM}: the fraction of (instance, seed) pairs whose final gap is at most x;</li>
 *   <li>{@code bandwidth-BASE}: multi-exit objective against bandwidth per solver for each swept base scenario
 *       (instances named {@code BASE-bw…} with a {@code bandwidthMbits} feature), with the reference;</li>
 *   <li>{@code time-vs-size-PROBLEM}: wall time of the runs that proved optimality against the instance size
 *       (subtasks for the pipeline problem, devices for multi-exit), log time axis.</li>
 * </ul>
 */
public final class Plots {
    /** Times below this are raised to it in ratios and on log axes. */
    public static final double TIME_FLOOR_SECONDS = 1e-3;
    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;

    static {
        // Charts are drawn into images only; this must be set before AWT starts to work without a display.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {
    }

    /**
     * One rendered chart.
     *
     * @param name  file name without extension, such as {@code gap-box-pipeline}
     * @param title the chart's title
     * @param png   PNG bytes
     * @param svg   SVG bytes (UTF-8 text)
     */
    public record Plot(String name, String title, byte[] png, byte[] svg) {
    }

    /**
     * The charts of a batch and the charts that could not be drawn.
     *
     * @param plots    rendered charts, in report order
     * @param failures one line per chart that failed (the rest of the report is still written)
     */
    public record Rendered(List<Plot> plots, List<String> failures) {
    }

    /** Draws every chart the data allows; a chart that fails is reported, not thrown. */
    public static Rendered render(Statistics stats) {
        Map<String, Supplier<Chart<?, ?>>> charts = new LinkedHashMap<>();
        for (String problem : stats.problems()) {
            String p = fileName(problem);
            charts.put("gap-box-" + p, () -> gapBoxChart(stats, problem));
            charts.put("profile-time-" + p, () -> timeProfileChart(stats, problem));
            charts.put("profile-gap-" + p, () -> gapProfileChart(stats, problem));
        }
        for (String base : bandwidthBases(stats)) {
            charts.put("bandwidth-" + fileName(base), () -> bandwidthChart(stats, base));
        }
        for (String problem : stats.problems()) {
            charts.put("time-vs-size-" + fileName(problem), () -> timeVsSizeChart(stats, problem));
        }
        List<Plot> plots = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        charts.forEach((name, supplier) -> {
            try {
                Chart<?, ?> chart = supplier.get();
                if (chart != null) {
                    plots.add(new Plot(name, chart.getTitle(), png(chart), svg(chart)));
                }
            } catch (RuntimeException | IOException | LinkageError e) {
                // LinkageError: a JVM without AWT fonts fails in static initialisers; the text report still matters.
                failures.add(name + ": " + e);
            }
        });
        return new Rendered(List.copyOf(plots), List.copyOf(failures));
    }

    static byte[] png(Chart<?, ?> chart) throws IOException {
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    static byte[] svg(Chart<?, ?> chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return out.toByteArray();
    }

    /** The largest power of ten at or below {@code v > 0}. */
    static double decadeBelow(double v) {
        return Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
    }

    /** The smallest power of ten at or above {@code v > 0}. */
    static double decadeAbove(double v) {
        return Math.pow(10, Math.ceil(Math.log10(v) - 1e-9));
    }

    /** A safe file name: lower-case letters, digits, dots, dashes and underscores. */
    static String fileName(String s) {
        String cleaned = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
        return cleaned.isEmpty() ? "_" : cleaned;
    }

    private static List<RunStats> runsOf(Statistics stats, String problem) {
        return stats.runs().stream().filter(s -> s.run().problem().equals(problem)).toList();
    }

    private static Map<String, List<RunStats>> bySolver(List<RunStats> runs) {
        Map<String, List<RunStats>> out = new TreeMap<>();
        runs.forEach(s -> out.computeIfAbsent(s.run().solver(), k -> new ArrayList<>()).add(s));
        return out;
    }

    private static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setAntiAlias(true);
        return chart;
    }

    /** Box plot of the gaps (%) per solver; null without gaps. */
    static BoxChart gapBoxChart(Statistics stats, String problem) {
        Map<String, List<RunStats>> bySolver = bySolver(runsOf(stats, problem));
        BoxChart chart = new BoxChartBuilder().width(WIDTH).height(HEIGHT).title("Primal gap per solver: " + problem)
                .yAxisTitle("primal gap (%), no plan = 100").build();
        int series = 0;
        for (Map.Entry<String, List<RunStats>> e : bySolver.entrySet()) {
            double[] gaps = e.getValue().stream().mapToDouble(RunStats::gap).filter(g -> !Double.isNaN(g))
                    .map(g -> 100 * g).toArray();
            if (gaps.length > 0) {
                chart.addSeries(e.getKey(), gaps);
                series++;
            }
        }
        return series == 0 ? null : chart;
    }

    /** The first run of each (instance, seed) per solver, keyed "instance\0seed". */
    private static Map<String, Map<String, RunStats>> byPairThenSolver(List<RunStats> runs) {
        Map<String, Map<String, RunStats>> out = new TreeMap<>();
        for (RunStats s : runs) {
            if (!Double.isNaN(s.gap())) {
                out.computeIfAbsent(Statistics.instanceName(s.run()) + "\u0000" + s.run().seed(), k -> new TreeMap<>())
                        .putIfAbsent(s.run().solver(), s);
            }
        }
        return out;
    }

    /**
     * Performance ratios of the time to target per solver: for each (instance, seed) pair, the solver's time over the
     * best time of any solver on that pair; {@code +∞} when the solver did not reach the target or did not run.
     */
    static Map<String, double[]> timeRatios(Statistics stats, String problem) {
        List<RunStats> runs = runsOf(stats, problem);
        Map<String, Map<String, RunStats>> pairs = byPairThenSolver(runs);
        TreeSet<String> solvers = new TreeSet<>(bySolver(runs).keySet());
        Map<String, double[]> out = new TreeMap<>();
        solvers.forEach(s -> out.put(s, new double[pairs.size()]));
        int i = 0;
        for (Map<String, RunStats> pair : pairs.values()) {
            double best = pair.values().stream().mapToDouble(s -> s.timeToTarget()).filter(Double::isFinite)
                    .map(t -> Math.max(TIME_FLOOR_SECONDS, t)).min().orElse(Double.NaN);
            for (String solver : solvers) {
                RunStats s = pair.get(solver);
                double t = s == null ? Double.POSITIVE_INFINITY : s.timeToTarget();
                out.get(solver)[i] = Double.isFinite(t) && Double.isFinite(best)
                        ? Math.max(TIME_FLOOR_SECONDS, t) / best : Double.POSITIVE_INFINITY;
            }
            i++;
        }
        return out;
    }

    /** Points of the step function x ↦ |{v ≤ x}| / n from {@code from} to {@code to}. */
    static double[][] cumulativeSteps(double[] values, double from, double to) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        int n = values.length;
        List<double[]> points = new ArrayList<>();
        int atStart = (int) Arrays.stream(finite).filter(v -> v <= from).count();
        points.add(new double[] {from, (double) atStart / n});
        for (int k = atStart; k < finite.length; k++) {
            points.add(new double[] {finite[k], (double) (k + 1) / n});
        }
        points.add(new double[] {to, (double) finite.length / n});
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        return new double[][] {x, y};
    }

    /** Dolan–Moré profile on the time to 1 %; null when no solver reached the target anywhere. */
    static XYChart timeProfileChart(Statistics stats, String problem) {
        Map<String, double[]> ratios = timeRatios(stats, problem);
        double max = ratios.values().stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).max()
                .orElse(Double.NaN);
        if (Double.isNaN(max)) {
            return null;
        }
        // Whole decades, so that XChart's log axis (labels at powers of ten only) shows at least 1 and 10.
        double to = decadeAbove(Math.max(10, 1.5 * max));
        XYChart chart = xyChart("Performance profile, time to " + Format.percent(Statistics.TARGET_GAP) + " gap: "
                + problem, "τ (time / best time), log", "fraction of (instance, seed) within τ");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(1.0).setXAxisMax(to);
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0.##");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        ratios.forEach((solver, r) -> {
            double[][] steps = cumulativeSteps(r, 1, to);
            chart.addSeries(solver, steps[0], steps[1]).setMarker(SeriesMarkers.NONE);
        });
        return chart;
    }

    /** Fraction of (instance, seed) pairs with final gap at most x; null without gaps. */
    static XYChart gapProfileChart(Statistics stats, String problem) {
        List<RunStats> runs = runsOf(stats, problem);
        Map<String, Map<String, RunStats>> pairs = byPairThenSolver(runs);
        if (pairs.isEmpty()) {
            return null;
        }
        Map<String, double[]> gaps = new TreeMap<>();
        for (String solver : bySolver(runs).keySet()) {
            gaps.put(solver, pairs.values().stream().mapToDouble(p -> p.containsKey(solver) ? 100 * p.get(solver).gap()
                    : Double.POSITIVE_INFINITY).toArray());
        }
        double max = gaps.values().stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).max().orElse(0);
        double min = gaps.values().stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).min().orElse(0);
        double from = Math.min(0, min);
        double to = Math.max(1, max * 1.05);
        XYChart chart = xyChart("Gap profile: " + problem, "primal gap x (%)",
                "fraction of (instance, seed) with gap ≤ x");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setYAxisDecimalPattern("0.##");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step);
        gaps.forEach((solver, g) -> {
            double[][] steps = cumulativeSteps(g, from, to);
            chart.addSeries(solver, steps[0], steps[1]).setMarker(SeriesMarkers.NONE);
        });
        return chart;
    }

    /** The base scenario of a bandwidth-swept instance name: the part before "-bw", else the whole name. */
    static String bandwidthBase(String instance) {
        int i = instance.indexOf("-bw");
        return i > 0 ? instance.substring(0, i) : instance;
    }

    private static List<RunStats> bandwidthRuns(Statistics stats) {
        return stats.runs().stream().filter(s -> s.run().problem().equals("multi-exit")
                && Double.isFinite(s.run().features().getOrDefault("bandwidthMbits", Double.NaN))).toList();
    }

    /** Base scenarios with at least two bandwidths. */
    static List<String> bandwidthBases(Statistics stats) {
        Map<String, TreeSet<Double>> bandwidths = new TreeMap<>();
        for (RunStats s : bandwidthRuns(stats)) {
            bandwidths.computeIfAbsent(bandwidthBase(Statistics.instanceName(s.run())), k -> new TreeSet<>())
                    .add(s.run().features().get("bandwidthMbits"));
        }
        return bandwidths.entrySet().stream().filter(e -> e.getValue().size() >= 2).map(Map.Entry::getKey).toList();
    }

    /** Mean objective over seeds against bandwidth, per solver, and the reference; null without plans. */
    static XYChart bandwidthChart(Statistics stats, String base) {
        Map<String, TreeMap<Double, List<Double>>> bySolver = new TreeMap<>();
        TreeMap<Double, Double> reference = new TreeMap<>();
        for (RunStats s : bandwidthRuns(stats)) {
            RunRecord r = s.run();
            if (!bandwidthBase(Statistics.instanceName(r)).equals(base)) {
                continue;
            }
            double bw = r.features().get("bandwidthMbits");
            if (Double.isFinite(s.reference())) {
                reference.merge(bw, s.reference(), Math::min);
            }
            if (s.hasPlan()) {
                bySolver.computeIfAbsent(r.solver(), k -> new TreeMap<>())
                        .computeIfAbsent(bw, k -> new ArrayList<>()).add(r.objective());
            }
        }
        if (bySolver.isEmpty()) {
            return null;
        }
        XYChart chart = xyChart("Objective vs bandwidth: " + base, "bandwidth (Mbit/s)", "objective (mean over seeds)");
        double lo = reference.isEmpty() ? Double.NaN : reference.firstKey();
        double hi = reference.isEmpty() ? Double.NaN : reference.lastKey();
        if (lo > 0 && hi / lo >= 100) {
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setXAxisMin(decadeBelow(lo)).setXAxisMax(decadeAbove(hi));
        }
        bySolver.forEach((solver, points) -> {
            double[] x = points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = points.values().stream().mapToDouble(v -> Estimators.mean(
                    v.stream().mapToDouble(Double::doubleValue).toArray())).toArray();
            chart.addSeries(solver, x, y);
        });
        if (!reference.isEmpty()) {
            XYSeries ref = chart.addSeries("reference", reference.keySet().stream().mapToDouble(Double::doubleValue)
                    .toArray(), reference.values().stream().mapToDouble(Double::doubleValue).toArray());
            ref.setMarker(SeriesMarkers.NONE);
            ref.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    /** The size feature of a problem's records: subtasks when present, else devices. */
    static String sizeFeature(List<RunStats> runs) {
        for (String f : List.of("subtasks", "devices")) {
            if (runs.stream().anyMatch(s -> Double.isFinite(s.run().features().getOrDefault(f, Double.NaN)))) {
                return f;
            }
        }
        return null;
    }

    /** Wall time of optimal runs against size, per solver, log time; null without such runs. */
    static XYChart timeVsSizeChart(Statistics stats, String problem) {
        List<RunStats> runs = runsOf(stats, problem);
        String feature = sizeFeature(runs);
        if (feature == null) {
            return null;
        }
        Map<String, List<double[]>> points = new TreeMap<>();
        for (RunStats s : runs) {
            RunRecord r = s.run();
            double size = r.features().getOrDefault(feature, Double.NaN);
            if (r.status().equals("optimal") && Double.isFinite(size) && Double.isFinite(r.wallSeconds())) {
                points.computeIfAbsent(r.solver(), k -> new ArrayList<>())
                        .add(new double[] {size, Math.max(TIME_FLOOR_SECONDS, r.wallSeconds())});
            }
        }
        if (points.isEmpty()) {
            return null;
        }
        XYChart chart = xyChart("Time to proven optimum vs size: " + problem, feature, "wall seconds (log)");
        double lo = points.values().stream().flatMap(List::stream).mapToDouble(v -> v[1]).min().orElseThrow();
        double hi = points.values().stream().flatMap(List::stream).mapToDouble(v -> v[1]).max().orElseThrow();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(decadeBelow(lo)).setYAxisMax(Math.max(decadeAbove(hi), 10 * decadeBelow(lo)));
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.forEach((solver, p) -> chart.addSeries(solver, p.stream().mapToDouble(v -> v[0]).toArray(),
                p.stream().mapToDouble(v -> v[1]).toArray()));
        return chart;
    }
}
