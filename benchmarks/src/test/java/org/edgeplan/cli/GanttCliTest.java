package org.edgeplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgeplan evaluate INSTANCE PLAN --gantt FILE}: the picture is written, or nothing is and one line says why. */
class GanttCliTest {
    @TempDir
    static Path shared;

    @TempDir
    Path tmp;

    static Path solved;

    Path plan;

    @BeforeAll
    static void solveSmall() {
        solved = shared.resolve("plan.json");
        CliTest.Run run = CliTest.run("solve", CliTest.instance("pipeline/small.json"), "--solver", "edge-only",
                "--out", solved.toString());
        assertThat(run.status()).as(run.err()).isZero();
    }

    @BeforeEach
    void copyPlan() throws IOException {
        plan = Files.copy(solved, tmp.resolve("plan.json"));
    }

    private static void assertOneLine(CliTest.Run run) {
        assertThat(run.status()).isEqualTo(EdgePlanCli.BAD_INPUT);
        assertThat(run.err().strip()).doesNotContain("\n").startsWith("edgeplan: ");
        assertThat(run.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void svgAndPngAreWritten() throws Exception {
        Path svg = tmp.resolve("schedule.svg");
        CliTest.Run run = CliTest.run("evaluate", CliTest.instance("pipeline/small.json"), plan.toString(),
                "--gantt", svg.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("Gantt chart written to " + svg);
        assertThat(svg).isRegularFile();
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());

        Path png = tmp.resolve("schedule.PNG");
        run = CliTest.run("evaluate", CliTest.instance("pipeline/small.json"), plan.toString(), "--gantt",
                png.toString(), "--json");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().strip()).startsWith("{").endsWith("}");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(900);
    }

    @Test
    void anUnknownExtensionIsBadInputAndNothingIsWritten() throws IOException {
        for (String name : new String[]{"schedule.pdf", "schedule"}) {
            Path target = tmp.resolve(name);
            CliTest.Run run = CliTest.run("evaluate", CliTest.instance("pipeline/small.json"), plan.toString(),
                    "--gantt", target.toString());
            assertOneLine(run);
            assertThat(run.err()).contains(".svg or .png");
            assertThat(run.out()).isEmpty();
            assertThat(target).doesNotExist();
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("plan.json");
        }
    }

    @Test
    void aProblemAPlanIsBadInputAndNothingIsWritten() {
        Path planA = tmp.resolve("plan-a.json");
        String image = CliTest.instance("multi-exit/ma2025-image.json");
        assertThat(CliTest.run("solve", image, "--solver", "device-only", "--out", planA.toString()).status())
                .isZero();
        Path target = tmp.resolve("a.svg");
        CliTest.Run run = CliTest.run("evaluate", image, planA.toString(), "--gantt", target.toString());
        assertOneLine(run);
        assertThat(run.err()).contains("problem-B", "multi-exit");
        assertThat(target).doesNotExist();
    }

    @Test
    void anInfeasiblePlanGetsNoPicture() throws IOException {
        // Static placement: moving one layer of one request elsewhere breaks it.
        String json = Files.readString(plan);
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, json.replaceFirst("\"pi-a\"\\s*:\\s*\\[\\s*\\]", "\"pi-a\": [\"cam-a/0/conv1\"]")
                .replaceFirst("\"cam-a/0/conv1\",", ""));
        Path target = tmp.resolve("broken.svg");
        CliTest.Run run = CliTest.run("evaluate", CliTest.instance("pipeline/small.json"), broken.toString(),
                "--gantt", target.toString());
        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(EvaluateCommand.PLAN_INFEASIBLE);
        assertThat(run.out()).contains("no Gantt chart");
        assertThat(target).doesNotExist();
    }

    @Test
    void theOutputRuleHoldsForThePicture() throws IOException {
        // A symbolic link is refused and its target untouched; so is an input of the same command.
        Path victim = tmp.resolve("victim.txt");
        Files.writeString(victim, "keep");
        Path link = tmp.resolve("link.svg");
        Files.createSymbolicLink(link, victim);
        CliTest.Run run = CliTest.run("evaluate", CliTest.instance("pipeline/small.json"), plan.toString(),
                "--gantt", link.toString());
        assertOneLine(run);
        assertThat(Files.readString(victim)).isEqualTo("keep");

        Path planSvg = tmp.resolve("plan.svg");
        Files.copy(plan, planSvg);
        String before = Files.readString(planSvg);
        run = CliTest.run("evaluate", CliTest.instance("pipeline/small.json"), planSvg.toString(), "--gantt",
                planSvg.toString());
        assertOneLine(run);
        assertThat(Files.readString(planSvg)).isEqualTo(before);
    }
}
