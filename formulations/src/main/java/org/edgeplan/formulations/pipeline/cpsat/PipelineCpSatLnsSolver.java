package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.ortools.Loader;
import com.google.ortools.sat.ConstraintProto;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpObjectiveProto;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.LinearConstraintProto;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.PipelineIncumbent;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.bounds.LagrangianSolver;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;
import org.edgeplan.pipeline.bounds.ReleaseGroupBound;
import org.edgeplan.pipeline.heuristics.RequestPlacementDescent;

/**
 * Problem B by large-neighbourhood search on CP-SAT ({@code cp-sat-lns}), an outer loop of EdgePlan's own (it
 * controls the neighbourhoods, their sizes and determinism; CP-SAT's internal LNS workers need more workers than one
 * thread gives). First CP-SAT runs on the whole model ({@link PipelineCpSatSolver}) for a share of the time
 * ({@link Options#wholeModelFraction()}): on small instances it proves the optimum or infeasibility and the search
 * ends there; otherwise it leaves its bound and possibly a better start than the best heuristic plan
 * ({@link PipelineIncumbent}). Then the search repeatedly frees a neighbourhood of the incumbent
 * ({@link Neighbourhoods}: random requests, endpoints, a time window, a stretch of two nodes' queues, the critical
 * requests, or a window's queue order alone) and lets CP-SAT re-optimise it on a copy of the model (built once by
 * {@link PipelineCpSatModelBuilder}) with the rest held: placement fixed, and start times fixed to the incumbent's
 * semi-active schedule (makespan: only before the first freed subtask, the queue order after it; exclusive links:
 * the queue order of the held subtasks). {@link HeldModel} then drops the constraints the holding settled (the
 * variables stay, fixed: at 5 040 subtasks a step still costs 0.1-2 s, docs/pipeline-lns.md). Every step is hinted
 * with the incumbent and, where the incumbent's objective in model units is known (without exclusive links), asks for
 * a strictly better schedule and ends at the first one found; its plan is re-scored by the {@link PipelineEvaluator},
 * which re-times it semi-actively (held subtasks move earlier where freed ones left room), and is kept when strictly
 * better.
 *
 * <p>Sizes adapt per kind: a neighbourhood CP-SAT settles without improvement (no better schedule in it) grows the
 * next one of its kind by a quarter, one it cannot finish shrinks it by a fifth. Kinds are drawn in proportion to
 * (improvements + 1) / (tries + 2). Each step has a deterministic-time limit ({@code max_deterministic_time}), so with one thread and a
 * neighbourhood limit ({@link Options#neighbourhoodLimit()}), no whole-model phase and no bound phase the same seed gives the same
 * plan on any machine; otherwise the deadline ends phases and search, and the result depends on the machine.
 *
 * <p>For total latency a second phase computes bounds, up to {@link Options#boundFraction()} of the time: where
 * requests are released together, the release-group bound ({@link ReleaseGroupBound} with
 * {@link CpSatGroupBound}: each group alone, priced and then solved by CP-SAT) in the first half, then the
 * priced-capacity bound ({@link LagrangianSolver#price}, from the start plan; it stops once converged).
 * The bound is the largest of the proven relaxation bound ({@link PipelineLowerBound}), CP-SAT's bound on the
 * whole model, the release-group bound and the priced-capacity bound; the status is {@code OPTIMAL} only when CP-SAT proved it or the plan meets that bound.
 * For makespan with at least as many requests as nodes, a phase of its own ({@link Options#singleCutFraction()})
 * gives CP-SAT the one-cut-per-request restriction twice: first its loads alone ({@link CutLoadModel}, 60 % of the
 * phase), then with times ({@link SingleCutModel}, the rest, unless the first plan meets the bound); the better plan
 * starts the neighbourhoods when it is better than the start (docs/pipeline-lns.md). Then, on both objectives, {@link RequestPlacementDescent} moves
 * whole requests among split placements, each candidate dispatched and scored whole by the evaluator
 * ({@link Options#descentFraction()}): the moves a neighbourhood with the rest of the schedule held cannot judge
 * (on {@code scaled-vgg5-e8-s2-r18} it takes the start from 0.6136 to 0.5880, after which no neighbourhood improved;
 * docs/pipeline-lns.md). Past the whole-model phase this is a search for good plans with a certified gap, not a
 * proof.
 */
