package org.edgeplan.bench.ppo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.multiexit.ppo.PolicyFamily;
import org.edgeplan.multiexit.ppo.PpoPolicy;
import org.edgeplan.multiexit.ppo.PpoVariant;
import org.edgeplan.multiexit.ppo.SplitTrainer;
import org.edgeplan.multiexit.ppo.TrainingContext;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.PpoTrainer;

/**
 * Trains a PPO policy on instances at chosen bandwidths and measures it against the proven optimum (exact-bb, default
 * exit set; for {@code aco-drl} the ACO exit set, which makes the reference {@code aco-bb}) at the training bandwidths
 * and at further evaluation bandwidths the policy never saw: the learning curve (mean sampled cost and greedy cost per
 * evaluation point at every checkpoint) and the final gaps. What {@code edgeplan train-ppo} runs.
 */
public final class PpoExperiment {
    private PpoExperiment() {
    }

    /**
     * What to train and how.
     *
     * @param instances        base instances (one family)
     * @param trainMbps        bandwidths to train at; empty: the instances as given
     * @param evalMbps         further bandwidths to evaluate at (not trained on unless also in {@code trainMbps})
     * @param sampling         {@code discrete} or {@code log-uniform} (between the least and greatest training bandwidth)
     * @param variant          {@code ppo}, {@code ppo-shares} or {@code aco-drl}
     * @param config           hyper-parameters
     * @param seed             seed of all randomness
     * @param episodes         episode budget
     * @param timeLimitSeconds no update starts after this (the run then depends on the machine, and says so)
     * @param checkpointEvery  evaluate every this many updates (and after the last)
     */
    public record Spec(List<MultiExitInstance> instances, List<Double> trainMbps, List<Double> evalMbps,
                       String sampling, PpoVariant variant, PpoConfig config, long seed, long episodes,
                       double timeLimitSeconds, int checkpointEvery) {
        public Spec {
            instances = List.copyOf(instances);
            trainMbps = List.copyOf(trainMbps);
            evalMbps = List.copyOf(evalMbps);
            if (!sampling.equals("discrete") && !sampling.equals("log-uniform")) {
                throw new InvalidInputException("sampling must be 'discrete' or 'log-uniform', got '" + sampling + "'");
            }
            if (sampling.equals("log-uniform") && trainMbps.isEmpty()) {
                throw new InvalidInputException("log-uniform sampling needs --bandwidths (its range)");
            }
            for (double b : trainMbps) {
                requirePositive(b);
            }
            for (double b : evalMbps) {
                requirePositive(b);
            }
            if (episodes < 1) {
                throw new InvalidInputException("episodes must be at least 1, got " + episodes);
            }
            if (checkpointEvery < 1) {
                throw new InvalidInputException("checkpoint interval must be at least 1 update, got " + checkpointEvery);
            }
        }

        private static void requirePositive(double mbps) {
            if (!(mbps > 0) || Double.isInfinite(mbps)) {
                throw new InvalidInputException("bandwidths must be positive Mbit/s, got " + mbps);
            }
        }
    }

    /**
     * One instance at one bandwidth, with its proven optimum.
     *
     * @param base          the base instance's name
     * @param mbps          every device's uplink in Mbit/s (NaN if the devices differ)
     * @param seen          whether the policy trained on exactly this instance
     * @param contextId     its id among the training contexts, −1 if none
     * @param instance      the instance
     * @param optimum       exact-bb's objective (for the policy's exit set: the ACO set for {@code aco-drl})
     * @param optimumStatus exact-bb's status ({@code optimal} = proven)
     */
    public record Point(String base, double mbps, boolean seen, int contextId, MultiExitInstance instance,
                        double optimum, SolveStatus optimumStatus) {
        public String label() {
            return base + (Double.isNaN(mbps) ? "" : " @ " + mbpsText(mbps) + " Mbit/s") + (seen ? "" : " (unseen)");
        }
    }

    /**
     * A checkpoint's measurements at one point.
     *
     * @param sampledCost mean cost of the actions sampled at this point since the last checkpoint (NaN: none)
     * @param greedyCost  the evaluator's cost of the greedy plan now
     */
    public record CurveRow(long episode, double seconds, int point, double sampledCost, double greedyCost) {
    }

    /** The final decision at one point. */
    public record FinalRow(Point point, MultiExitPlan plan, double cost) {
        /** (cost − optimum) / optimum. */
        public double gap() {
            return (cost - point.optimum()) / point.optimum();
        }
    }

