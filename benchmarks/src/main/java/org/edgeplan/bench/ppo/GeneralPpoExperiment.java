package org.edgeplan.bench.ppo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.exact.JointExitSplitSolver;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.multiexit.exits.AntColonyExitSetting;
import org.edgeplan.multiexit.instances.NetworkFamilies;
import org.edgeplan.multiexit.ppo.GeneralPolicy;
import org.edgeplan.multiexit.ppo.GeneralScenarios;
import org.edgeplan.multiexit.ppo.GeneralTrainer;
import org.edgeplan.multiexit.ppo.PpoGeneralSolver;
import org.edgeplan.rl.PpoConfig;

/**
 * Trains the generalising policy ({@code ppo-general}) once on sampled scenarios of one network family and measures it
 * on held-out members of the family (other seeds, so other device mixes and bandwidths; device counts it never saw)
 * against the proven optima: {@code exact-bb} for the instance's exit set and {@code exact-joint} over all exit sets,
 * with the baselines on the same instances. What {@code edgeplan train-ppo --variant general} runs.
 */
public final class GeneralPpoExperiment {
    /** The row of the policy applied with ACO's exit set instead of the instance's. */
    public static final String ACO_EXITS_ROW = "ppo-general on ACO exits";

    private GeneralPpoExperiment() {
    }

    /**
     * What to train and evaluate.
     *
     * @param family            the network family trained on ({@link NetworkFamilies#FAMILIES})
     * @param evalFamily        the family (of the same network) whose members are the held-out instances
     * @param minDevices        least M in training
     * @param maxDevices        largest M in training
     * @param minMbps           bandwidth mixes in training are drawn within [minMbps, maxMbps]
     * @param maxMbps           see minMbps
     * @param evalDevices       device counts of the held-out instances
     * @param evalSeeds         seeds of the held-out instances ({@link NetworkFamilies#generate}), per device count
     * @param randomExits       whether the held-out instances get a random exit set (each split point but the last
     *                          with probability 1/2, from {@code new SplittableRandom(seed + 7919 M)}) instead of the
     *                          family's
     * @param baselines         solver names run on the held-out instances
     * @param rlBaselineDevices largest M at which the fixed-size RL baselines ({@code ppo}, {@code ppo-shares},
     *                          {@code aco-drl}) run (they train in-process per instance)
     * @param baselineSeconds   time limit of each baseline run
     * @param config            hyper-parameters
     * @param seed              seed of training
     * @param episodes          episode budget
     * @param timeLimitSeconds  training stops at this even before the budget (and says so)
     * @param checkpointEvery   evaluate the greedy policy on the held-out set every this many updates
     */
    public record Spec(NetworkFamilies.Family family, NetworkFamilies.Family evalFamily, int minDevices, int maxDevices, double minMbps, double maxMbps,
                       List<Integer> evalDevices, List<Long> evalSeeds, boolean randomExits, List<String> baselines, int rlBaselineDevices,
                       double baselineSeconds, PpoConfig config, long seed, long episodes, double timeLimitSeconds,
                       int checkpointEvery) {
        public Spec {
            evalDevices = List.copyOf(evalDevices);
            evalSeeds = List.copyOf(evalSeeds);
            baselines = List.copyOf(baselines);
            if (episodes < 1 || checkpointEvery < 1) {
                throw new InvalidInputException("episodes and checkpoint interval must be at least 1");
            }
            for (int m : evalDevices) {
                if (m < 1 || m > NetworkFamilies.MAX_DEVICES) {
                    throw new InvalidInputException("evaluation device counts must lie in 1.."
                            + NetworkFamilies.MAX_DEVICES + ", got " + m);
                }
            }
        }

        /** The scenarios in words (recorded in the policy). */
        public String scenarios() {
            return String.format(Locale.ROOT, "family %s: M uniform in %d..%d, bandwidth mixes within %s-%s Mbit/s,"
                            + " device mixes over %s, exit sets: the family's default or random (1/2 each)",
                    family.name(), minDevices, maxDevices, num(minMbps), num(maxMbps),
                    family.deviceClasses().stream().map(c -> c.label()).toList());
        }
    }

    /** A held-out instance with its proven references. */
    public record Held(MultiExitInstance instance, double exactBb, SolveStatus exactBbStatus, double exactJoint,
                       SolveStatus exactJointStatus) {
    }

    /** One solver's plan on a held-out instance. */
    public record Row(Held held, String solver, double objective, double seconds, String note) {
        public double gapBb() {
            return objective / held.exactBb - 1;
        }