public final class PipelineCpSatLnsSolver implements PipelineSolver {
    /** Status of CP-SAT on the whole model, the first phase. */
    public static final String WHOLE_MODEL_STATUS = "wholeModelStatus";
    /** CP-SAT's objective on the whole model (NaN without a plan). */
    public static final String WHOLE_MODEL_OBJECTIVE = "wholeModelObjective";
    /** Neighbourhoods solved. */
    public static final String NEIGHBOURHOODS = "neighbourhoods";
    /** Neighbourhoods that improved the plan. */
    public static final String IMPROVEMENTS = "improvements";
    /** Per kind: tries, improvements and the final size, e.g. {@code requests 40/3/26}. */
    public static final String KINDS = "neighbourhoodKinds";
    /** Seconds spent in CP-SAT's sub-solves (the rest: building the model, the heuristics, the evaluator). */
    public static final String SUB_SOLVE_SECONDS = "subSolveSeconds";
    /** Seconds to build the model once. */
    public static final String BUILD_SECONDS = "buildSeconds";
    /** The priced-capacity bound of the second phase (total latency). */
    public static final String PRICED_BOUND = "pricedBound";
    /** Seconds in CP-SAT on the one-cut-per-request restriction (makespan). */
    public static final String SINGLE_CUT_SECONDS = "singleCutSeconds";
    /** The evaluator's objective of the one-cut restriction's plan (absent when it found none). */
    public static final String SINGLE_CUT_OBJECTIVE = "singleCutObjective";
    /** Seconds in the load-balancing one-cut model ({@link CutLoadModel}; makespan). */
    public static final String CUT_LOAD_SECONDS = "cutLoadSeconds";
    /** The evaluator's objective of the load-balancing model's plan (absent when it found none). */
    public static final String CUT_LOAD_OBJECTIVE = "cutLoadObjective";
    /** The load-balancing model's part of the one-cut phase (the scheduling model has the rest). */
    private static final double CUT_LOAD_SHARE = 0.6;
    /** Seconds in the request-placement descent. */
    public static final String DESCENT_SECONDS = "descentSeconds";
    /** The descent's result: the best objective and from how many of the heuristic starts it ran. */
    public static final String DESCENT = "descent";
    /** The one-cut model's horizon, as a multiple of the start plan's makespan (room for the rounding of times). */
    private static final double SINGLE_CUT_HORIZON = 1.05;

    /** Mixed into the seed for the descent, so that it draws apart from the neighbourhoods. */
    private static final long DESCENT_SALT = 0x5DEECE66DL;
    private static final double MIN_SIZE = 4;
    private static final double GROW = 1.25;
    private static final double SHRINK = 0.8;

