package org.edgeplan.bench.report;

import java.util.Base64;

/**
 * {@code report.html}: one self-contained page that works offline: inline CSS, no scripts, the charts embedded as
 * base64 PNG data URIs. It holds the suspect runs, the solver summary, the paired tests, the per-instance tables,
 * the charts, the conventions, and the code versions and machines of the runs.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 1200px;
                   padding: 0 1em; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 2em; border-bottom: 1px solid #ccc; }
            table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
            th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
            th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
            tbody tr:nth-child(even) { background: #fafafa; }
            .bugs { border: 2px solid #b00020; background: #fdecee; padding: 0.5em 1em; }
            .ok { color: #1b5e20; }
            figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
            figcaption { font-size: 0.9em; color: #555; }
            .pair { display: flex; flex-wrap: wrap; gap: 1em; } .pair figure { flex: 1 1 45%; min-width: 400px; }
            .meta { color: #555; font-size: 0.9em; }
            """;

    private HtmlReport() {
    }

    /** The page for {@code stats} with the charts of {@code rendered}. */
    public static String render(Statistics stats, Plots.Rendered rendered) {
        return render(stats, rendered, null);
    }

    /**
     * The page for {@code stats} with the charts of {@code rendered} and the schedules of {@code gantts} (no
     * schedules section when null).
     */
    public static String render(Statistics stats, Plots.Rendered rendered,
                                java.util.List<GanttSection.InstancePictures> gantts) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<title>EdgePlan batch report</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n")
                .append("<body>\n<h1>EdgePlan batch report</h1>\n");
        sb.append("<p>").append(Format.html(Summaries.scope(stats))).append(".</p>\n");

        sb.append("<h2 id=\"suspects\">Suspect runs (possible bugs)</h2>\n");
        if (stats.suspects().isEmpty()) {
            sb.append("<p class=\"ok\">None: no run beats a proven optimum, no bound exceeds a known plan, no "
                    + "optimality claim is refuted.</p>\n");
        } else {
            int n = stats.suspects().size();
            sb.append("<div class=\"bugs\">\n<p>").append(n).append(n == 1 ? " run contradicts" : " runs contradict")
                    .append(" a known value. Check before believing the tables.</p>\n")
                    .append(Summaries.suspectTable(stats).html("suspects")).append("</div>\n");
        }

        sb.append("<h2 id=\"solvers\">Solvers</h2>\n").append(Summaries.solverTable(stats).html("solvers"));

        sb.append("<h2 id=\"comparisons\">Paired comparisons (Wilcoxon signed-rank on the primal gap)</h2>\n");
        Table comparisons = Summaries.comparisonTable(stats);
        sb.append(comparisons.isEmpty() ? "<p>No two solvers share an (instance, seed) pair.</p>\n"
                : comparisons.html("comparisons"));

        for (String problem : stats.problems()) {
            sb.append("<h2 id=\"instances-").append(Format.html(Plots.fileName(problem))).append("\">Instances: ")
                    .append(Format.html(problem)).append("</h2>\n")
                    .append(Summaries.instanceTable(stats, problem).html("instances"));
        }

        sb.append("<h2 id=\"plots\">Plots</h2>\n");
        if (rendered.plots().isEmpty()) {
            sb.append("<p>No chart: the batch has no data to draw.</p>\n");
        }
        for (Plots.Plot plot : rendered.plots()) {
            sb.append("<figure>\n<img alt=\"").append(Format.html(plot.title())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(plot.png())).append("\">\n<figcaption>")
                    .append(Format.html(plot.title())).append(" (plots/").append(Format.html(plot.name()))
                    .append(".png, .svg)</figcaption>\n</figure>\n");
        }
        if (!rendered.failures().isEmpty()) {
            sb.append("<p>Charts that could not be drawn:</p>\n<ul>\n");
            rendered.failures().forEach(f -> sb.append("<li>").append(Format.html(f)).append("</li>\n"));
            sb.append("</ul>\n");
        }

        if (gantts != null) {
            schedules(sb, gantts);
        }

        sb.append("<h2 id=\"conventions\">Conventions</h2>\n<ul>\n");
        Summaries.conventions().forEach(c -> sb.append("<li>").append(Format.html(c)).append("</li>\n"));
        sb.append("</ul>\n");

        sb.append("<h2 id=\"machine\">Code and machine</h2>\n<ul class=\"meta\">\n");
        stats.codeVersions().forEach(v -> sb.append("<li>code: ").append(Format.html(v.isEmpty() ? "-" : v))
                .append("</li>\n"));
        stats.machines().forEach(m -> sb.append("<li>machine: ").append(Format.html(m.isEmpty() ? "-" : m))
                .append("</li>\n"));
        sb.append("</ul>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void schedules(StringBuilder sb, java.util.List<GanttSection.InstancePictures> gantts) {
        sb.append("<h2 id=\"schedules\">Schedules (problem B)</h2>\n");
        if (gantts.isEmpty()) {
            sb.append("<p>No problem-B run with a plan.</p>\n");
            return;
        }
        sb.append("<p>Per instance, the schedule of the best plan next to the best heuristic's, as the evaluator"
                + " simulates it: a lane per node (and per busy exclusive channel), subtasks coloured by endpoint,"
                + " queue waits hatched, stalls shaded, releases as ticks. Click a picture for the zoomable SVG with a"
                + " tooltip per bar.</p>\n");
        for (GanttSection.InstancePictures instance : gantts) {
            sb.append("<h3>").append(Format.html(instance.instance())).append("</h3>\n");
            if (!instance.note().isEmpty()) {
                sb.append("<p class=\"meta\">").append(Format.html(instance.note())).append("</p>\n");
            }
            sb.append("<div class=\"pair\">\n");
            for (GanttSection.Picture picture : instance.pictures()) {
                sb.append("<figure>\n");
                if (picture.drawn()) {
                    sb.append("<a href=\"plots/").append(Format.html(picture.name())).append(".svg\"><img alt=\"")
                            .append(Format.html(picture.caption())).append("\" src=\"data:image/png;base64,")
                            .append(Base64.getEncoder().encodeToString(picture.png())).append("\"></a>\n");
                } else {
                    sb.append("<p>Not drawn: ").append(Format.html(picture.missing())).append(".</p>\n");
                }
                sb.append("<figcaption>").append(Format.html(picture.caption()));
                if (picture.drawn()) {
                    sb.append(" (plots/").append(Format.html(picture.name())).append(".svg, .png)");
                }
                sb.append("</figcaption>\n</figure>\n");
            }
            sb.append("</div>\n");
        }
    }
}
