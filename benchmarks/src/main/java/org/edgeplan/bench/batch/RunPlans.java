package org.edgeplan.bench.batch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.io.PlanIo;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * The plans of a batch's problem-B runs, kept so that the report can draw their schedules: run records hold only
 * numbers, and most of the best plans come from time-limited searches that cannot be re-run to the same plan.
 * Each run with a plan writes {@code plans/<instance>-<solver>-s<seed>-<id>.json} beside {@code runs.jsonl}
 * ({@code id}: the first 8 hex digits of the SHA-256 of the run key and the instance hash), before its record is
 * appended, by the rules of {@link AtomicFiles}. A resumed run writes its plan again; {@code --fresh} leaves the old
 * plans, which the next run of the same key replaces. Reading back, a plan counts only when the instance file still
 * has the record's content hash and the evaluator gives the plan the record's objective.
 */
public final class RunPlans {
    /** The folder of plans beside a records file. */
    public static final String FOLDER = "plans";
    /** Relative tolerance between a kept plan's score and its record's objective (both are the evaluator's). */
    private static final double TOLERANCE = 1e-9;

    private RunPlans() {
    }

    /** The plans folder of {@code runsFile}. */
    public static Path folder(Path runsFile) {
        return runsFile.toAbsolutePath().resolveSibling(FOLDER);
    }

    /** The plan file of a run. */
    static Path file(Path runsFile, RunKey key, String instanceName, String instanceHash) {
        String id;
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((key + "\u0000" + key.timeLimitSeconds() + "\u0000" + key.threads() + "\u0000"
                    + instanceHash).getBytes(StandardCharsets.UTF_8));
            id = HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return folder(runsFile).resolve(safe(instanceName) + "-" + safe(key.solver()) + "-s" + key.seed() + "-" + id
                + ".json");
    }

    /** The plan file of a recorded run. */
    public static Path file(Path runsFile, RunRecord record) {
        return file(runsFile, record.key(), record.instance(), record.instanceHash());
    }

    /**
     * Keeps the plan of a finished problem-B run ({@link FinishedRun#planJson()}), before its record is appended; runs
     * of other problems and runs without a plan are skipped.
     */
    static void keep(Path runsFile, RunRecord record, String planJson) {
        if (planJson == null || !record.problem().equals(ProblemKind.PIPELINE.label())) {
            return;
        }
        write(file(runsFile, record), planJson);
    }

    private static void write(Path target, String json) {
        try {
            AtomicFiles.write(target, json);
        } catch (InvalidInputException e) {
            // A plan is kept for pictures only: a run is not lost because its plan could not be written (the report
            // then says the plan was not kept).
        }
    }

    /**
     * The evaluation of a recorded problem-B run's kept plan, found in the plans folder of one of {@code runsFiles}.
     *
     * @param instancesRoot the folder the record's instance file is relative to
     * @throws InvalidInputException one line saying why there is no schedule to draw (no plan kept, instance changed,
     *                               a plan that does not score the record's objective)
     */
    public static PipelineEvaluation evaluation(RunRecord record, List<Path> runsFiles, Path instancesRoot) {
        Path instanceFile = instancesRoot.resolve(record.instanceFile());
        Path planFile = null;
        for (Path runs : runsFiles) {
            Path candidate = file(runs, record);
            if (Files.isRegularFile(candidate, LinkOption.NOFOLLOW_LINKS)) {
                planFile = candidate;
                break;
            }
        }
        if (planFile == null) {
            throw new InvalidInputException("its plan was not kept (runs of versions before plans were kept, or a"
                    + " plan file that could not be written)");
        }
        if (!Files.isRegularFile(instanceFile)) {
            throw new InvalidInputException("its instance file " + record.instanceFile() + " is gone");
        }
        Instance instance = new Suite.InstanceRef(instanceFile, record.instanceFile(), record.processors()).load();
        if (!(instance instanceof PipelineInstance pipeline)) {
            throw new InvalidInputException("it is not a problem-B run");
        }
        if (!record.instanceHash().isEmpty() && !record.instanceHash().equals(InstanceIo.contentHash(pipeline))) {
            throw new InvalidInputException("its instance file " + record.instanceFile() + " has changed since the run");
        }
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(pipeline,
                (PipelinePlan) PlanIo.read(planFile, pipeline));
        double kept = evaluation.objective();
        if (!(Math.abs(kept - record.objective()) <= TOLERANCE * Math.max(1.0, Math.abs(record.objective())))) {
            throw new InvalidInputException("its kept plan " + planFile.getFileName() + " scores " + kept
                    + ", not the recorded " + record.objective());
        }
        return evaluation;
    }

    private static String safe(String s) {
        String cleaned = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "_");
        return cleaned.isEmpty() || cleaned.startsWith(".") ? "_" + cleaned : cleaned;
    }
}
