package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.LongStream;

import org.edgeplan.bench.ppo.GeneralPpoExperiment;
import org.edgeplan.bench.ppo.PpoExperiment;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.multiexit.instances.NetworkFamilies;
import org.edgeplan.multiexit.ppo.GeneralPolicyIo;
import org.edgeplan.multiexit.ppo.GeneralTrainer;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.PpoTrainer;

/** {@code edgeplan train-ppo --variant general}: trains {@code ppo-general} once and measures it on held-out M. */
final class GeneralTraining {
    /** Solvers run on the held-out instances unless --baselines says otherwise. */
    static final List<String> DEFAULT_BASELINES = List.of("device-only", "edge-only", "fp-ar", "spinn-ear", "aco-ear",
            "ppo", "aco-drl");

    private GeneralTraining() {
    }

    static int run(TrainPpoCommand c) {
        if (c.instancePaths != null && !c.instancePaths.isEmpty()) {
            throw new InvalidInputException("--variant general trains on a network family (--family NAME), not on"
                    + " instance files");
        }
        if (c.family == null) {
            throw new InvalidInputException("--variant general needs --family NAME; known: "
                    + NetworkFamilies.FAMILIES.stream().map(NetworkFamilies.Family::name).toList());
        }
        NetworkFamilies.Family family = family(c.family);
        NetworkFamilies.Family evalFamily = c.evalFamily == null ? family : family(c.evalFamily);
        if (!evalFamily.dnn().name().equals(family.dnn().name())) {
            throw new InvalidInputException("--eval-family " + evalFamily.name() + " has network '"
                    + evalFamily.dnn().name() + "', the policy is for '" + family.dnn().name() + "'");
        }
        if (c.trainDevices.size() != 2 || c.bandwidthRange.size() != 2) {
            throw new InvalidInputException("--devices and --bandwidth-range take MIN,MAX");
        }
        if (!(c.timeLimitSeconds > 0) || !(c.baselineSeconds > 0) || c.evalInstances < 0) {
            throw new InvalidInputException("time limits must be positive seconds and --eval-instances >= 0");
        }
        if (!c.evalExits.equals("default") && !c.evalExits.equals("random")) {
            throw new InvalidInputException("--eval-exits must be 'default' or 'random', got '" + c.evalExits + "'");
        }
        List<String> baselines = c.baselines == null ? DEFAULT_BASELINES
                : c.baselines.equals(List.of("none")) ? List.of() : c.baselines;
        SolverRegistry registry = SolverRegistry.load();
        for (String b : baselines) {
            registry.find(ProblemKind.MULTI_EXIT, b); // an unknown name is one line now, not after training
        }
        PpoConfig config = c.tuned(GeneralTrainer.defaults());
        Path csv = c.csv != null ? c.csv : TrainPpoCommand.sibling(c.out, ".csv");
        Path results = TrainPpoCommand.sibling(c.out, "-heldout.csv");
        List<Path> outputs = List.of(c.out, csv, results);
        TrainPpoCommand.checkOutputs(outputs, "--out and --csv");
        List<Long> seeds = LongStream.rangeClosed(1001, 1000 + c.evalInstances).boxed().toList();
        GeneralPpoExperiment.Spec spec = new GeneralPpoExperiment.Spec(family, evalFamily, c.trainDevices.get(0),
                c.trainDevices.get(1), c.bandwidthRange.get(0), c.bandwidthRange.get(1), c.evalDevices, seeds,
                c.evalExits.equals("random"),
                baselines, c.rlBaselineDevices, c.baselineSeconds, config, c.seed, c.episodes, c.timeLimitSeconds,
                c.checkpointEvery);
        PrintWriter w = c.spec.commandLine().getOut();
        w.printf(Locale.ROOT, "training ppo-general: %s; %d episodes, seed %d%n", spec.scenarios(), c.episodes,
                c.seed);
        w.flush();
        GeneralPpoExperiment.Outcome o = GeneralPpoExperiment.run(spec, line -> {
            w.println(line);
            w.flush();
        });
        GeneralPolicyIo.write(o.training().policy(), c.out);
        AtomicFiles.write(csv, GeneralPpoExperiment.curveCsv(o));
        AtomicFiles.write(results, GeneralPpoExperiment.rowsCsv(o));
        w.println();
        w.print(summary(o));
        PpoTrainer.Result run = o.training().run();
        w.printf(Locale.ROOT, "training: %d episodes, %d updates, wall %.1f s, CPU %.1f s (training thread; of which"
                        + " checkpoint evaluation %.1f s wall)%s%n", run.episodes(), run.updates(), run.wallSeconds(),
                run.cpuSeconds(), o.evaluationSeconds(),
                run.stoppedByDeadline() ? "; stopped by the time limit before the episode budget" : "");
        w.println("policy written to " + c.out);
        w.println("learning curve written to " + csv + ", every plan on the held-out instances to " + results);
        w.flush();
        return 0;
    }

    private static NetworkFamilies.Family family(String name) {
        try {
            return NetworkFamilies.family(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
    }

    /** Per device count and solver: median, 95th percentile and largest gap to exact-bb, median gap to exact-joint. */
    static String summary(GeneralPpoExperiment.Outcome o) {
        TextTable t = new TextTable("M", "solver", "instances", "median gap", "p95 gap", "max gap",
                "median gap joint", "mean s");
        List<String> solvers = new ArrayList<>();
        o.rows().forEach(r -> {
            if (!solvers.contains(r.solver())) {
                solvers.add(r.solver());
            }
        });
        for (int m : o.spec().evalDevices()) {
            for (String s : solvers) {
                List<GeneralPpoExperiment.Row> rows = o.rows().stream()
                        .filter(r -> r.solver().equals(s) && r.held().instance().deviceCount() == m).toList();
                if (rows.isEmpty()) {
                    continue;
                }
                double[] gaps = rows.stream().mapToDouble(GeneralPpoExperiment.Row::gapBb).toArray();
                double[] joint = rows.stream().mapToDouble(GeneralPpoExperiment.Row::gapJoint).toArray();
                double seconds = rows.stream().mapToDouble(GeneralPpoExperiment.Row::seconds).average().orElse(0);
                t.row(String.valueOf(m), s, String.valueOf(rows.size()),
                        PpoExperiment.percent(GeneralPpoExperiment.quantile(gaps, 0.5)),
                        PpoExperiment.percent(GeneralPpoExperiment.quantile(gaps, 0.95)),
                        PpoExperiment.percent(GeneralPpoExperiment.quantile(gaps, 1.0)),
                        PpoExperiment.percent(GeneralPpoExperiment.quantile(joint, 0.5)),
                        String.format(Locale.ROOT, "%.3f", seconds));
            }
        }
        return "gap = (plan's cost - proven optimum) / proven optimum; optimum: exact-bb for the instance's exit set"
                + " (joint: exact-joint over all exit sets)\n" + t.render();
    }
}
