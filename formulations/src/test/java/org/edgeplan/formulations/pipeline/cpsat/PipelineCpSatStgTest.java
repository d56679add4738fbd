package org.edgeplan.formulations.pipeline.cpsat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.instances.StgImporter;
import org.edgeplan.pipeline.instances.StgOptima;
import org.edgeplan.testing.LongTest;
import org.edgeplan.testing.ProjectRoot;

/**
 * Standard Task Graph optima ({@code instances/stg/optima.csv}) reproduced with a proof: P|prec|Cmax as the special
 * case of problem B (identical nodes, zero transfers, makespan). The default suite proves a handful that take
 * well under a second each on this machine; {@code -Dedgeplan.longTests=true} runs the whole table (60 s limit per
 * row, one worker; {@code edgeplan.stgLimitSeconds}, {@code edgeplan.stgThreads}, {@code edgeplan.stgOnly} change
 * that) and writes {@code target/stg-time-to-proof.csv} and {@code .md}. The formulation searches in every row
 * ({@link PipelineCpSatSolver#alwaysSearch()}); the proof column says whether CP-SAT's search or the relaxation
 * bound met by CP-SAT's plan closed it.
 */
class PipelineCpSatStgTest {
    /**
     * Rows whose published optimum our proofs contradict. 50/rand0009 on 4 processors is published as 133; this
     * CP-SAT model proves 134 with and without symmetry breaking, and so did an independent minimal CP-SAT model of
     * P|prec|Cmax (plain intervals, no pipeline machinery) written for the check (see
     * {@link #fiftyRand0009OnFourProcessorsProvesOneThirtyFour}); milp-scip did not close its gap in 300 s (plan
     * 137, bound 131.3), so it neither confirms nor refutes.
     */
    static final Set<String> DISPUTED = Set.of("50/rand0009.stg@4");

    private static final Path CSV = ProjectRoot.instances().resolve("stg/optima.csv");

    @ParameterizedTest(name = "{0} on {1} processors: {2}")
    @CsvSource({
        "50/rand0002.stg, 4, 71",
        "50/rand0003.stg, 2, 145",
        "50/rand0008.stg, 4, 183",
        "50/rand0009.stg, 2, 263",
        "100/rand0002.stg, 4, 175",
        "100/rand0003.stg, 8, 129",
        "100/rand0001.stg, 16, 81",
    })
    void reproducesPublishedOptimum(String file, int processors, long optimum) {
        StgOptima.Entry entry = StgOptima.read(CSV).stream()
                .filter(e -> e.file().equals(file) && e.processors() == processors).findFirst().orElseThrow();
        assertThat(entry.optimalMakespan()).isEqualTo(optimum);
        PipelineInstance inst = StgImporter.read(StgOptima.resolve(CSV, entry), processors);
        SolveResult<PipelinePlan> r = new PipelineCpSatSolver().alwaysSearch().solve(inst, new SolverSettings(60, 0, 1));
        assertThat(r.status()).as(r.message()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.solverObjective()).isEqualTo((double) optimum);
        assertThat(r.bound()).isEqualTo((double) optimum);
        assertThat(PipelineEvaluator.objective(inst, r.plan())).isEqualTo((double) optimum);
        assertThat(r.statistics()).containsEntry("unitsPerSecond", 1L).containsEntry("exactTimeScale", true)
                .containsEntry("symmetricGroups", 1);
    }

