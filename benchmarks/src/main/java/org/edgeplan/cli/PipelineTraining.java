package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.BestKnownStore;
import org.edgeplan.core.Deadline;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.pipeline.online.OnlinePolicy;
import org.edgeplan.pipeline.online.OnlinePolicyIo;
import org.edgeplan.pipeline.online.OnlineTrainer;
import org.edgeplan.pipeline.online.PipelinePpoSolver;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.PpoTrainer;

/**
 * {@code edgeplan train-ppo --variant pipeline}: trains problem B's {@code ppo} policy on a pool of instances (files
 * and/or members of the scaled generator), measures the greedy policy on held-out instances during training (the
 * learning curve) and at the end against the baselines and the best known values.
 */
final class PipelineTraining {
    /** Solvers run on the held-out instances unless --baselines says otherwise. */
    static final List<String> DEFAULT_BASELINES = List.of("online-greedy", "preschedule-retrieval", "heft",
            "neurosurgeon", "dads");

    private PipelineTraining() {
    }

    /** One point of the learning curve: the batch's mean return and the greedy policy on every held-out instance. */
    record Point(int update, long episodes, double seconds, double meanReturn, double entropy, double[] objectives) {
    }

    /** One plan on a held-out instance at the end. */
    record Row(String instance, String solver, double objective, double bestKnown, boolean proven, double seconds,
               double millisPerRequest) {
        double gap() {
            return Double.isFinite(bestKnown) && bestKnown > 0 ? (objective - bestKnown) / bestKnown : Double.NaN;
        }
    }

    static int run(TrainPpoCommand c) {
        if (c.trainEndpoints.size() != 2 || c.trainEdges.size() != 2) {
            throw new InvalidInputException("--endpoints and --edges take MIN,MAX");
        }
        if (!(c.timeLimitSeconds > 0) || !(c.baselineSeconds > 0) || c.imitationEpisodes < 0
                || c.checkpointEvery < 1) {
            throw new InvalidInputException("time limits must be positive seconds, --imitation >= 0 and"
                    + " --checkpoint-every >= 1");
        }
        List<String> baselines = c.baselines == null ? DEFAULT_BASELINES
                : c.baselines.equals(List.of("none")) ? List.of() : c.baselines;
        SolverRegistry registry = SolverRegistry.load();
        for (String b : baselines) {
            registry.find(ProblemKind.PIPELINE, b); // an unknown name is one line now, not after training
        }
        List<Path> inputs = new ArrayList<>();
        if (c.instancePaths != null) {
            inputs.addAll(c.instancePaths);
        }
        inputs.addAll(c.evalPaths);
        AtomicFiles.Inputs protectedInputs = AtomicFiles.protect(inputs);
        try {
            List<PipelineInstance> pool = new ArrayList<>();
            StringBuilder scenarios = new StringBuilder();
            if (c.instancePaths != null) {
                for (Path p : c.instancePaths) {
                    pool.add(load(p));
                }
                if (!c.instancePaths.isEmpty()) {
                    scenarios.append(pool.stream().map(PipelineInstance::name).toList());
                }
            }
            if (c.family != null) {
                int before = pool.size();
                List<PlacementMode> modes = c.trainModes.stream().map(PlacementMode::fromLabel).distinct().toList();
                List<PipelineObjective> objectives = c.trainObjectives.stream().map(PipelineObjective::fromLabel)
                        .distinct().toList();
                List<Boolean> clouds = switch (c.trainCloud) {
                    case "no" -> List.of(false);
                    case "yes" -> List.of(true);
                    case "both" -> List.of(false, true);
                    default -> throw new InvalidInputException("--cloud takes no, yes or both, got '" + c.trainCloud
                            + "'");
                };
                for (int e = c.trainEndpoints.get(0); e <= c.trainEndpoints.get(1); e++) {
                    for (int s = c.trainEdges.get(0); s <= c.trainEdges.get(1); s++) {
                        for (int r : c.trainRequests) {
                            for (PlacementMode mode : modes) {
                                for (PipelineObjective objective : objectives) {
                                    for (boolean cloud : clouds) {
                                        pool.add(ScaledPipelines.of(c.family, e, s, r, mode, objective, cloud));
                                    }
                                }
                            }
                        }
                    }
                }
                if (scenarios.length() > 0) {
                    scenarios.append(" and ");
                }
                scenarios.append(String.format(Locale.ROOT, "%d scaled-%s instances (endpoints %d-%d, edges %d-%d,"
                                + " requests %s, %s, %s%s)", pool.size() - before, c.family,
                        c.trainEndpoints.get(0), c.trainEndpoints.get(1), c.trainEdges.get(0), c.trainEdges.get(1),
                        c.trainRequests, String.join("/", modes.stream().map(PlacementMode::label).toList()),
                        String.join("/", objectives.stream().map(o -> o.label().replace('-', ' ')).toList()),
                        switch (c.trainCloud) {
                            case "yes" -> ", with a cloud node";
                            case "both" -> ", with and without a cloud node";
                            default -> "";
                        }));
            }
            if (pool.isEmpty()) {
                throw new InvalidInputException("--variant pipeline needs training instances: INSTANCE files and/or"
                        + " --family MODEL (vgg5, resnet18 or vgg16)");
            }
            List<PipelineInstance> eval = new ArrayList<>();
            for (Path p : c.evalPaths) {
                eval.add(load(p));
            }
            PpoConfig config = c.tuned(OnlineTrainer.defaults());
            Path csv = c.csv != null ? c.csv : TrainPpoCommand.sibling(c.out, ".csv");
            Path results = TrainPpoCommand.sibling(c.out, "-heldout.csv");
            Path plot = c.plot != null ? c.plot : TrainPpoCommand.sibling(c.out, ".png");
            boolean drawPlot = !plot.toString().equals("none") && !c.evalPaths.isEmpty();
            List<Path> outputs = drawPlot ? List.of(c.out, csv, results, plot) : List.of(c.out, csv, results);
            TrainPpoCommand.checkOutputs(outputs, "--out, --csv and --plot");
            return train(c, pool, scenarios.toString(), eval, baselines, registry, config, csv, results,
                    drawPlot ? plot : null);
        } finally {
            protectedInputs.close();
        }
    }

