package org.edgeplan.bench.report;

import java.util.Locale;

/** Number formatting for reports: short for people (tables, Markdown, HTML), exact for machines (CSV). */
final class Format {
    private Format() {
    }

    /** Six significant digits without trailing zeros; {@code -} for NaN, {@code inf} for infinity. */
    static String number(double value) {
        return significant(value, 6);
    }

    /** A relative gap as a percentage with three significant digits ({@code 0.0123} → {@code 1.23 %}). */
    static String percent(double gap) {
        if (Double.isNaN(gap)) {
            return "-";
        }
        return significant(100 * gap, 3) + " %";
    }

    /** Seconds with three significant digits (no unit); {@code not reached} for +infinity, {@code -} for NaN. */
    static String seconds(double value) {
        if (value == Double.POSITIVE_INFINITY) {
            return "not reached";
        }
        return significant(value, 3);
    }

    /** A value in [0, 1] with three decimals, as primal integrals are printed. */
    static String fraction(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.3f", value);
    }

    static String significant(double value, int digits) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        String s;
        if (magnitude >= 1e-4 && magnitude < Math.pow(10, digits)) {
            // Fixed notation with just enough decimals for the requested significant digits.
            int decimals = Math.max(0, digits - 1 - (int) Math.floor(Math.log10(magnitude)));
            s = String.format(Locale.ROOT, "%." + decimals + "f", value);
            if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
        } else {
            s = String.format(Locale.ROOT, "%." + (digits - 1) + "e", value).replaceAll("\\.?0+e", "e")
                    .replace("e+0", "e").replace("e+", "e").replace("e-0", "e-");
        }
        return s.equals("-0") ? "0" : s;
    }

    /** Full precision for CSV: empty for NaN, {@code inf}/{@code -inf} for infinities. */
    static String raw(double value) {
        if (Double.isNaN(value)) {
            return "";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
    static String csvField(String s) {
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /**
     * Text for an HTML or XML (SVG) element or attribute value; characters XML 1.0 does not allow (control
     * characters other than tab and line ends, U+FFFE, U+FFFF) become U+FFFD.
     */
    static String html(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF
                        ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    /** Text for a Markdown table cell: pipes escaped, line breaks flattened. */
    static String markdownCell(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }
}
