package org.edgeplan.cli;

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
 * The learning curve of {@code train-ppo --variant pipeline} as one PNG: the gap of the policy's greedy episode to the
 * best known value of each held-out instance (%) against PPO episodes, one line per instance with a best known value.
 * Drawn off-screen (headless).
 */
final class PipelineCurvePlot {
    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PipelineCurvePlot() {
    }

    /** PNG bytes; {@code best[i]} is instance i's best known value (NaN: not drawn). */
    static byte[] png(List<String> names, double[] best, List<PipelineTraining.Point> curve) {
        XYChart chart = new XYChartBuilder().width(760).height(420)
                .title("ppo (problem B): greedy episode on the held-out instances").xAxisTitle("PPO episodes")
                .yAxisTitle("gap to the best known value, %").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
        for (int i = 0; i < names.size(); i++) {
            if (!(best[i] > 0) || curve.isEmpty()) {
                continue;
            }
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (PipelineTraining.Point p : curve) {
                x.add((double) p.episodes());
                y.add(100 * (p.objectives()[i] - best[i]) / best[i]);
            }
            XYSeries s = chart.addSeries(names.get(i), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
