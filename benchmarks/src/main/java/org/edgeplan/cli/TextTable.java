package org.edgeplan.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.edgeplan.bench.report.Table;

/** Rows of numbers and text formatted for terminals (six significant digits), rendered by the report's {@link Table}. */
final class TextTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(String... header) {
        this.header = List.of(header);
    }

    TextTable row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(cell instanceof Double d ? num(d) : String.valueOf(cell));
        }
        rows.add(row);
        return this;
    }

    /** Six significant digits; "inf" and "-" for infinity and NaN. */
    static String num(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, "%.6g", value).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    /** A duration in seconds with three significant digits, for wall-clock columns. */
    static String seconds(double value) {
        if (!Double.isFinite(value)) {
            return num(value);
        }
        return value >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.3g", value).replaceAll("e-0", "e-");
    }

    /** Aligned plain text, numbers right-aligned: the report's {@link Table} renders it. */
    String render() {
        Table table = new Table(header);
        rows.forEach(table::row);
        return table.text();
    }
}
