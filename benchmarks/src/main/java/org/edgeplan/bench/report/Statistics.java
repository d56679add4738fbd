package org.edgeplan.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.RunRecord;

/**
 * The numbers of a batch: per run its primal gap, time to target and primal integral; per (problem, solver) the
 * summary; per pair of solvers a paired test; per instance the reference and each solver's best; and the runs that
 * contradict a known value (bugs).
 *
 * <p>Conventions (all minimisation):
 * <ul>
 *   <li>Reference of an instance: a proven best-known optimum when there is one; else the better of the unproven
 *       best-known value and the batch's best plan; else the batch's best plan. Runs of instances without any known
 *       plan have no gap.</li>
 *   <li>Primal gap {@code (objective − reference) / |reference|}, uncapped; a run without a plan counts with gap 1
 *       (100 %), the convention of Berthold's primal gap. A plan more than twice the reference therefore ranks below
 *       no plan; read the gap columns together with the plan share.</li>
 *   <li>Mean gap with a Student-t 95 % interval; median gap with a distribution-free order-statistic interval.</li>
 *   <li>Wall time summarised by the shifted geometric mean with shift {@value #TIME_SHIFT_SECONDS} s.</li>
 *   <li>Time to target: first incumbent within {@value #TARGET_GAP} (relative) of the reference.</li>
 *   <li>Primal integral over [0, time limit], gap capped to [0, 1], 1 before the first incumbent, divided by the
 *       time limit.</li>
 * </ul>
 */
public final class Statistics {
    /** Relative gap that counts as "reached" for the time to target and the performance profile. */
    public static final double TARGET_GAP = 0.01;
    /** Shift of the shifted geometric mean of wall times, in seconds. */
    public static final double TIME_SHIFT_SECONDS = 1.0;
    /** Confidence level of the intervals. */
    public static final double CONFIDENCE = 0.95;
    /** A plan below a proven optimum by more than this (relative) is a bug; so is a bound above a known plan. */
    public static final double BEAT_TOLERANCE = 1e-6;
    /**
     * An optimality claim is refuted when a known plan is better by more than this (relative): looser than
     * {@link #BEAT_TOLERANCE} because MIP solvers stop at a relative gap of about 1e-4 by default.
     */
    public static final double OPTIMAL_CLAIM_TOLERANCE = 1e-4;

    private final List<RunStats> runs;
    private final List<SolverSummary> solvers;
    private final List<PairedComparison> comparisons;
    private final List<InstanceSummary> instances;
    private final List<SuspectRun> suspects;

    private Statistics(List<RunStats> runs, List<SolverSummary> solvers, List<PairedComparison> comparisons,
                       List<InstanceSummary> instances, List<SuspectRun> suspects) {
        this.runs = List.copyOf(runs);
        this.solvers = List.copyOf(solvers);
        this.comparisons = List.copyOf(comparisons);
        this.instances = List.copyOf(instances);
        this.suspects = List.copyOf(suspects);
    }

    /**
     * Computes everything.
     *
     * @param records   the batch's runs, in any order
     * @param bestKnown best-known entries by instance content hash (may be empty)
     */
    public static Statistics of(List<RunRecord> records, Map<String, BestKnown> bestKnown) {
        return of(records, bestKnown, List.of());
    }