    /**
     * @param wholeModelFraction  share of the time for CP-SAT on the whole model first (its bound, a proof on small
     *                            instances, often a better start); 0 to go straight to the neighbourhoods
     * @param deterministicTime   CP-SAT's deterministic-time limit per neighbourhood
     * @param maxSubSolveSeconds  wall-clock cap per neighbourhood (the deadline always applies)
     * @param initialSize         subtasks freed at first, per kind (capped by the instance)
     * @param neighbourhoodLimit  neighbourhoods to try, 0 for no limit (then the deadline ends the search)
     * @param boundFraction       share of the time, after the whole-model phase, for the priced-capacity bound
     *                            ({@link LagrangianSolver#price}; total latency only; it ends earlier once
     *                            converged); 0 to skip it
     * @param singleCutFraction   share of the time, after the whole-model phase, for CP-SAT on the one-cut-per-request
     *                            restriction ({@link SingleCutModel}; makespan with dynamic placement only), whose
     *                            plan starts the neighbourhoods when it is better; 0 to skip it
     * @param descentFraction     share of the time, after those phases, for {@link RequestPlacementDescent} (whole
     *                            requests moved among two-node splits, queues dispatched, every candidate scored by
     *                            the evaluator), from the start plan and then from the other heuristic plans while
     *                            the share lasts; the best plan starts the neighbourhoods when it is better; 0 to
     *                            skip it
     */
    public record Options(double wholeModelFraction, double deterministicTime, double maxSubSolveSeconds,
                          int initialSize, long neighbourhoodLimit, double boundFraction, double singleCutFraction,
                          double descentFraction) {
        public Options {
            if (!(wholeModelFraction >= 0 && boundFraction >= 0 && singleCutFraction >= 0 && descentFraction >= 0
                    && wholeModelFraction + Math.max(boundFraction, singleCutFraction) + descentFraction <= 1)) {
                throw new IllegalArgumentException("the whole-model, bound, single-cut and descent fractions must be "
                        + ">= 0 and the whole-model one plus the larger of bound and single-cut plus descent at most "
                        + "1, got " + wholeModelFraction + ", " + boundFraction + ", " + singleCutFraction + " and "
                        + descentFraction);
            }
        }

        /**
         * Defaults: 20 % whole model, 0.1 deterministic s per neighbourhood and 15 subtasks at first (measured in
         * docs/pipeline-lns.md); up to 20 % for the bounds (release groups, then the priced capacity; chosen, not
         * tuned); 25 % for the one-cut restriction
         * on makespan instances (measured on the known-optimum family, docs/pipeline-lns.md); up to 15 % for the
         * request-placement descent (0, 15 and 30 % measured on the known-optimum family, docs/pipeline-lns.md).
         */
        public static Options defaults() {
            return new Options(0.2, 0.1, 2.0, 15, 0, 0.2, 0.25, 0.15);
        }

        public Options withNeighbourhoodLimit(long limit) {
            return new Options(wholeModelFraction, deterministicTime, maxSubSolveSeconds, initialSize, limit,
                    boundFraction, singleCutFraction, descentFraction);
        }

        public Options withWholeModelFraction(double fraction) {
            return new Options(fraction, deterministicTime, maxSubSolveSeconds, initialSize, neighbourhoodLimit,
                    boundFraction, singleCutFraction, descentFraction);
        }

        public Options withBoundFraction(double fraction) {
            return new Options(wholeModelFraction, deterministicTime, maxSubSolveSeconds, initialSize,
                    neighbourhoodLimit, fraction, singleCutFraction, descentFraction);
        }

        public Options withSingleCutFraction(double fraction) {
            return new Options(wholeModelFraction, deterministicTime, maxSubSolveSeconds, initialSize,
                    neighbourhoodLimit, boundFraction, fraction, descentFraction);
        }

        public Options withDescentFraction(double fraction) {
            return new Options(wholeModelFraction, deterministicTime, maxSubSolveSeconds, initialSize,
                    neighbourhoodLimit, boundFraction, singleCutFraction, fraction);
        }
    }

    private final Options options;

    public PipelineCpSatLnsSolver() {
        this(Options.defaults());
    }

    public PipelineCpSatLnsSolver(Options options) {
        this.options = options;
    }

    @Override
    public String name() {
        return "cp-sat-lns";
    }