    @Test
    void fiftyRand0009OnFourProcessorsProvesOneThirtyFour() {
        PipelineInstance inst = StgImporter.read(ProjectRoot.instances().resolve("stg/50/rand0009.stg"), 4);
        SolveResult<PipelinePlan> r = new PipelineCpSatSolver().alwaysSearch().solve(inst, new SolverSettings(120, 0, 1));
        assertThat(r.status()).as(r.message()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(r.solverObjective()).isEqualTo(134.0);
        assertThat(r.bound()).isEqualTo(134.0);
        assertThat(PipelineEvaluator.objective(inst, r.plan())).isEqualTo(134.0);
    }

    @LongTest
    @Test
    void wholeTableWithTimeToProof() {
        double limit = Double.parseDouble(System.getProperty("edgeplan.stgLimitSeconds", "60"));
        int threads = Integer.parseInt(System.getProperty("edgeplan.stgThreads", "1"));
        PipelineCpSatSolver solver = new PipelineCpSatSolver().alwaysSearch();
        List<String> rows = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        rows.add("file,processors,published,status,makespan,bound,seconds,branches,conflicts,relaxation,proof");
        int proved = 0;
        // Optional filter: -Dedgeplan.stgOnly=50/rand0001.stg@4,100/rand0008.stg@4 (e.g. the hard rows, longer).
        Set<String> only = Set.of(System.getProperty("edgeplan.stgOnly", "").split(",")).stream()
                .filter(x -> !x.isBlank()).collect(java.util.stream.Collectors.toSet());
        for (StgOptima.Entry e : StgOptima.read(CSV)) {
            if (!only.isEmpty() && !only.contains(e.file() + "@" + e.processors())) {
                continue;
            }
            PipelineInstance inst = StgImporter.read(StgOptima.resolve(CSV, e), e.processors());
            SolveResult<PipelinePlan> r = solver.solve(inst, new SolverSettings(limit, 0, threads));
            String proof = r.status() != SolveStatus.OPTIMAL ? "-"
                    : "OPTIMAL".equals(r.statistics().get("cpSatStatus")) ? "cp-sat search"
                    : r.statistics().containsKey("boundFrom") ? "plan meets relaxation bound" : "plan meets cp-sat bound";
            rows.add(String.format(Locale.ROOT, "%s,%d,%d,%s,%.0f,%.0f,%.2f,%s,%s,%s,%s", e.file(), e.processors(),
                    e.optimalMakespan(), r.status().label(), r.solverObjective(), r.bound(), r.wallSeconds(),
                    r.statistics().get("branches"), r.statistics().get("conflicts"),
                    r.statistics().get("relaxationBound"), proof));
            String key = e.file() + "@" + e.processors();
            if (r.status() == SolveStatus.OPTIMAL) {
                proved++;
                if (r.solverObjective() != e.optimalMakespan() && !DISPUTED.contains(key)) {
                    failures.add(key + ": proved " + r.solverObjective() + ", published " + e.optimalMakespan());
                }
            } else if (r.status() == SolveStatus.FEASIBLE) {
                // Unproved: the published optimum must lie within [bound, incumbent].
                if (r.bound() > e.optimalMakespan() + 1e-9 && !DISPUTED.contains(key)) {
                    failures.add(key + ": bound " + r.bound() + " above the published " + e.optimalMakespan());
                }
                if (r.solverObjective() < e.optimalMakespan() - 1e-9) {
                    failures.add(key + ": plan " + r.solverObjective() + " below the published optimum");
                }
            } else {
                failures.add(key + ": " + r.status() + " " + r.message());
            }
            System.out.println(rows.get(rows.size() - 1));
        }
        write(rows, proved, limit, threads);
        assertThat(failures).isEmpty();
    }

    private static void write(List<String> rows, int proved, double limit, int threads) {
        try {
            Path dir = Path.of("target");
            Files.createDirectories(dir);
            Files.write(dir.resolve("stg-time-to-proof.csv"), rows);
            List<String> md = new ArrayList<>();
            md.add(String.format(Locale.ROOT, "CP-SAT on the STG table: %d of %d proved optimal (limit %.0f s, %d "
                    + "worker%s)", proved, rows.size() - 1, limit, threads, threads == 1 ? "" : "s"));
            md.add("");
            md.add("| graph | p | published | status | makespan | bound | s | relaxation bound | proof |");
            md.add("|---|---:|---:|---|---:|---:|---:|---:|---|");
            for (String row : rows.subList(1, rows.size())) {
                String[] c = row.split(",");
                md.add("| " + c[0] + " | " + c[1] + " | " + c[2] + " | " + c[3] + " | " + c[4] + " | " + c[5] + " | "
                        + c[6] + " | " + c[9] + " | " + c[10] + " |");
            }
            Files.write(dir.resolve("stg-time-to-proof.md"), md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
