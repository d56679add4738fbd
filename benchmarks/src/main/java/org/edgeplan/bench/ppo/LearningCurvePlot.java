package org.edgeplan.bench.ppo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The learning curves of a {@link PpoExperiment} as one PNG: a panel per evaluation point with the mean cost of the
 * sampled actions and the cost of the greedy plan against episodes, and the proven optimum as a horizontal line. The
 * cost axis runs from 0 to at most 2.5 × the optimum. Drawn off-screen (headless).
 */
public final class LearningCurvePlot {
    private static final int PANEL_WIDTH = 420;
    private static final int PANEL_HEIGHT = 300;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private LearningCurvePlot() {
    }

    /** The charts, one per point. */
    public static List<XYChart> charts(PpoExperiment.Outcome o) {
        List<XYChart> charts = new ArrayList<>();
        for (int p = 0; p < o.points().size(); p++) {
            PpoExperiment.Point pt = o.points().get(p);
            List<Double> x = new ArrayList<>();
            List<Double> greedy = new ArrayList<>();
            List<Double> sx = new ArrayList<>();
            List<Double> sampled = new ArrayList<>();
            for (PpoExperiment.CurveRow r : o.curve()) {
                if (r.point() != p) {
                    continue;
                }
                x.add((double) r.episode());
                greedy.add(r.greedyCost());
                if (Double.isFinite(r.sampledCost())) {
                    sx.add((double) r.episode());
                    sampled.add(r.sampledCost());
                }
            }
            XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(pt.label())
                    .xAxisTitle("episodes").yAxisTitle("cost").build();
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(12f));
            chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
            if (!sampled.isEmpty()) {
                XYSeries s = chart.addSeries("sampled (mean)", sx, sampled);
                s.setMarker(SeriesMarkers.NONE);
                s.setLineColor(new Color(150, 150, 220));
            }
            if (!greedy.isEmpty()) {
                XYSeries g = chart.addSeries("greedy", x, greedy);
                g.setMarker(SeriesMarkers.NONE);
                g.setLineColor(new Color(20, 60, 170));
                double first = x.get(0);
                double last = x.get(x.size() - 1);
                String label = pt.optimumStatus() == org.edgeplan.core.SolveStatus.OPTIMAL ? "optimum (proven)"
                        : "best known (" + pt.optimumStatus().label() + ")";
                if (o.spec().variant().usesAcoExits()) {
                    label = "aco-bb: " + label + " for the ACO exits";
                }
                XYSeries opt = chart.addSeries(label,
                        new double[] {Math.min(0, first), last}, new double[] {pt.optimum(), pt.optimum()});
                opt.setMarker(SeriesMarkers.NONE);
                opt.setLineColor(new Color(200, 30, 30));
                opt.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
            // Early random policies cost up to tens of times the optimum: the axis stops at 2.5 × the optimum so
            // that the end of the curve stays readable (higher early values run off the top).
            double top = Math.max(pt.optimum(), greedy.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            top = Math.max(top, sampled.stream().mapToDouble(Double::doubleValue).max().orElse(0));
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(Math.min(top, 2.5 * pt.optimum()) * 1.02);
            charts.add(chart);
        }
        return charts;
    }

    /** The panels in a grid of up to four columns, as PNG bytes. */
    public static byte[] png(PpoExperiment.Outcome o) {
        List<XYChart> charts = charts(o);
        int cols = Math.min(4, Math.max(1, charts.size()));
        int rows = (charts.size() + cols - 1) / cols;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BitmapEncoder.saveBitmap(charts, rows, cols, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
