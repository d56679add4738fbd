package org.edgeplan.bench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of already formatted cells, rendered as aligned plain text (terminals), Markdown, CSV or HTML, so that
 * every output of a report shows the same rows.
 */
public final class Table {
    private static final String NUMERIC = "-?[0-9.]+(e[-+]?[0-9]+)?( %)?( \\[.*\\])?|-?inf|-|not reached";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(List<String> header) {
        this.header = List.copyOf(header);
    }

    public Table(String... header) {
        this(List.of(header));
    }

    public Table row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public Table row(String... cells) {
        return row(List.of(cells));
    }

    List<String> header() {
        return header;
    }

    List<List<String>> rows() {
        return List.copyOf(rows);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Columns padded to a common width, numbers right-aligned, a dashed rule under the header. */
    public String text() {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        textLine(sb, header, width, false);
        for (int c = 0; c < width.length; c++) {
            sb.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        sb.append('\n');
        for (List<String> row : rows) {
            textLine(sb, row, width, true);
        }
        return sb.toString();
    }

    private static void textLine(StringBuilder sb, List<String> cells, int[] width, boolean alignNumbers) {
        for (int c = 0; c < width.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(width[c] - cell.length());
            sb.append(c == 0 ? "" : "  ").append(alignNumbers && isNumeric(cell) ? pad + cell : cell + pad);
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private static boolean isNumeric(String cell) {
        return cell.matches(NUMERIC);
    }

    /** A GitHub-flavoured Markdown table; columns whose cells are all numbers are right-aligned. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("|");
        for (String h : header) {
            sb.append(' ').append(Format.markdownCell(h)).append(" |");
        }
        sb.append("\n|");
        for (int c = 0; c < header.size(); c++) {
            sb.append(numericColumn(c) ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<String> row : rows) {
            sb.append('|');
            for (String cell : row) {
                sb.append(' ').append(Format.markdownCell(cell)).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180 CSV with a header line and {@code \n} line ends. */
    public String csv() {
        StringBuilder sb = new StringBuilder();
        csvLine(sb, header);
        for (List<String> row : rows) {
            csvLine(sb, row);
        }
        return sb.toString();
    }

    private static void csvLine(StringBuilder sb, List<String> cells) {
        for (int c = 0; c < cells.size(); c++) {
            sb.append(c == 0 ? "" : ",").append(Format.csvField(cells.get(c)));
        }
        sb.append('\n');
    }

    /** An HTML {@code <table>} with escaped cells; numeric columns get {@code class="num"}. */
    String html(String cssClass) {
        StringBuilder sb = new StringBuilder("<table class=\"").append(Format.html(cssClass)).append("\">\n<thead><tr>");
        for (String h : header) {
            sb.append("<th>").append(Format.html(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        boolean[] numeric = new boolean[header.size()];
        for (int c = 0; c < numeric.length; c++) {
            numeric[c] = numericColumn(c);
        }
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (int c = 0; c < row.size(); c++) {
                sb.append(numeric[c] ? "<td class=\"num\">" : "<td>").append(Format.html(row.get(c))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    private boolean numericColumn(int c) {
        if (rows.isEmpty()) {
            return false;
        }
        for (List<String> row : rows) {
            if (!isNumeric(row.get(c))) {
                return false;
            }
        }
        return true;
    }
}
