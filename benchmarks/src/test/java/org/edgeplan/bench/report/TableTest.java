package org.edgeplan.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {
    private static Table sample() {
        return new Table("solver", "gap").row("a|b", "1.5 %").row("say \"hi\", <b>", "-");
    }

    @Test
    void textAlignsNumbersRight() {
        assertThat(sample().text()).isEqualTo("""
                solver         gap
                -------------  -----
                a|b            1.5 %
                say "hi", <b>      -
                """);
    }

    @Test
    void markdownEscapesPipesAndAlignsNumericColumns() {
        assertThat(sample().markdown()).isEqualTo("""
                | solver | gap |
                |---|---:|
                | a\\|b | 1.5 % |
                | say "hi", <b> | - |
                """);
    }

    @Test
    void csvQuotesCommasAndQuotes() {
        assertThat(sample().csv()).isEqualTo("solver,gap\na|b,1.5 %\n\"say \"\"hi\"\", <b>\",-\n");
    }

    @Test
    void htmlEscapesCells() {
        assertThat(sample().html("t")).contains("<td>say &quot;hi&quot;, &lt;b&gt;</td>")
                .contains("<td class=\"num\">1.5 %</td>");
    }

    @Test
    void numberFormats() {
        assertThat(Format.number(21.105)).isEqualTo("21.105");
        assertThat(Format.number(1234567.0)).isEqualTo("1.23457e6");
        assertThat(Format.number(0.000012345)).isEqualTo("1.2345e-5");
        assertThat(Format.percent(0.0525)).isEqualTo("5.25 %");
        assertThat(Format.percent(-0.0476190)).isEqualTo("-4.76 %");
        assertThat(Format.seconds(Double.POSITIVE_INFINITY)).isEqualTo("not reached");
        assertThat(Format.raw(Double.NaN)).isEmpty();
        assertThat(Format.raw(3.0)).isEqualTo("3");
        assertThat(Format.raw(0.1)).isEqualTo("0.1");
    }
}
