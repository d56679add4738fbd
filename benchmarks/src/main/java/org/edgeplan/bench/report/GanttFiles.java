package org.edgeplan.bench.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;

/** Writing a {@link GanttChart} to a file whose name says the format: {@code .svg} or {@code .png}. */
public final class GanttFiles {
    /** The picture formats, by file name extension. */
    public enum Format { SVG, PNG }

    private GanttFiles() {
    }

    /**
     * The format {@code file}'s name asks for (case-insensitive extension).
     *
     * @throws InvalidInputException one line naming the file when the extension is neither {@code .svg} nor
     *                               {@code .png}
     */
    public static Format formatOf(Path file) {
        Path name = file.getFileName();
        String lower = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".svg")) {
            return Format.SVG;
        }
        if (lower.endsWith(".png")) {
            return Format.PNG;
        }
        throw new InvalidInputException("--gantt " + file + ": unknown picture format, the file name must end in"
                + " .svg or .png");
    }

    /** The bytes of {@code chart} in {@code format}. */
    public static byte[] render(GanttChart chart, Format format) {
        return format == Format.SVG ? GanttSvg.render(chart).getBytes(StandardCharsets.UTF_8)
                : GanttPng.render(chart);
    }

    /** Writes {@code chart} to {@code target} in the format of its name, by the rules of {@link AtomicFiles}. */
    public static void write(GanttChart chart, Path target) {
        AtomicFiles.write(target, render(chart, formatOf(target)));
    }
}