    /**
     * Computes everything, with runs kept out of the records because they beat a proven optimum.
     *
     * <p>Instances are told apart by name and content hash: two instances of one name with different hashes are
     * reported as two, their names followed by the first digits of their hashes ({@code pipeline-medium [84709d4e]}),
     * each with its own reference value.
     *
     * @param records     the batch's runs, in any order
     * @param bestKnown   best-known entries by instance content hash (may be empty)
     * @param quarantined runs of the batch kept in {@code suspect.jsonl}: listed among the suspects, left out of
     *                    every statistic
     */
    public static Statistics of(List<RunRecord> records, Map<String, BestKnown> bestKnown,
                                List<RunRecord> quarantined) {
        List<RunRecord> all = new ArrayList<>(records);
        all.addAll(quarantined);
        Map<String, String> labels = labels(all);
        records = relabel(records, labels);
        quarantined = relabel(quarantined, labels);
        Map<String, List<RunRecord>> byInstance = new TreeMap<>();
        for (RunRecord r : records) {
            byInstance.computeIfAbsent(instanceName(r), k -> new ArrayList<>()).add(r);
        }
        Map<String, InstanceSummary> instanceSummaries = new LinkedHashMap<>();
        List<SuspectRun> suspects = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> e : byInstance.entrySet()) {
            InstanceSummary s = summarise(e.getKey(), e.getValue(), lookup(bestKnown, e.getValue().get(0)));
            instanceSummaries.put(e.getKey(), s);
            suspects.addAll(suspects(s, e.getValue()));
        }
        for (RunRecord r : quarantined) {
            BestKnown bk = lookup(bestKnown, r);
            suspects.add(new SuspectRun(instanceName(r), r.solver(), r.seed(), "beats proven optimum",
                    "objective " + precise(r.objective()) + (bk != null && bk.proven() ? " below the proven optimum "
                            + precise(bk.objective()) + " (" + bk.solver() + ", " + bk.source() + ")" : "")
                            + "; kept in suspect.jsonl, left out of the statistics"));
        }
        List<RunStats> runStats = new ArrayList<>();
        for (RunRecord r : records) {
            runStats.add(measure(r, instanceSummaries.get(instanceName(r)).reference()));
        }
        Map<String, Map<String, List<RunStats>>> byProblemSolver = new TreeMap<>();
        for (RunStats s : runStats) {
            byProblemSolver.computeIfAbsent(s.run().problem(), k -> new TreeMap<>())
                    .computeIfAbsent(s.run().solver(), k -> new ArrayList<>()).add(s);
        }
        List<SolverSummary> solverSummaries = new ArrayList<>();
        List<PairedComparison> comparisons = new ArrayList<>();
        byProblemSolver.forEach((problem, bySolver) -> {
            bySolver.forEach((solver, list) -> solverSummaries.add(summarise(problem, solver, list)));
            List<String> names = new ArrayList<>(bySolver.keySet());
            for (int i = 0; i < names.size(); i++) {
                for (int j = i + 1; j < names.size(); j++) {
                    PairedComparison c = compare(problem, names.get(i), bySolver.get(names.get(i)), names.get(j),
                            bySolver.get(names.get(j)));
                    if (c != null) {
                        comparisons.add(c);
                    }
                }
            }
        });
        return new Statistics(runStats, solverSummaries, comparisons, new ArrayList<>(instanceSummaries.values()),
                suspects);
    }

    /** The record's instance name, or its file when the record has no name. */
    static String instanceName(RunRecord r) {
        return r.instance() == null || r.instance().isEmpty() ? r.instanceFile() : r.instance();
    }

    /** The best-known entry of a record's instance: by content hash, never by name alone. */
    private static BestKnown lookup(Map<String, BestKnown> bestKnown, RunRecord r) {
        return r.instanceHash().isEmpty() ? null : bestKnown.get(r.instanceHash());
    }

    /**
     * Display names: the instance name, followed by the first hash digits ({@code [no hash]} for records without
     * one) when the batch holds that name with more than one hash.
     */
    private static Map<String, String> labels(List<RunRecord> records) {
        Map<String, Set<String>> hashesByName = new TreeMap<>();
        for (RunRecord r : records) {
            hashesByName.computeIfAbsent(instanceName(r), k -> new TreeSet<>()).add(r.instanceHash());
        }
        Map<String, String> labels = new TreeMap<>();
        for (RunRecord r : records) {
            String name = instanceName(r);
            if (hashesByName.get(name).size() > 1) {
                labels.put(name + "\u0000" + r.instanceHash(), name + " [" + (r.instanceHash().isEmpty() ? "no hash"
                        : BestKnown.shortHash(r.instanceHash())) + "]");
            }
        }
        return labels;
    }

    private static List<RunRecord> relabel(List<RunRecord> records, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return records;
        }
        List<RunRecord> out = new ArrayList<>(records.size());
        for (RunRecord r : records) {
            String label = labels.get(instanceName(r) + "\u0000" + r.instanceHash());
            out.add(label == null ? r : new RunRecord(r.suite(), r.instanceFile(), r.processors(), label, r.problem(),
                    r.features(), r.solver(), r.seed(), r.timeLimitSeconds(), r.threads(), r.status(), r.objective(),
                    r.solverObjective(), r.bound(), r.wallSeconds(), r.cpuSeconds(), r.peakMemoryBytes(),
                    r.trajectory(), r.message(), r.codeVersion(), r.machine(), r.startedAt(), r.scope(),
                    r.instanceHash()));
        }
        return out;
    }

    private static boolean hasPlan(RunRecord r) {
        return r.hasPlan() && Double.isFinite(r.objective());
    }

    private static InstanceSummary summarise(String instance, List<RunRecord> runs, BestKnown bestKnown) {
        double batchBest = runs.stream().filter(Statistics::hasPlan).mapToDouble(RunRecord::objective).min()
                .orElse(Double.NaN);
        double reference;
        String kind;
        if (bestKnown != null && Double.isFinite(bestKnown.objective()) && bestKnown.proven()) {
            reference = bestKnown.objective();
            kind = "proven optimum";
        } else if (bestKnown != null && Double.isFinite(bestKnown.objective())) {
            boolean improved = batchBest < bestKnown.objective();
            reference = improved ? batchBest : bestKnown.objective();
            kind = improved ? "improved" : "best known";
        } else if (Double.isFinite(batchBest)) {
            reference = batchBest;
            kind = "batch best";
        } else {
            reference = Double.NaN;
            kind = "none";
        }
        Map<String, Double> best = new TreeMap<>();
        for (RunRecord r : runs) {
            double value = hasPlan(r) ? r.objective() : Double.NaN;
            best.merge(r.solver(), value, (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b));
        }
        Map<String, Double> gaps = new TreeMap<>();
        best.forEach((solver, value) -> gaps.put(solver, PrimalMeasures.gap(value, reference)));
        boolean proven = runs.stream().anyMatch(r -> r.provenOptimal() && hasPlan(r));
        double bound = Double.NaN;
        String boundSource = "";
        if (bestKnown != null && Double.isFinite(bestKnown.bound())) {
            bound = bestKnown.bound();
            boundSource = bestKnown.source();
        }
        for (RunRecord r : runs) {
            if (!r.scoped() && Double.isFinite(r.bound()) && !(r.bound() <= bound)) {
                bound = r.bound();
                boundSource = r.solver() + " seed " + r.seed();
            }
        }
        return new InstanceSummary(instance, runs.get(0).problem(), bestKnown, batchBest, reference, kind, proven,
                Collections.unmodifiableMap(best), Collections.unmodifiableMap(gaps), bound, boundSource);
    }

    private static List<SuspectRun> suspects(InstanceSummary s, List<RunRecord> runs) {
        List<SuspectRun> out = new ArrayList<>();
        BestKnown bk = s.bestKnown();
        boolean provenKnown = bk != null && bk.proven() && Double.isFinite(bk.objective());
        List<RunRecord> beaters = new ArrayList<>();
        for (RunRecord r : runs) {
            if (hasPlan(r) && provenKnown
                    && r.objective() < bk.objective() - BEAT_TOLERANCE * Math.abs(bk.objective())) {
                beaters.add(r);
                out.add(new SuspectRun(s.instance(), r.solver(), r.seed(), "beats proven optimum",
                        "objective " + precise(r.objective()) + " below the proven optimum "
                                + precise(bk.objective()) + " (" + bk.solver() + ", " + bk.source() + ")"));
            }
        }
        // The best plan known from anywhere, and who has it, for the other checks. Plans already flagged for beating
        // a proven optimum are left out, so that one bad plan does not also flag every correct proof.
        double knownPlan = Double.NaN;
        String knownBy = "";
        for (RunRecord r : runs) {
            if (hasPlan(r) && !beaters.contains(r) && !(r.objective() >= knownPlan)) {
                knownPlan = r.objective();
                knownBy = r.solver() + " seed " + r.seed();
            }
        }
        if (bk != null && Double.isFinite(bk.objective()) && !(knownPlan <= bk.objective())) {
            knownPlan = bk.objective();
            knownBy = "the best-known file (" + bk.solver() + ")";
        }
        for (RunRecord r : runs) {
            String name = s.instance();
            double plan = knownPlan;
            String by = knownBy;
            if (r.scoped()) {
                // A proof for a restricted problem (e.g. a fixed exit set) is checked only against plans under the
                // same restriction: plans outside it may legitimately be better.
                plan = Double.NaN;
                for (RunRecord o : runs) {
                    if (hasPlan(o) && !beaters.contains(o) && o.scope().equals(r.scope()) && !(o.objective() >= plan)) {
                        plan = o.objective();
                        by = o.solver() + " seed " + o.seed() + " (" + r.scope() + ")";
                    }
                }
            }
            if (Double.isFinite(r.bound()) && Double.isFinite(plan)
                    && r.bound() > plan + BEAT_TOLERANCE * Math.abs(plan)) {
                out.add(new SuspectRun(name, r.solver(), r.seed(), "bound above a known plan",
                        "lower bound " + precise(r.bound()) + " above the plan " + precise(plan) + " of " + by));
            }
            if (r.status().equals("optimal") && hasPlan(r) && Double.isFinite(plan)
                    && r.objective() > plan + OPTIMAL_CLAIM_TOLERANCE * Math.abs(plan)) {
                out.add(new SuspectRun(name, r.solver(), r.seed(), "optimality claim refuted",
                        "claims optimal with " + precise(r.objective()) + " but " + by + " has " + precise(plan)));
            }
        }
        return out;
    }

    /** Ten significant digits: enough to see why two numbers contradict each other. */
    private static String precise(double value) {
        return Format.significant(value, 10);
    }

    private static RunStats measure(RunRecord r, double reference) {
        double objective = hasPlan(r) ? r.objective() : Double.NaN;
        double gap = PrimalMeasures.gap(objective, reference);
        double ttt = PrimalMeasures.timeToTarget(r.trajectory(), objective, r.wallSeconds(), reference, TARGET_GAP);
        double horizon = r.timeLimitSeconds() > 0 && Double.isFinite(r.timeLimitSeconds()) ? r.timeLimitSeconds()
                : r.wallSeconds();
        double integral = PrimalMeasures.primalIntegral(hasPlan(r) ? r.trajectory() : List.of(), objective,
                r.wallSeconds(), reference, horizon);
        return new RunStats(r, reference, gap, ttt, integral);
    }

    private static SolverSummary summarise(String problem, String solver, List<RunStats> list) {
        int withPlan = (int) list.stream().filter(RunStats::hasPlan).count();
        int optimal = (int) list.stream().filter(s -> s.run().provenOptimal()).count();
        List<RunStats> measured = list.stream().filter(s -> !Double.isNaN(s.gap())).toList();
        double[] gaps = measured.stream().mapToDouble(RunStats::gap).toArray();
        double[] walls = list.stream().mapToDouble(s -> s.run().wallSeconds()).filter(Double::isFinite).toArray();
        double[] ttt = measured.stream().mapToDouble(RunStats::timeToTarget).toArray();
        int reached = (int) measured.stream().filter(s -> Double.isFinite(s.timeToTarget())).count();
        double[] integrals = list.stream().mapToDouble(RunStats::primalIntegral).filter(Double::isFinite).toArray();
        return new SolverSummary(problem, solver, list.size(), withPlan, optimal, gaps.length,
                Estimators.mean(gaps), Estimators.meanInterval(gaps, CONFIDENCE), Estimators.median(gaps),
                Estimators.medianInterval(gaps, CONFIDENCE),
                Estimators.shiftedGeometricMean(walls, TIME_SHIFT_SECONDS), reached, Estimators.median(ttt),
                Estimators.mean(integrals));
    }

    private static PairedComparison compare(String problem, String a, List<RunStats> runsA, String b,
                                            List<RunStats> runsB) {
        Map<String, Double> gapsA = gapsByInstanceSeed(runsA);
        Map<String, Double> gapsB = gapsByInstanceSeed(runsB);
        List<Double> xa = new ArrayList<>();
        List<Double> xb = new ArrayList<>();
        for (Map.Entry<String, Double> e : gapsA.entrySet()) {
            Double other = gapsB.get(e.getKey());
            if (other != null) {
                xa.add(e.getValue());
                xb.add(other);
            }
        }
        if (xa.isEmpty()) {
            return null;
        }
        double[] da = xa.stream().mapToDouble(Double::doubleValue).toArray();
        double[] db = xb.stream().mapToDouble(Double::doubleValue).toArray();
        double[] diff = new double[da.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = da[i] - db[i];
        }
        double[] test = Estimators.wilcoxonSignedRank(da, db);
        return new PairedComparison(problem, a, b, da.length, Estimators.median(diff), test[0], test[1]);
    }

    /** Gap per (instance, seed), the first run of each pair when a batch holds several (other time limits). */
    private static Map<String, Double> gapsByInstanceSeed(List<RunStats> runs) {
        Map<String, Double> out = new TreeMap<>();
        for (RunStats s : runs) {
            if (!Double.isNaN(s.gap())) {
                out.putIfAbsent(instanceName(s.run()) + "\u0000" + s.run().seed(), s.gap());
            }
        }
        return out;
    }

    /** Every run with its measures, in the order given. */
    public List<RunStats> runs() {
        return runs;
    }

    /** One summary per (problem, solver), sorted by problem, then solver. */
    public List<SolverSummary> solvers() {
        return solvers;
    }

    /** One paired test per pair of solvers of a problem with common (instance, seed) pairs. */
    public List<PairedComparison> comparisons() {
        return comparisons;
    }

    /** One row per instance, sorted by name. */
    public List<InstanceSummary> instances() {
        return instances;
    }

    /** Runs that contradict a known value: bugs to look at. Empty when all is consistent. */
    public List<SuspectRun> suspects() {
        return suspects;
    }

    /** The problems present, sorted. */
    public List<String> problems() {
        Set<String> out = new TreeSet<>();
        runs.forEach(s -> out.add(s.run().problem()));
        return List.copyOf(out);
    }

    /** The distinct code versions of the runs (more than one after resuming on newer code). */
    public List<String> codeVersions() {
        Set<String> out = new TreeSet<>();
        runs.forEach(s -> out.add(s.run().codeVersion()));
        return List.copyOf(out);
    }

    /** The distinct machines of the runs, each as {@code key=value} pairs. */
    public List<String> machines() {
        Set<String> out = new LinkedHashSet<>();
        for (RunStats s : runs) {
            StringBuilder sb = new StringBuilder();
            s.run().machine().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            out.add(sb.toString());
        }
        return List.copyOf(new TreeSet<>(out));
    }

    /** The distinct suite names of the runs. */
    public List<String> suites() {
        Set<String> out = new TreeSet<>();
        runs.forEach(s -> out.add(s.run().suite()));
        return List.copyOf(out);
    }
}
