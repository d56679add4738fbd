package org.edgeplan.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.TexturePaint;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/**
 * A {@link GanttChart} as a PNG image, drawn with Java2D off-screen (headless) at the chart's size, with the same
 * geometry as {@link GanttSvg}; no tooltips, so bar labels and the legend carry the meaning.
 */
public final class GanttPng {
    static final Color STALL = new Color(0xfbe2e2);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private GanttPng() {
    }

    /** The PNG bytes. */
    public static byte[] render(GanttChart chart) {
        BufferedImage image = new BufferedImage(chart.width(), chart.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, chart);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void draw(Graphics2D g, GanttChart chart) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, chart.width(), chart.height());
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Font labelFont = base.deriveFont(10f);
        g.setColor(new Color(0x222222));
        g.setFont(base.deriveFont(Font.BOLD, 15f));
        g.drawString(chart.caption(), (float) chart.plotLeft(), 20f);
        g.setFont(base);
        g.drawString(chart.summary(), (float) chart.plotLeft(), 40f);

        int endpoints = chart.evaluation().instance().endpointCount();
        Paint[] hatches = new Paint[endpoints];
        for (int e = 0; e < endpoints; e++) {
            hatches[e] = hatch(chart.endpointColor(e));
        }
        FontMetrics metrics = g.getFontMetrics(base);
        for (int i = 0; i < chart.lanes().size(); i++) {
            GanttChart.Lane lane = chart.lanes().get(i);
            g.setColor(lane.kind() == GanttChart.LaneKind.NODE ? new Color(0xf4f4f4) : new Color(0xf7f7fb));
            g.fill(new Rectangle2D.Double(chart.plotLeft(), lane.y(), chart.plotWidth(), lane.height()));
            g.setColor(new Color(0x222222));
            g.setFont(base);
            g.drawString(lane.name(), (float) (chart.plotLeft() - 6 - metrics.stringWidth(lane.name())),
                    (float) (lane.y() + lane.height() / 2 + 4));
        }
        g.setFont(labelFont);
        for (GanttChart.Bar bar : chart.bars()) {
            double[] r = chart.rectangle(bar);
            Rectangle2D rect = new Rectangle2D.Double(r[0], r[1], r[2], r[3]);
            Color c = bar.endpoint() >= 0 ? chart.endpointColor(bar.endpoint()) : STALL;
            switch (bar.kind()) {
                case STALL -> g.setPaint(STALL);
                case COMPUTE -> g.setPaint(c);
                case TRANSFER -> g.setPaint(new Color(c.getRed(), c.getGreen(), c.getBlue(), 191));
                case WAIT, TRANSFER_WAIT -> g.setPaint(hatches[bar.endpoint()]);
            }
            g.fill(rect);
            if (bar.kind() == GanttChart.BarKind.COMPUTE && r[2] >= GanttChart.SEPARATED_WIDTH) {
                g.setColor(Color.WHITE);
                g.draw(new Line2D.Double(r[0], r[1], r[0], r[1] + r[3]));
            }
            if (!bar.label().isEmpty()) {
                g.setColor(Color.WHITE);
                g.drawString(bar.label(), (float) (r[0] + 2), (float) (r[1] + r[3] / 2 + 3.5));
            }
        }

        double axisY = chart.axisY();
        g.setFont(base);
        g.setColor(new Color(0x222222));
        g.draw(new Line2D.Double(chart.plotLeft(), axisY, chart.plotLeft() + chart.plotWidth(), axisY));
        for (GanttChart.Tick tick : chart.ticks()) {
            double x = chart.x(tick.seconds());
            g.draw(new Line2D.Double(x, axisY, x, axisY + 5));
            g.drawString(tick.label(), (float) (x - metrics.stringWidth(tick.label()) / 2.0), (float) (axisY + 28));
        }
        for (GanttChart.Release r : chart.releases()) {
            g.setColor(chart.endpointColor(r.endpoint()));
            g.fill(triangle(chart.x(r.seconds()), axisY + 1, 4, 9));
        }
        g.setColor(new Color(0x222222));
        String axisTitle = "time (s); " + chart.summary().substring(0, chart.summary().indexOf(';'));
        g.drawString(axisTitle, (float) (chart.plotLeft() + chart.plotWidth() / 2 - metrics.stringWidth(axisTitle)
                / 2.0), (float) (axisY + 46));

        double mx = chart.x(chart.evaluation().makespanSeconds());
        Paint dashed = new Color(0xb00020);
        g.setPaint(dashed);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{5, 3}, 0f));
        g.draw(new Line2D.Double(mx, chart.lanesTop() - 4, mx, axisY));

        for (GanttChart.LegendEntry entry : chart.legend()) {
            double x = entry.x();
            double y = entry.y() + 3;
            g.setStroke(new BasicStroke(1f));
            switch (entry.kind()) {
                case "endpoint" -> {
                    g.setColor(chart.endpointColor(entry.endpoint()));
                    g.fill(new Rectangle2D.Double(x, y, 24, 12));
                }
                case "wait", "transfer-wait" -> {
                    g.setPaint(hatch(new Color(0x666666)));
                    g.fill(new Rectangle2D.Double(x, y + 4, 24, 8));
                }
                case "stall" -> {
                    g.setColor(STALL);
                    g.fill(new Rectangle2D.Double(x, y, 24, 12));
                }
                case "release" -> {
                    g.setColor(new Color(0x666666));
                    g.fill(triangle(x + 12, y, 5, 11));
                }
                default -> {
                    g.setPaint(dashed);
                    g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                            new float[]{5, 3}, 0f));
                    g.draw(new Line2D.Double(x, y + 6, x + 24, y + 6));
                }
            }
            g.setColor(new Color(0x222222));
            g.drawString(entry.text(), (float) (x + 30), (float) (y + 11));
        }
    }

    private static Path2D triangle(double x, double y, double halfWidth, double height) {
        Path2D p = new Path2D.Double();
        p.moveTo(x, y);
        p.lineTo(x - halfWidth, y + height);
        p.lineTo(x + halfWidth, y + height);
        p.closePath();
        return p;
    }

    /** Diagonal stripes of {@code c} on a light tint of it, as the SVG's hatch pattern. */
    private static Paint hatch(Color c) {
        int size = 6;
        BufferedImage tile = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = tile.createGraphics();
        g.setColor(GanttSvg.light(c));
        g.fillRect(0, 0, size, size);
        g.setColor(c);
        g.setStroke(new BasicStroke(1.6f));
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.draw(new Line2D.Double(0, size, size, 0));
        g.draw(new Line2D.Double(-1, 1, 1, -1));
        g.draw(new Line2D.Double(size - 1, size + 1, size + 1, size - 1));
        g.dispose();
        return new TexturePaint(tile, new Rectangle(0, 0, size, size));
    }
}