    /**
     * The outcome.
     *
     * @param evaluationSeconds wall time of the checkpoint evaluations, included in the training wall time
     */
    public record Outcome(Spec spec, PpoPolicy policy, SplitTrainer.Result training, List<Point> points,
                          List<CurveRow> curve, List<double[]> batches, List<FinalRow> finals,
                          double evaluationSeconds) {
        public double medianGap(Boolean seen) {
            double[] g = finals.stream().filter(f -> seen == null || f.point().seen() == seen)
                    .mapToDouble(FinalRow::gap).sorted().toArray();
            if (g.length == 0) {
                return Double.NaN;
            }
            return g.length % 2 == 1 ? g[g.length / 2] : 0.5 * (g[g.length / 2 - 1] + g[g.length / 2]);
        }

        public double maxGap(Boolean seen) {
            return finals.stream().filter(f -> seen == null || f.point().seen() == seen).mapToDouble(FinalRow::gap)
                    .max().orElse(Double.NaN);
        }
    }

    /** Runs the experiment; {@code log} gets one line per checkpoint. */
    public static Outcome run(Spec spec, Consumer<String> log) {
        if (spec.instances().isEmpty()) {
            throw new InvalidInputException("no instance to train on");
        }
        // aco-drl: every instance with its ACO exit set (seeded like the training) as the exit set the policy learns
        // for; exact-bb on those instances is then aco-bb, the ceiling of the policy.
        List<MultiExitInstance> instances = spec.instances().stream()
                .map(x -> spec.variant().onExitSet(x, spec.seed())).toList();
        PolicyFamily family = PolicyFamily.of(instances);
        List<TrainingContext> contexts = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        SolverSettings exact = new SolverSettings(60, spec.seed(), 1);
        for (MultiExitInstance base : instances) {
            if (spec.trainMbps().isEmpty()) {
                contexts.add(TrainingContext.of(contexts.size(), base));
                points.add(point(base.name(), uniformMbps(base), true, contexts.size() - 1, base, exact));
            } else {
                for (double mbps : spec.trainMbps()) {
                    MultiExitInstance x = TrainingContext.atBandwidth(base, mbps);
                    boolean discrete = spec.sampling().equals("discrete");
                    if (discrete) {
                        contexts.add(TrainingContext.of(contexts.size(), x));
                    }
                    points.add(point(base.name(), mbps, discrete, discrete ? contexts.size() - 1 : -1, x, exact));
                }
            }
            for (double mbps : spec.evalMbps()) {
                boolean duplicate = points.stream().anyMatch(p -> p.base().equals(base.name()) && p.mbps() == mbps);
                if (!duplicate) {
                    points.add(point(base.name(), mbps, false, -1, TrainingContext.atBandwidth(base, mbps), exact));
                }
            }
        }
        List<String> baseOrder = instances.stream().map(MultiExitInstance::name).toList();
        points.sort(java.util.Comparator.comparingInt((Point p) -> baseOrder.indexOf(p.base()))
                .thenComparingDouble(Point::mbps));
        TrainingContext.Sampler sampler = spec.sampling().equals("discrete") ? TrainingContext.Sampler.uniform(contexts)
                : TrainingContext.Sampler.logUniformBandwidth(instances,
                        spec.trainMbps().stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                        spec.trainMbps().stream().mapToDouble(Double::doubleValue).max().orElseThrow());
        int[] pointOfContext = new int[contexts.size()];
        Arrays.fill(pointOfContext, -1);
        for (int p = 0; p < points.size(); p++) {
            if (points.get(p).contextId() >= 0) {
                pointOfContext[points.get(p).contextId()] = p;
            }
        }
        List<CurveRow> curve = new ArrayList<>();
        List<double[]> batches = new ArrayList<>();
        double[] windowSum = new double[points.size()];
        int[] windowCount = new int[points.size()];
        double[] evalSeconds = new double[1];
        long updatesPlanned = (spec.episodes() + spec.config().batchEpisodes() - 1) / spec.config().batchEpisodes();
        SplitTrainer.Listener listener = (progress, policy) -> {
            PpoTrainer.Progress update = progress.update();
            batches.add(new double[] {update.episodes(), progress.meanRelativeCost(), update.entropy()});
            for (int b = 0; b < progress.costs().length; b++) {
                int id = progress.contextIds()[b];
                if (id >= 0 && pointOfContext[id] >= 0) {
                    windowSum[pointOfContext[id]] += progress.costs()[b];
                    windowCount[pointOfContext[id]]++;
                }
            }
            boolean last = update.update() == updatesPlanned;
            if (update.update() % spec.checkpointEvery() != 0 && !last) {
                return;
            }
            long t0 = System.nanoTime();
            double[] gaps = new double[points.size()];
            for (int p = 0; p < points.size(); p++) {
                Point pt = points.get(p);
                double greedy = MultiExitEvaluator.evaluate(pt.instance(), policy.plan(pt.instance())).objective();
                double sampled = windowCount[p] > 0 ? windowSum[p] / windowCount[p] : Double.NaN;
                curve.add(new CurveRow(update.episodes(), update.seconds(), p, sampled, greedy));
                gaps[p] = (greedy - pt.optimum()) / pt.optimum();
                windowSum[p] = 0;
                windowCount[p] = 0;
            }
            evalSeconds[0] += (System.nanoTime() - t0) / 1e9;
            log.accept(String.format(Locale.ROOT,
                    "episodes %8d  %6.1f s  sampled cost/device-only %.4f  entropy %.3f  greedy gap: seen max %s,"
                            + " unseen max %s", update.episodes(), update.seconds(), progress.meanRelativeCost(),
                    update.entropy(), percent(max(points, gaps, true)), percent(max(points, gaps, false))));
        };
        Deadline deadline = Deadline.after(spec.timeLimitSeconds());
        SplitTrainer.Result result = SplitTrainer.train(spec.variant(), family, sampler, spec.config(), spec.seed(),
                spec.episodes(), deadline, listener, spec.trainMbps(), spec.trainMbps().isEmpty() ? "instances"
                        : spec.sampling());
        if (result.run().stoppedByDeadline() && (curve.isEmpty()
                || curve.get(curve.size() - 1).episode() != result.run().episodes())) {
            // The last update was not a checkpoint: measure the final policy too.
            for (int p = 0; p < points.size(); p++) {
                Point pt = points.get(p);
                double greedy = MultiExitEvaluator.evaluate(pt.instance(), result.policy().plan(pt.instance()))
                        .objective();
                curve.add(new CurveRow(result.run().episodes(), result.run().wallSeconds(), p, Double.NaN, greedy));
            }
        }
        List<FinalRow> finals = new ArrayList<>();
        for (Point pt : points) {
            MultiExitPlan plan = result.policy().plan(pt.instance());
            finals.add(new FinalRow(pt, plan, MultiExitEvaluator.evaluate(pt.instance(), plan).objective()));
        }
        return new Outcome(spec, result.policy(), result, points, curve, batches, finals, evalSeconds[0]);
    }

