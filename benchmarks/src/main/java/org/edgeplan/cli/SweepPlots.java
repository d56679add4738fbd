package org.edgeplan.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.edgeplan.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The sweep's PNG plots (XChart): one metric of one scenario against bandwidth, one line per method. */
final class SweepPlots {
    // Distinct colours for up to twelve methods (the optimum is black); beyond that they repeat.
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf), new Color(0x393b79), new Color(0xad494a)};

    private SweepPlots() {
    }

    /** Writes {@code file} (PNG, replaced atomically). The optimum is drawn bold black with diamonds, on top. */
    static void write(List<SweepCommand.Row> rows, String scenario, String metric, String optimum, Path file) {
        XYChart chart = new XYChartBuilder().width(1000).height(600)
                .title("ma2025-" + scenario + ": " + metric + " vs uplink bandwidth (multi-exit model as reconstructed)")
                .xAxisTitle("uplink bandwidth per device (Mbit/s, log scale)").yAxisTitle(axisTitle(metric) + ", log scale").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setMarkerSize(6);
        // Log scales on both axes: the points crowd at low bandwidth, and FP-AR's cost is up to 50 times the rest.
        styler.setXAxisLogarithmic(true);
        styler.setXAxisLogarithmicDecadeOnly(false);
        styler.setXAxisDecimalPattern("0");
        styler.setYAxisLogarithmic(true);
        styler.setYAxisLogarithmicDecadeOnly(false);
        Set<String> methods = new LinkedHashSet<>();
        rows.stream().filter(r -> r.scenario().equals(scenario)).forEach(r -> methods.add(r.method()));
        methods.remove(optimum);
        int colour = 0;
        for (String method : methods) {
            XYSeries s = series(chart, rows, scenario, metric, method);
            if (s != null) {
                Color c = PALETTE[colour++ % PALETTE.length];
                s.setLineColor(c);
                s.setMarkerColor(c);
                s.setLineStyle(new BasicStroke(1.5f));
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        XYSeries best = series(chart, rows, scenario, metric, optimum);
        if (best != null) {
            best.setLabel(optimum + " (proven optimum)");
            best.setLineColor(Color.BLACK);
            best.setMarkerColor(Color.BLACK);
            best.setLineStyle(new BasicStroke(3.5f));
            best.setMarker(SeriesMarkers.DIAMOND);
        }
        AtomicFiles.write(file, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
    }

    private static String axisTitle(String metric) {
        return switch (metric) {
            case "latency" -> "expected latency, sum over devices (s)";
            case "energy" -> "expected device energy, sum over devices (J)";
            case "cost" -> "cost = wT · latency + wE · energy";
            default -> throw new IllegalArgumentException("unknown metric " + metric);
        };
    }

    private static XYSeries series(XYChart chart, List<SweepCommand.Row> rows, String scenario, String metric,
                                   String method) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (SweepCommand.Row r : rows) {
            if (!r.scenario().equals(scenario) || !r.method().equals(method)) {
                continue;
            }
            double v = switch (metric) {
                case "latency" -> r.latencySeconds();
                case "energy" -> r.energyJoules();
                default -> r.cost();
            };
            if (Double.isFinite(v)) {
                x.add((double) r.bandwidthMbits());
                y.add(v);
            }
        }
        return x.isEmpty() ? null : chart.addSeries(method, x, y);
    }
}