        public double gapJoint() {
            return objective / held.exactJoint - 1;
        }
    }

    /** A checkpoint of the learning curve. */
    public record Checkpoint(long episodes, double seconds, double meanRelativeCost, double entropy,
                             Map<Integer, double[]> gapsByDevices) {
    }

    /** Everything measured. */
    public record Outcome(Spec spec, GeneralTrainer.Result training, List<Held> held, List<Checkpoint> curve,
                          List<Row> rows, double evaluationSeconds) {
    }

    /** Held-out instances and their references, then training with checkpoints, then the final rows. */
    public static Outcome run(Spec spec, Consumer<String> log) {
        List<Held> held = new ArrayList<>();
        for (int m : spec.evalDevices()) {
            for (long s : spec.evalSeeds()) {
                MultiExitInstance x = NetworkFamilies.generate(spec.evalFamily(), m, s);
                if (spec.randomExits()) {
                    x = x.withDefaultExits(randomExits(x.layerCount(), new java.util.SplittableRandom(s + 7919L * m)));
                }
                SolveResult<MultiExitPlan> bb = new MultiExitBranchAndBoundSolver().solve(x,
                        new SolverSettings(600, 0, 1), Deadline.after(600));
                SolveResult<MultiExitPlan> joint = new JointExitSplitSolver().solve(x, new SolverSettings(600, 0, 1),
                        Deadline.after(600));
                held.add(new Held(x, evaluate(x, bb.plan()), bb.status(), evaluate(x, joint.plan()), joint.status()));
            }
        }
        log.accept(String.format(Locale.ROOT, "held-out: %d instances of %s (M %s, seeds %s, %s exit sets),"
                + " references by exact-bb and exact-joint", held.size(), spec.evalFamily().name(), spec.evalDevices(),
                spec.evalSeeds(), spec.randomExits() ? "random" : "the family's"));
        MultiExitInstance example = NetworkFamilies.generate(spec.family(), spec.minDevices(), spec.seed());
        List<Checkpoint> curve = new ArrayList<>();
        double[] evalSeconds = {0};
        GeneralTrainer.Result training = GeneralTrainer.train(example, GeneralScenarios.family(spec.family(),
                spec.minDevices(), spec.maxDevices(), spec.minMbps(), spec.maxMbps()), spec.scenarios(),
                spec.config(), spec.seed(), spec.episodes(), Deadline.after(spec.timeLimitSeconds()),
                (progress, meanRelativeCost, policy) -> {
                    boolean last = progress.episodes() >= spec.episodes();
                    if (progress.update() % spec.checkpointEvery() != 0 && !last) {
                        return;
                    }
                    long t0 = System.nanoTime();
                    Map<Integer, double[]> gaps = gaps(policy, held, spec.evalDevices());
                    evalSeconds[0] += (System.nanoTime() - t0) / 1e9;
                    Checkpoint c = new Checkpoint(progress.episodes(), progress.seconds(), meanRelativeCost,
                            progress.entropy(), gaps);
                    curve.add(c);
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "episodes %6d  %6.1f s  sampled cost/device-only %.4f  entropy %.3f", c.episodes(),
                            c.seconds(), c.meanRelativeCost(), c.entropy()));
                    for (var e : gaps.entrySet()) {
                        line.append(String.format(Locale.ROOT, "  M=%d median %s p95 %s", e.getKey(),
                                PpoExperiment.percent(quantile(e.getValue(), 0.5)),
                                PpoExperiment.percent(quantile(e.getValue(), 0.95))));
                    }
                    log.accept(line.toString());
                });
        List<Row> rows = new ArrayList<>();
        PpoGeneralSolver solver = PpoGeneralSolver.of(training.policy(), "trained");
        for (Held h : held) {
            rows.add(row(h, solver, spec.baselineSeconds()));
        }
        // The policy decides splits for any exit set: with ACO's exits (the exit step of aco-ear, aco-bb, aco-drl) it
        // answers the joint problem; compared with exact-joint (the ACO set is the optimal one on these families).
        for (Held h : held) {
            long t0 = System.nanoTime();
            MultiExitInstance onAco = h.instance().withDefaultExits(new AntColonyExitSetting().choose(h.instance(), 0));
            MultiExitPlan plan = training.policy().plan(onAco);
            rows.add(new Row(h, ACO_EXITS_ROW, evaluate(h.instance(), plan), (System.nanoTime() - t0) / 1e9,
                    "ACO exits " + onAco.defaultExits().layers()));
        }
        SolverRegistry registry = SolverRegistry.load();
        for (String name : spec.baselines()) {
            Solver<?, ?> baseline = registry.find(ProblemKind.MULTI_EXIT, name);
            boolean rl = name.equals("ppo") || name.equals("ppo-shares") || name.equals("aco-drl")
                    || name.equals("ppo-general");
            for (Held h : held) {
                if (rl && h.instance().deviceCount() > spec.rlBaselineDevices()) {
                    continue;
                }
                rows.add(row(h, baseline, spec.baselineSeconds()));
                log.accept(String.format(Locale.ROOT, "  %s on %s done", name, h.instance().name()));
            }
        }
        return new Outcome(spec, training, held, curve, rows, evalSeconds[0]);
    }

    private static org.edgeplan.multiexit.ExitSet randomExits(int n, java.util.SplittableRandom random) {
        List<Integer> layers = new ArrayList<>();
        for (int j = 1; j < n; j++) {
            if (random.nextBoolean()) {
                layers.add(j);
            }
        }
        layers.add(n);
        return org.edgeplan.multiexit.ExitSet.ofExactly(n, layers);
    }

    private static double evaluate(MultiExitInstance x, MultiExitPlan plan) {
        return MultiExitEvaluator.evaluate(x, plan).objective();
    }

    private static Row row(Held h, Solver<?, ?> solver, double seconds) {
        long t0 = System.nanoTime();
        SolveResult<?> r = solver.solveAny(h.instance(), new SolverSettings(seconds, 0, 1));
        double wall = (System.nanoTime() - t0) / 1e9;
        double objective = r.plan() == null ? Double.NaN : MultiExitEvaluator.evaluate(h.instance(),
                (MultiExitPlan) r.plan()).objective();
        return new Row(h, solver.name(), objective, wall, r.message() == null ? "" : r.message());
    }

    private static Map<Integer, double[]> gaps(GeneralPolicy policy, List<Held> held, List<Integer> devices) {
        Map<Integer, double[]> out = new LinkedHashMap<>();
        for (int m : devices) {
            List<Held> of = held.stream().filter(h -> h.instance().deviceCount() == m).toList();
            double[] g = new double[of.size()];
            for (int k = 0; k < g.length; k++) {
                Held h = of.get(k);
                g[k] = evaluate(h.instance(), policy.plan(h.instance())) / h.exactBb() - 1;
            }
            out.put(m, g);
        }
        return out;
    }

    /** The q-quantile by the nearest-rank rule (q = 0.5: the median of an odd count, the upper middle otherwise). */
    public static double quantile(double[] values, double q) {
        double[] s = values.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** The learning curve as CSV: one row per checkpoint and held-out device count. */
    public static String curveCsv(Outcome o) {
        StringBuilder b = new StringBuilder("episode,seconds,meanSampledCostOverDeviceOnly,entropy,devices,"
                + "medianGapPercent,p95GapPercent,maxGapPercent\n");
        for (Checkpoint c : o.curve()) {
            for (var e : c.gapsByDevices().entrySet()) {
                b.append(String.format(Locale.ROOT, "%d,%.3f,%.6f,%.6f,%d,%.6f,%.6f,%.6f%n", c.episodes(),
                        c.seconds(), c.meanRelativeCost(), c.entropy(), e.getKey(),
                        100 * quantile(e.getValue(), 0.5), 100 * quantile(e.getValue(), 0.95),
                        100 * quantile(e.getValue(), 1.0)));
            }
        }
        return b.toString();
    }

    /** Every solver's plan on every held-out instance as CSV. */
    public static String rowsCsv(Outcome o) {
        StringBuilder b = new StringBuilder("instance,devices,solver,objective,exactBb,exactBbStatus,exactJoint,"
                + "exactJointStatus,gapBbPercent,gapJointPercent,seconds\n");
        for (Row r : o.rows()) {
            Held h = r.held();
            b.append(String.format(Locale.ROOT, "%s,%d,%s,%.9g,%.9g,%s,%.9g,%s,%.6f,%.6f,%.3f%n",
                    h.instance().name(), h.instance().deviceCount(), r.solver(), r.objective(), h.exactBb(),
                    h.exactBbStatus().label(), h.exactJoint(), h.exactJointStatus().label(), 100 * r.gapBb(),
                    100 * r.gapJoint(), r.seconds()));
        }
        return b.toString();
    }
}