    private static double max(List<Point> points, double[] gaps, boolean seen) {
        double m = Double.NaN;
        for (int p = 0; p < points.size(); p++) {
            if (points.get(p).seen() == seen) {
                m = Double.isNaN(m) ? gaps[p] : Math.max(m, gaps[p]);
            }
        }
        return m;
    }

    private static Point point(String base, double mbps, boolean seen, int contextId, MultiExitInstance x,
                               SolverSettings settings) {
        SolveResult<MultiExitPlan> r = new MultiExitBranchAndBoundSolver().solve(x, settings);
        return new Point(base, mbps, seen, contextId, x, r.solverObjective(), r.status());
    }

    /** Every device's bandwidth in Mbit/s when they agree, else NaN. */
    static double uniformMbps(MultiExitInstance x) {
        double b = x.devices().get(0).bandwidthBitsPerSecond();
        for (Device d : x.devices()) {
            if (d.bandwidthBitsPerSecond() != b) {
                return Double.NaN;
            }
        }
        return b / 1e6;
    }

    /** A percentage with two decimals, "-" for NaN; rounding noise below 0.005 % prints as 0.00 %, not -0.00 %. */
    public static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "-";
        }
        double rounded = Math.round(fraction * 1e4) / 1e2 + 0.0;
        return String.format(Locale.ROOT, "%.2f %%", rounded);
    }

    static String mbpsText(double mbps) {
        return mbps == Math.rint(mbps) ? String.valueOf((long) mbps) : String.valueOf(mbps);
    }

    /** The learning curve as CSV: one row per checkpoint and point. */
    public static String curveCsv(Outcome o) {
        StringBuilder sb = new StringBuilder(
                "episode,seconds,instance,bandwidthMbps,seenInTraining,meanSampledCost,greedyCost,optimum,optimumStatus,"
                        + "greedyGapPercent\n");
        for (CurveRow r : o.curve()) {
            Point p = o.points().get(r.point());
            sb.append(r.episode()).append(',').append(num(r.seconds())).append(',').append(p.base()).append(',')
                    .append(num(p.mbps())).append(',').append(p.seen()).append(',').append(num(r.sampledCost()))
                    .append(',').append(num(r.greedyCost())).append(',').append(num(p.optimum())).append(',')
                    .append(p.optimumStatus().label()).append(',')
                    .append(num(100 * (r.greedyCost() - p.optimum()) / p.optimum())).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