    @Override
    public String description() {
        return "large-neighbourhood search: CP-SAT on the whole model first, then CP-SAT re-optimises requests, "
                + "endpoints, time windows, node queues and critical requests of the best plan (certified gap)";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        Loader.loadNativeLibraries();
        ExactModelInput input = new ExactModelInput(instance);
        if (input.infeasibleReason() != null) {
            return SolveResult.infeasible(input.infeasibleReason(), deadline.elapsedSeconds());
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        // 1. CP-SAT on the whole model for a share of the time: a proof on small instances, its bound, a start.
        SolveResult<PipelinePlan> whole = null;
        if (options.wholeModelFraction() > 0) {
            Deadline share = deadline.fraction(options.wholeModelFraction());
            whole = new PipelineCpSatSolver().solve(instance, settings, share);
            stats.put(WHOLE_MODEL_STATUS, whole.status().label());
            stats.put(WHOLE_MODEL_OBJECTIVE, whole.solverObjective());
            if (whole.status() == SolveStatus.OPTIMAL || whole.status() == SolveStatus.INFEASIBLE) {
                Map<String, Object> all = new LinkedHashMap<>(whole.statistics());
                all.putAll(stats);
                return new SolveResult<>(whole.plan(), whole.status(), whole.solverObjective(), whole.bound(),
                        deadline.elapsedSeconds(), all, "settled by CP-SAT on the whole model, before any "
                        + "neighbourhood" + (whole.message().isEmpty() ? "" : "; " + whole.message()));
            }
        }
        PipelineIncumbent start;
        double bound;
        if (whole != null && whole.plan() != null) {
            // CP-SAT already ran the heuristics (its hint) and the relaxation (its bound is the larger of its own
            // and that one), and its plan is never worse than the best heuristic plan: nothing to compute again.
            Object heuristic = whole.statistics().get(StatisticKeys.INCUMBENT_OBJECTIVE);
            String source = heuristic instanceof Double h && h <= whole.solverObjective()
                    ? String.valueOf(whole.statistics().get(StatisticKeys.INCUMBENT)) : "cp-sat";
            start = new PipelineIncumbent(whole.plan(), PipelineEvaluator.evaluate(instance, whole.plan()), source);
            bound = whole.bound();
            stats.put(StatisticKeys.RELAXATION_BOUND, whole.statistics().get(StatisticKeys.RELAXATION_BOUND));
            stats.put(StatisticKeys.BOUND_FROM, whole.statistics().getOrDefault(StatisticKeys.BOUND_FROM,
                    "cp-sat on the whole model"));
        } else {
            start = PipelineIncumbent.best(input);
            if (!start.present()) {
                // No plan to improve: CP-SAT on the whole model looks for a first one (or proves there is none).
                SolveResult<PipelinePlan> rest = new PipelineCpSatSolver().solve(instance, settings, deadline);
                return new SolveResult<>(rest.plan(), rest.status(), rest.solverObjective(), rest.bound(),
                        rest.wallSeconds(), rest.statistics(), "cp-sat-lns: no plan to start from, so the whole "
                        + "model was solved" + (rest.message().isEmpty() ? "" : "; " + rest.message()));
            }
            PipelineLowerBound relaxation = PipelineLowerBound.of(instance);
            bound = Double.isFinite(relaxation.seconds()) ? relaxation.seconds() : Double.NaN;
            stats.put(StatisticKeys.RELAXATION_BOUND, bound);
        }
        // 2. The priced-capacity bound (total latency): a certified gap where CP-SAT's bound is weak. From the start
        // plan and bound already at hand; its Lagrangian plans are left out (15 % worse than the start on e4).
        if (options.boundFraction() > 0 && !PipelineCpSatSolver.meetsBound(start.objective(), bound)) {
            // Requests released together: each group bounded alone (priced, then CP-SAT), up to half of the share.
            ReleaseGroupBound.Result groups = ReleaseGroupBound.compute(instance,
                    CpSatGroupBound.pricedThenCpSat(settings.seed()),
                    deadline.fraction(options.wholeModelFraction() + options.boundFraction() / 2));
            if (groups.skipped() == null) {
                stats.put(StatisticKeys.RELEASE_GROUP_BOUND, groups.seconds());
                if (Double.isNaN(bound) || groups.seconds() > bound) {
                    bound = groups.seconds();
                    stats.put(StatisticKeys.BOUND_FROM, "release groups (" + groups.describe() + ")");
                }
            }
            LagrangianSolver.Pricing pricing = LagrangianSolver.price(input.compiled(), start.evaluation(), bound,
                    deadline.fraction(options.wholeModelFraction() + options.boundFraction()), null);
            if (pricing.result() != null) {
                double priced = pricing.result().seconds();
                stats.put(PRICED_BOUND, priced);
                if (Double.isNaN(bound) || priced > bound) {
                    bound = priced;
                    stats.put(StatisticKeys.BOUND_FROM, "priced node capacity");
                }
            }
        }
        // 2b. Makespan: CP-SAT on the one-cut-per-request restriction, a far smaller model whose plans often beat
        // every heuristic's where work must be divided among nodes to keep them all busy (docs/pipeline-lns.md).
        // Only with at least as many requests as nodes: with fewer, whole requests and single cuts cannot keep every
        // node busy (one STG graph on many processors), and the phase's time is better spent on neighbourhoods.
        boolean oneCut = options.singleCutFraction() > 0 && input.compiled().objective() == PipelineObjective.MAKESPAN
                && input.compiled().requestCount() >= input.compiled().nodeCount();
        if (oneCut && !PipelineCpSatSolver.meetsBound(start.objective(), bound)) {
            // First the loads alone (no times; within 0.2 % of the optimum on the known family's chains in 9 s, where
            // the scheduling model below stays 1-5 % above it), then the scheduling model for the rest of the share.
            long loadStart = System.nanoTime();
            PipelinePlan balanced = CutLoadModel.solve(input, start.evaluation().makespanSeconds() * SINGLE_CUT_HORIZON,
                    settings, deadline.fraction(options.wholeModelFraction()
                            + options.singleCutFraction() * CUT_LOAD_SHARE));
            stats.put(CUT_LOAD_SECONDS, (System.nanoTime() - loadStart) / 1e9);
            start = betterOf(start, balanced, "cut-load balance", CUT_LOAD_OBJECTIVE, stats);
        }
        if (oneCut && !PipelineCpSatSolver.meetsBound(start.objective(), bound)) {
            long cutStart = System.nanoTime();
            PipelinePlan cut = SingleCutModel.solve(input, start.evaluation().makespanSeconds() * SINGLE_CUT_HORIZON,
                    null, settings, deadline.fraction(options.wholeModelFraction() + options.singleCutFraction()));
            stats.put(SINGLE_CUT_SECONDS, (System.nanoTime() - cutStart) / 1e9);
            start = betterOf(start, cut, "single-cut", SINGLE_CUT_OBJECTIVE, stats);
        }
        // 2c. Whole requests moved among split placements, every candidate re-dispatched and scored whole: the moves
        // a neighbourhood with the rest of the schedule held cannot judge (docs/pipeline-lns.md).
        if (options.descentFraction() > 0 && !PipelineCpSatSolver.meetsBound(start.objective(), bound)) {
            long descentStart = System.nanoTime();
            Deadline share = deadline.fraction(Math.min(1, options.wholeModelFraction()
                    + Math.max(options.boundFraction(), options.singleCutFraction()) + options.descentFraction()));
            // From the start, then from every other heuristic plan while the share lasts: the basins differ (on
            // known-chain-e8 0.976 from preschedule-retrieval's plan, 0.996 from HEFT's; docs/pipeline-lns.md).
            List<PipelineIncumbent> starts = new ArrayList<>();
            starts.add(start);
            for (PipelineIncumbent other : PipelineIncumbent.candidates(input)) {
                if (!other.plan().equals(start.plan())) {
                    starts.add(other);
                }
            }
            RequestPlacementDescent descent = new RequestPlacementDescent(input.compiled());
            PipelineIncumbent best = start;
            int tried = 0;
            for (PipelineIncumbent from : starts) {
                if (share.expired()) {
                    break;
                }
                tried++;
                RequestPlacementDescent.Result r = descent.improve(from.plan(), from.evaluation(),
                        new SplittableRandom(settings.seed() ^ DESCENT_SALT), share);
                if (r.evaluation().objective() < best.objective()) {
                    best = new PipelineIncumbent(r.plan(), r.evaluation(), from.source()
                            + " + request-placement descent");
                }
            }
            stats.put(DESCENT_SECONDS, (System.nanoTime() - descentStart) / 1e9);
            stats.put(DESCENT, String.format(Locale.ROOT, "%.9g, from %d of %d starts%s", best.objective(), tried,
                    starts.size(), best == start ? " (no improvement)" : ""));
            start = best;
        }
        stats.put(StatisticKeys.INCUMBENT, start.source());
        stats.put(StatisticKeys.INCUMBENT_OBJECTIVE, start.objective());
        Search search = new Search(input, start.plan(), start.evaluation(), bound, settings, deadline, stats);
        settings.incumbents().improved(deadline.elapsedSeconds(), search.objective(), bound);
        if (!search.meetsBound()) {
            long buildStart = System.nanoTime();
            TimeFrame frame = TimeFrame.of(input, start, 0);
            PipelineCpSatModelBuilder.Result built = PipelineCpSatModelBuilder.build(input, frame.scale(),
                    frame.horizonUnits(), frame.latencyCapUnits(), PipelineCpSatModel.Options.DEFAULT);
            stats.put(BUILD_SECONDS, (System.nanoTime() - buildStart) / 1e9);
            if (built instanceof PipelineCpSatModelBuilder.Failed failed) {
                return search.result("the model could not be built (" + failed.reason() + "); the "
                        + start.source() + " plan");
            }
            search.run(((PipelineCpSatModelBuilder.Built) built).model());
        }
        return search.result("");
    }

    /**
     * A phase's plan (none when null), scored by the evaluator and reported under {@code key}, as the start when
     * feasible and better than {@code start}.
     */
    private static PipelineIncumbent betterOf(PipelineIncumbent start, PipelinePlan plan, String source, String key,
                                              Map<String, Object> stats) {
        if (plan == null) {
            return start;
        }
        PipelineEvaluation evaluation = PipelineEvaluator.evaluate(start.evaluation().instance(), plan);
        stats.put(key, evaluation.objective());
        return evaluation.feasible() && evaluation.objective() < start.objective()
                ? new PipelineIncumbent(plan, evaluation, source) : start;
    }

    /** One search: the incumbent, the adaptive state and the statistics. */
    private final class Search {
        private final ExactModelInput input;
        private final CompiledPipeline c;
        private final double bound;
        private final SolverSettings settings;
        private final Deadline deadline;
        private final Map<String, Object> stats;
        private final SplittableRandom random;
        private final Map<Neighbourhoods, double[]> size = new EnumMap<>(Neighbourhoods.class);
        private final Map<Neighbourhoods, long[]> tries = new EnumMap<>(Neighbourhoods.class);
        private final Map<Neighbourhoods, long[]> wins = new EnumMap<>(Neighbourhoods.class);
        private Neighbourhoods.Incumbent incumbent;
        /** The incumbent as the model sees it, recomputed only when the incumbent changes ({@link #held}). */
        private Held held;
        private long neighbourhoods;
        private long improvements;
        private double subSolveSeconds;

        Search(ExactModelInput input, PipelinePlan plan, PipelineEvaluation evaluation, double bound,
               SolverSettings settings, Deadline deadline, Map<String, Object> stats) {
            this.input = input;
            this.c = input.compiled();
            this.bound = bound;
            this.settings = settings;
            this.deadline = deadline;
            this.stats = stats;
            this.random = new SplittableRandom(settings.seed());
            this.incumbent = Neighbourhoods.Incumbent.of(c, plan, evaluation);
            for (Neighbourhoods kind : Neighbourhoods.values()) {
                size.put(kind, new double[] {Math.min(c.subtaskCount(), options.initialSize())});
                tries.put(kind, new long[1]);
                wins.put(kind, new long[1]);
            }
        }

        double objective() {
            return incumbent.evaluation().objective();
        }

        boolean meetsBound() {
            return PipelineCpSatSolver.meetsBound(objective(), bound);
        }

        void run(PipelineCpSatModel m) {
            PipelineCpSatHint.apply(m, incumbent.plan());
            held = Held.of(m, incumbent.plan());
            while (!meetsBound() && deadline.remainingSeconds() > 0.05
                    && (options.neighbourhoodLimit() == 0 || neighbourhoods < options.neighbourhoodLimit())) {
                Neighbourhoods kind = choose();
                BitSet freed = kind.select(incumbent, (int) Math.round(size.get(kind)[0]), random);
                if (kind.freesPlacement && !c.dynamic()) {
                    closeUnderDecisions(freed);
                }
                CpModel sub = m.model.getClone();
                long heldUnits = hold(sub, m, freed, kind.freesPlacement);
                // Only strictly better schedules, and the first one found ends the step (measured in the doc).
                boolean cutoff = heldUnits >= 0;
                if (cutoff) {
                    requireBetter(sub, heldUnits);
                }
                HeldModel.compact(sub.getBuilder());
                CpSolver solver = new CpSolver();
                solver.getParameters()
                        .setMaxTimeInSeconds(Math.max(0.01, Math.min(options.maxSubSolveSeconds(),
                                deadline.remainingSeconds())))
                        .setMaxDeterministicTime(options.deterministicTime())
                        .setRandomSeed((int) ((settings.nativeSeed() + neighbourhoods) & Integer.MAX_VALUE))
                        .setNumWorkers(settings.threads())
                        .setLogSearchProgress(false);
                if (cutoff) {
                    solver.getParameters().setStopAfterFirstSolution(true);
                }
                long t = System.nanoTime();
                CpSolverStatus status = solver.solve(sub);
                subSolveSeconds += (System.nanoTime() - t) / 1e9;
                neighbourhoods++;
                tries.get(kind)[0]++;
                boolean improved = false;
                if (status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.FEASIBLE) {
                    PipelineCpSatModel.Schedule schedule = m.extract(solver);
                    PipelinePlan plan = schedule.plan(input);
                    PipelineEvaluation evaluation = PipelineEvaluator.evaluate(input.instance(), plan);
                    if (evaluation.feasible() && evaluation.objective() < objective() * (1 - 1e-12)) {
                        incumbent = Neighbourhoods.Incumbent.of(c, plan, evaluation);
                        improved = true;
                        improvements++;
                        wins.get(kind)[0]++;
                        m.model.clearHints();
                        PipelineCpSatHint.apply(m, plan);
                        held = Held.of(m, plan);
                        settings.incumbents().improved(deadline.elapsedSeconds(), objective(), bound);
                    }
                }
                double[] s = size.get(kind);
                // Settled without improvement (no better plan exists in it): larger; cut short: smaller.
                boolean settled = cutoff ? status == CpSolverStatus.INFEASIBLE
                        : status == CpSolverStatus.OPTIMAL && !improved;
                if (settled) {
                    s[0] = Math.min(c.subtaskCount(), s[0] * GROW);
                } else if (!improved && status != CpSolverStatus.OPTIMAL) {
                    s[0] = Math.max(MIN_SIZE, s[0] * SHRINK);
                }
            }
        }

        /** A kind drawn with weight (improvements + 1) / (tries + 2). */
        private Neighbourhoods choose() {
            Neighbourhoods[] kinds = Neighbourhoods.values();
            double[] weight = new double[kinds.length];
            double total = 0;
            for (int k = 0; k < kinds.length; k++) {
                weight[k] = (wins.get(kinds[k])[0] + 1.0) / (tries.get(kinds[k])[0] + 2.0);
                total += weight[k];
            }
            double x = random.nextDouble() * total;
            for (int k = 0; k < kinds.length; k++) {
                x -= weight[k];
                if (x < 0) {
                    return kinds[k];
                }
            }
            return kinds[kinds.length - 1];
        }

        /** Static mode: a freed placement decision frees every subtask that shares it. */
        private void closeUnderDecisions(BitSet freed) {
            BitSet decisions = new BitSet(c.decisionCount());
            for (int id = freed.nextSetBit(0); id >= 0; id = freed.nextSetBit(id + 1)) {
                decisions.set(c.decisionOf(id));
            }
            for (int id = 0; id < c.subtaskCount(); id++) {
                if (decisions.get(c.decisionOf(id))) {
                    freed.set(id);
                }
            }
        }

        /**
         * Holds the incumbent outside {@code freed} in the copy {@code sub} of the model: the placement of every
         * decision none of whose subtasks is freed (of every decision when placement is not freed), and time. For
         * total latency every held subtask keeps its start in the incumbent's semi-active schedule (model units); for
         * makespan only the held subtasks that start before the first freed one keep theirs, and the later ones keep
         * their queue order (a precedence between consecutive held subtasks of a node) so that they can move
         * earlier. With exclusive links the model's transfer times are not hinted, so every held subtask keeps its
         * queue order. After the step the evaluator re-times the new plan semi-actively.
         */
        private long hold(CpModel sub, PipelineCpSatModel m, BitSet freed, boolean freePlacement) {
            PipelinePlan plan = held.plan();
            int[] nodeOf = held.nodeOf();
            BitSet freeDecision = new BitSet(c.decisionCount());
            if (freePlacement) {
                for (int id = freed.nextSetBit(0); id >= 0; id = freed.nextSetBit(id + 1)) {
                    freeDecision.set(c.decisionOf(id));
                }
            }
            BitSet fixedDecision = new BitSet(c.decisionCount());
            for (int id = 0; id < c.subtaskCount(); id++) {
                int decision = c.decisionOf(id);
                if (!freeDecision.get(decision) && !fixedDecision.get(decision)) {
                    fixedDecision.set(decision);
                    for (int n : m.d.candidates(id)) {
                        fix(sub, m.decisionLiteral(decision, n), n == nodeOf[id] ? 1 : 0);
                    }
                }
            }
            long[] startUnits = held.startUnits();
            if (startUnits != null) {
                // Total latency: every held subtask keeps its start. Makespan: only those that start before the
                // first freed one (nothing can make them earlier); the later ones keep their queue order and may move
                // earlier within the step, which a makespan needs to shrink (measured in docs/pipeline-lns.md).
                long keepBefore = Long.MAX_VALUE;
                if (c.objective() == PipelineObjective.MAKESPAN) {
                    for (int id = freed.nextSetBit(0); id >= 0; id = freed.nextSetBit(id + 1)) {
                        keepBefore = Math.min(keepBefore, startUnits[id]);
                    }
                }
                for (int id = 0; id < c.subtaskCount(); id++) {
                    long e = startUnits[id] + m.times.duration[id][nodeOf[id]];
                    if (!freed.get(id) && startUnits[id] < keepBefore
                            && m.start[id].getDomain().contains(startUnits[id]) && m.end[id].getDomain().contains(e)) {
                        fix(sub, m.start[id], startUnits[id]);
                        fix(sub, m.end[id], e);
                    }
                }
                if (keepBefore == Long.MAX_VALUE) {
                    return held.objectiveUnits();
                }
            }
            for (int n = 0; n < c.nodeCount(); n++) {
                int previous = -1;
                for (int id : plan.queue(n)) {
                    if (!freed.get(id)) {
                        if (previous >= 0) {
                            sub.addGreaterOrEqual(m.start[id], m.end[previous]);
                        }
                        previous = id;
                    }
                }
            }
            return held.objectiveUnits();
        }

        /** Only strictly better schedules: the model's objective at most {@code units} − 1. */
        private void requireBetter(CpModel sub, long units) {
            CpObjectiveProto objective = sub.getBuilder().getObjective();
            LinearConstraintProto.Builder cut = LinearConstraintProto.newBuilder();
            for (int k = 0; k < objective.getVarsCount(); k++) {
                cut.addVars(objective.getVars(k)).addCoeffs(objective.getCoeffs(k));
            }
            cut.addDomain(Long.MIN_VALUE).addDomain(units - 1 - Math.round(objective.getOffset()));
            sub.getBuilder().addConstraints(ConstraintProto.newBuilder().setLinear(cut));
        }

        /** Narrows the variable's domain in the copy to one value (faster to presolve than a constraint). */
        private void fix(CpModel sub, IntVar variable, long value) {
            sub.getBuilder().getVariablesBuilder(variable.getIndex()).clearDomain().addDomain(value).addDomain(value);
        }

        SolveResult<PipelinePlan> result(String note) {
            stats.put(NEIGHBOURHOODS, neighbourhoods);
            stats.put(IMPROVEMENTS, improvements);
            stats.put(SUB_SOLVE_SECONDS, subSolveSeconds);
            StringBuilder kinds = new StringBuilder();
            for (Neighbourhoods kind : Neighbourhoods.values()) {
                kinds.append(kinds.length() == 0 ? "" : ", ").append(kind.name().toLowerCase(Locale.ROOT))
                        .append(' ').append(tries.get(kind)[0]).append('/').append(wins.get(kind)[0]).append('/')
                        .append(Math.round(size.get(kind)[0]));
            }
            stats.put(KINDS, kinds.toString());
            stats.put(StatisticKeys.MAKESPAN_SECONDS, incumbent.evaluation().makespanSeconds());
            stats.put(StatisticKeys.MEAN_LATENCY_SECONDS, incumbent.evaluation().meanLatencySeconds());
            double objective = objective();
            stats.put(StatisticKeys.GAP, SolveResult.relativeGap(objective, bound));
            boolean optimal = meetsBound();
            String message = (optimal ? "optimal: the plan meets the " + (neighbourhoods == 0
                    ? "relaxation bound without search" : "relaxation bound") : "")
                    + (note.isEmpty() ? "" : (optimal ? "; " : "") + note);
            return new SolveResult<>(incumbent.plan(), optimal ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE, objective,
                    Double.isNaN(bound) ? Double.NaN : Math.min(bound, objective), deadline.elapsedSeconds(), stats,
                    message);
        }
    }

    /**
     * The incumbent in the model's terms: relabelled to meet its symmetry breaking, the node of every subtask, the
     * semi-active start times in units (null with exclusive links, whose transfers the model times itself) and the
     * model's objective of that schedule in units (−1 when the start times are not known).
     */
    private record Held(PipelinePlan plan, int[] nodeOf, long[] startUnits, long objectiveUnits) {
        static Held of(PipelineCpSatModel m, PipelinePlan incumbent) {
            CompiledPipeline c = m.c;
            PipelinePlan plan = m.canonical(incumbent);
            int[] nodeOf = plan.nodeOf(c.subtaskCount());
            long[] startUnits = m.exclusive ? null : PipelineCpSatHint.startUnits(m, plan);
            long units = -1;
            if (startUnits != null) {
                long total = 0;
                long max = 0;
                for (int r = 0; r < c.requestCount(); r++) {
                    int sink = c.sinkOf(r);
                    long completion = startUnits[sink] + m.times.duration[sink][nodeOf[sink]]
                            + m.times.resultUnits(r, nodeOf[sink]);
                    total += completion;
                    max = Math.max(max, completion);
                }
                units = c.objective() == PipelineObjective.MAKESPAN ? max : total;
            }
            return new Held(plan, nodeOf, startUnits, units);
        }
    }
}