    private static PipelineInstance load(Path p) {
        Instance x = InstanceFiles.load(p, null);
        if (!(x instanceof PipelineInstance pi)) {
            throw new InvalidInputException(p + " is a " + x.kind().label() + " instance; --variant pipeline trains"
                    + " on pipeline (problem-B) instances");
        }
        return pi;
    }

    private static int train(TrainPpoCommand c, List<PipelineInstance> pool, String scenarios,
                             List<PipelineInstance> eval, List<String> baselines, SolverRegistry registry,
                             PpoConfig config, Path csv, Path results, Path plot) {
        PrintWriter w = c.spec.commandLine().getOut();
        w.printf(Locale.ROOT, "training ppo (problem B) on %s; %d imitation + %d PPO episodes, seed %d%n", scenarios,
                c.imitationEpisodes, c.episodes, c.seed);
        w.flush();
        List<Point> curve = new ArrayList<>();
        double[] evaluationSeconds = {0};
        OnlineTrainer.Result r = OnlineTrainer.train(pool, scenarios, config, c.seed, c.imitationEpisodes,
                c.episodes, Deadline.after(c.timeLimitSeconds), (p, policy) -> {
                    if (p.update() % c.checkpointEvery != 0) {
                        return;
                    }
                    long start = System.nanoTime();
                    double[] objectives = eval.stream().mapToDouble(x -> play(policy, x)).toArray();
                    evaluationSeconds[0] += (System.nanoTime() - start) / 1e9;
                    curve.add(new Point(p.update(), p.episodes(), p.seconds(), p.meanReturn(), p.entropy(),
                            objectives));
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "update %d, %d episodes, %.1f s: mean return %.6g, entropy %.3f", p.update(),
                            p.episodes(), p.seconds(), p.meanReturn(), p.entropy()));
                    for (int i = 0; i < eval.size(); i++) {
                        line.append(String.format(Locale.ROOT, "; %s %.6g", eval.get(i).name(), objectives[i]));
                    }
                    w.println(line);
                    w.flush();
                });
        OnlinePolicy policy = r.policy();
        BestKnownStore store = BestKnownStore.load(InstanceFiles.root());
        List<Row> rows = new ArrayList<>();
        for (PipelineInstance x : eval) {
            BestKnown best = store.find(x.name(), InstanceIo.contentHash(x));
            double bestValue = best == null ? Double.NaN : best.objective();
            boolean proven = best != null && best.proven();
            SolveResult<PipelinePlan> solved = PipelinePpoSolver.of(policy, String.valueOf(c.out))
                    .solve(x, new SolverSettings(c.baselineSeconds, c.seed, 1));
            double objective = solved.plan() == null ? Double.NaN
                    : PipelineEvaluator.evaluate(x, solved.plan()).objective();
            double greedy = solved.statistics().get("greedyObjective") instanceof Double d ? d : Double.NaN;
            double millis = solved.statistics().get("decisionMillisPerRequest") instanceof Double d ? d : Double.NaN;
            rows.add(new Row(x.name(), "ppo greedy", greedy, bestValue, proven, Double.NaN, millis));
            rows.add(new Row(x.name(), "ppo", objective, bestValue, proven, solved.wallSeconds(), millis));
            for (String b : baselines) {
                Solver<?, ?> solver = registry.find(ProblemKind.PIPELINE, b);
                SolveResult<?> s = solver.solveAny(x, new SolverSettings(c.baselineSeconds, c.seed, 1));
                double value = s.plan() == null ? Double.NaN
                        : PipelineEvaluator.evaluate(x, (PipelinePlan) s.plan()).objective();
                rows.add(new Row(x.name(), b, value, bestValue, proven, s.wallSeconds(), Double.NaN));
            }
        }
        OnlinePolicyIo.write(policy, c.out);
        AtomicFiles.write(csv, curveCsv(eval, curve));
        AtomicFiles.write(results, rowsCsv(rows));
        if (plot != null) {
            double[] best = new double[eval.size()];
            for (int i = 0; i < best.length; i++) {
                String name = eval.get(i).name();
                best[i] = rows.stream().filter(row -> row.instance().equals(name)).mapToDouble(Row::bestKnown)
                        .findFirst().orElse(Double.NaN);
            }
            TrainPpoCommand.writeBytes(plot, PipelineCurvePlot.png(eval.stream().map(PipelineInstance::name).toList(),
                    best, curve));
        }
        w.println();
        w.print(table(eval, rows, baselines));
        PpoTrainer.Result run = r.run();
        w.printf(Locale.ROOT, "training: %d episodes, %d updates, wall %.1f s, CPU %.1f s (training thread; of which"
                        + " checkpoint evaluation %.1f s wall)%s%n", run.episodes(), run.updates(), run.wallSeconds(),
                run.cpuSeconds(), evaluationSeconds[0],
                run.stoppedByDeadline() ? "; stopped by the time limit before the episode budget" : "");
        w.println("policy written to " + c.out);
        w.println("learning curve written to " + csv + (plot != null ? " and " + plot : "")
                + ", every plan on the held-out instances to " + results);
        w.flush();
        return 0;
    }

    private static double play(OnlinePolicy policy, PipelineInstance x) {
        return PipelineEvaluator.evaluate(x, policy.play(x).plan()).objective();
    }

    static String table(List<PipelineInstance> eval, List<Row> rows, List<String> baselines) {
        List<String> header = new ArrayList<>(List.of("instance", "best known", "ppo", "ppo greedy", "ms/request"));
        header.addAll(baselines);
        TextTable t = new TextTable(header.toArray(new String[0]));
        for (PipelineInstance x : eval) {
            Map<String, Row> bySolver = new LinkedHashMap<>();
            rows.stream().filter(r -> r.instance().equals(x.name())).forEach(r -> bySolver.put(r.solver(), r));
            Row ppo = bySolver.get("ppo");
            List<String> cells = new ArrayList<>();
            cells.add(x.name());
            cells.add(Double.isFinite(ppo.bestKnown())
                    ? String.format(Locale.ROOT, "%.6g%s", ppo.bestKnown(), ppo.proven() ? " P" : "") : "-");
            cells.add(cell(ppo));
            cells.add(cell(bySolver.get("ppo greedy")));
            cells.add(String.format(Locale.ROOT, "%.3f", ppo.millisPerRequest()));
            for (String b : baselines) {
                cells.add(cell(bySolver.get(b)));
            }
            t.row(cells.toArray(new String[0]));
        }
        return "gap = (objective - best known) / best known (P: proven optimum); ppo: solver ppo with the trained"
                + " policy (the best by the evaluator of the greedy episode and " + PipelinePpoSolver.SAMPLES
                + " sampled ones); ppo greedy: the greedy episode alone; ms/request: the policy's decision time in the"
                + " greedy episode (candidate scoring included)\n" + t.render();
    }

    private static String cell(Row r) {
        if (r == null || !Double.isFinite(r.objective())) {
            return "no plan";
        }
        String value = String.format(Locale.ROOT, "%.6g", r.objective());
        return Double.isFinite(r.gap()) ? value + String.format(Locale.ROOT, " (%+.2f %%)", 100 * r.gap()) : value;
    }

    static String curveCsv(List<PipelineInstance> eval, List<Point> curve) {
        StringBuilder b = new StringBuilder("update,episodes,seconds,mean_return,entropy");
        eval.forEach(x -> b.append(',').append(x.name()));
        b.append('\n');
        for (Point p : curve) {
            b.append(String.format(Locale.ROOT, "%d,%d,%.3f,%.9g,%.6f", p.update(), p.episodes(), p.seconds(),
                    p.meanReturn(), p.entropy()));
            for (double o : p.objectives()) {
                b.append(String.format(Locale.ROOT, ",%.9g", o));
            }
            b.append('\n');
        }
        return b.toString();
    }

    static String rowsCsv(List<Row> rows) {
        StringBuilder b = new StringBuilder("instance,solver,objective,best_known,proven,gap,seconds,ms_per_request\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%s,%s,%.9g,%.9g,%b,%.6g,%.4f,%.4f%n", r.instance(), r.solver(),
                    r.objective(), r.bestKnown(), r.proven(), r.gap(), r.seconds(), r.millisPerRequest()));
        }
        return b.toString();
    }
}
