package org.edgeplan.formulations.pipeline.timefold;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.api.solver.SolverJob;
import ai.timefold.solver.core.api.solver.SolverManager;
import ai.timefold.solver.core.api.solver.event.SolverEventListener;
import ai.timefold.solver.core.config.heuristic.selector.move.MoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.composite.UnionMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.list.ListChangeMoveSelectorConfig;
import ai.timefold.solver.core.config.heuristic.selector.move.generic.list.ListSwapMoveSelectorConfig;
import ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig;
import ai.timefold.solver.core.config.localsearch.decider.acceptor.LocalSearchAcceptorConfig;
import ai.timefold.solver.core.config.localsearch.decider.forager.LocalSearchForagerConfig;
import ai.timefold.solver.core.config.solver.PreviewFeature;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.PlacementCandidates;
import org.edgeplan.pipeline.PlacementMode;

/**
 * Problem B by Timefold local search: a list variable per node queue, listener-kept shadow ready, start and finish
 * times (see {@link SubtaskJob}, {@link ScheduleListener}), the hard and soft rules of
 * {@link PipelineConstraintProvider}.
 *
 * <p>Steps: (1) warm start: the best feasible plan of the option's heuristics (all the problem-B heuristics by
 * default), judged by {@link PipelineEvaluator}; if none is feasible, the device-only placement list-scheduled. (2)
 * Local search from there: Timefold's list change and list swap moves, plus, through its preview Neighborhoods API
 * ({@link PipelineNeighborhood}), {@link GroupPlacementMove}s that move a layer or a split suffix at once and
 * {@link RequestPriorityMove}s; late acceptance with a short history; until the settings' time limit (minus the warm
 * start's time), the options' unimproved-step, unimproved-time, move-count or target limits. Seeded by the settings'
 * seed; a run that stops on a step or move count gives the same plan for the same seed. (3) The best plan is
 * re-scored by the evaluator, whose objective is {@code solverObjective}; if it is not better than the warm start,
 * the warm start is returned.
 *
 * <p>Only Timefold's public API and its preview Move/Neighborhoods API are used (no {@code impl} class): searches run
 * as {@link SolverManager} jobs, whose {@link SolverJob} reports the moves evaluated.
 *
 * <p>Status {@link SolveStatus#FEASIBLE} with no bound: local search proves nothing. Without a feasible plan the
 * status is {@link SolveStatus#UNKNOWN} with the evaluator's reasons. Timefold's multi-threaded solving is not
 * in the open-source edition, so {@code threads} > 1 is accepted but one thread searches (noted in the statistics).
 *
 * <p>With exclusive channels the shadow times ignore channel contention (a relaxation); the evaluator's
 * re-scoring then decides, and the result can be the warm start.
 */
public final class TimefoldPipelineSolver implements PipelineSolver {
    /** Timefold's best score (hard/soft) of its own plan. */
    public static final String BEST_SCORE = "bestScore";
    /** How many times the best solution improved over all searches. */
    public static final String IMPROVEMENTS = "improvements";
    /** Number of Timefold searches (more than one only with restarts). */
    public static final String SEARCHES = "searches";
    /** Moves Timefold evaluated over all searches. */
    public static final String MOVE_EVALUATIONS = "moveEvaluations";
    /** Moves evaluated per second of search. */
    public static final String MOVE_EVALUATIONS_PER_SECOND = "moveEvaluationsPerSecond";
    /** A stalled search is restarted from a kicked best plan only with at least this much time left. */
    static final double MIN_RESTART_SECONDS = 0.5;

    private final TimefoldPipelineOptions options;
    private final Consumer<Progress> progressListener;

    /** One improvement of the best solution, for measurement: seconds since solve began and the score. */
    public record Progress(double seconds, long hardScore, long softScore) {
    }

    public TimefoldPipelineSolver() {
        this(TimefoldPipelineOptions.defaults());
    }

    public TimefoldPipelineSolver(TimefoldPipelineOptions options) {
        this(options, progress -> { });
    }

    /**
     * A solver that reports every new best solution (e.g. to record objective over time), on Timefold's solving
     * thread, one report at a time.
     */
    public TimefoldPipelineSolver(TimefoldPipelineOptions options, Consumer<Progress> progressListener) {
        this.options = options;
        this.progressListener = progressListener;
    }

    @Override
    public String name() {
        return "timefold";
    }

    /** Ends searches at their deadline (one daemon thread for all solves; its tasks only ask a job to end). */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "edgeplan-timefold-deadline");
        t.setDaemon(true);
        return t;
    });

    @Override
    public String description() {
        return "Timefold local search over node queues with shadow start times, warm-started from the baselines";
    }

    /** Domain and constraints only: for scoring (SolutionManager) and as the base of the solving configuration. */
    public static SolverConfig baseConfig() {
        return new SolverConfig()
                .withSolutionClass(PipelineSchedule.class)
                .withEntityClasses(NodeQueue.class, SubtaskJob.class, MoveBatch.class)
                .withConstraintProviderClass(PipelineConstraintProvider.class);
    }

    /** The configuration of one run with {@code seconds} of time left. */
    SolverConfig solverConfig(SolverSettings settings, double seconds) {
        return solverConfig(settings, seconds, options.unimprovedSecondsFor(settings.timeLimitSeconds()));
    }

    /** The same with the given unimproved-time limit (0: none), for the searches after a restart. */
    SolverConfig solverConfig(SolverSettings settings, double seconds, double unimproved) {
        TerminationConfig termination = new TerminationConfig()
                .withSpentLimit(Duration.ofMillis(Math.max(1L, (long) Math.floor(seconds * 1000))));
        if (unimproved > 0) {
            termination.withUnimprovedSpentLimit(Duration.ofMillis(Math.max(1L, (long) Math.floor(unimproved * 1000))));
        }
        if (options.moveCount() > 0) {
            termination.withMoveCountLimit(options.moveCount());
        }
        if (options.targetObjectiveSeconds() > 0) {
            termination.withBestScoreLimit(HardSoftLongScore.ofSoft(
                    -ScoreUnits.nanos(options.targetObjectiveSeconds())).toString());
        }
        TerminationConfig phaseTermination = new TerminationConfig();
        if (options.unimprovedStepCount() > 0) {
            phaseTermination.withUnimprovedStepCountLimit(options.unimprovedStepCount());
        }
        // Classic list change and list swap selectors, and the custom moves through the (preview) Neighborhoods
        // API: Timefold picks, per move, the classic union or the neighborhood with equal probability.
        List<MoveSelectorConfig> moves = new ArrayList<>();
        moves.add(new ListChangeMoveSelectorConfig());
        moves.add(new ListSwapMoveSelectorConfig());
        LocalSearchPhaseConfig localSearch = new LocalSearchPhaseConfig()
                .withMoveSelectorConfig(new UnionMoveSelectorConfig(moves))
                .withMoveProviderClass(options.requestPriorityMoves()
                        ? PipelineNeighborhood.class : PipelineNeighborhood.GroupsOnly.class);
        if (options.lateAcceptanceSize() > 0) {
            localSearch.withAcceptorConfig(new LocalSearchAcceptorConfig()
                    .withLateAcceptanceSize(options.lateAcceptanceSize()));
            localSearch.withForagerConfig(new LocalSearchForagerConfig().withAcceptedCountLimit(1));
        }
        if (phaseTermination.isConfigured()) {
            localSearch.withTerminationConfig(phaseTermination);
        }
        return baseConfig()
                .withPreviewFeature(PreviewFeature.NEIGHBORHOODS)
                .withEnvironmentMode(options.environmentMode())
                .withRandomSeed(settings.seed())
                .withTerminationConfig(termination)
                .withPhases(localSearch);
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        long startNanos = System.nanoTime();
        // A layer that can run on no node makes every plan infeasible: a proof, said before any search.
        String impossible = PlacementCandidates.of(new CompiledPipeline(instance)).infeasibleReason();
        if (impossible != null) {
            return SolveResult.infeasible(impossible, seconds(startNanos));
        }
        Map<String, Object> statistics = new LinkedHashMap<>();
        WarmStart warm = warmStart(instance, settings, deadline);
        statistics.put(StatisticKeys.WARM_START, warm.name());
        statistics.put(StatisticKeys.WARM_START_OBJECTIVE, warm.objective());
        if (Double.isFinite(warm.objective())) {
            settings.incumbents().improved(seconds(startNanos), warm.objective(), Double.NaN);
        }
        double left = deadline.remainingSeconds();
        if (left <= 0.05) {
            return finish(warm, null, statistics, startNanos,
                    "the time limit was spent on the warm start");
        }
        CompiledPipeline model = new CompiledPipeline(instance);
        long[] improvements = {0};
        // The best objective told to the incumbent listener, and when it last improved: a restart's own first
        // "best" (its kicked start) is usually worse and is not an incumbent.
        double[] reported = {Double.isFinite(warm.objective()) ? warm.objective() : Double.POSITIVE_INFINITY};
        long[] lastImprovement = {System.nanoTime()};
        double unimproved = options.unimprovedSecondsFor(settings.timeLimitSeconds());
        // Restarts need a stall to react to: an unimproved time, or, with a move count (and no unimproved time), a
        // counted one: each search evaluates the move count, and the solve ends with the first search that finds no
        // better plan, so the same seed gives the same plan.
        boolean countedStall = options.moveCount() > 0 && unimproved <= 0;
        boolean restarting = options.restarts() && (countedStall || options.moveCount() == 0 && unimproved > 0);
        PipelinePlan start = warm.plan();
        // Timefold's best plan over all searches (the first search's result until a later one is strictly better).
        WarmStart found = null;
        SplittableRandom kicks = new SplittableRandom(settings.seed());
        int runs = 0;
        long moves = 0;
        double searchSeconds = 0;
        while (true) {
            SolverSettings runSettings = settings.withSeed(settings.seed() + runs);
            // With restarts, each search stops after a third of the unimproved time (at least MIN_RESTART_SECONDS)
            // without a better plan, so that several kicks fit into the unimproved time of the whole solve.
            SolverConfig config = restarting && !countedStall
                    ? solverConfig(runSettings, left, Math.max(MIN_RESTART_SECONDS, unimproved / 3))
                    : solverConfig(runSettings, left);
            double bestBefore = reported[0];
            SolverEventListener<PipelineSchedule> onBest = event -> {
                improvements[0]++;
                HardSoftLongScore score = (HardSoftLongScore) event.getNewBestScore();
                progressListener.accept(new Progress(seconds(startNanos), score.hardScore(), score.softScore()));
                // Soft score is minus the objective in nanoseconds (rounded per request).
                double objective = -score.softScore() / 1e9;
                if (score.hardScore() == 0 && objective < reported[0]) {
                    reported[0] = objective;
                    lastImprovement[0] = System.nanoTime();
                    settings.incumbents().improved(seconds(startNanos), objective, Double.NaN);
                }
            };
            long runStart = System.nanoTime();
            Search search = search(config, PipelineSchedule.of(model, start, options.stallWeight()), onBest,
                    deadline);
            PipelineSchedule result = search.best();
            searchSeconds += seconds(runStart);
            runs++;
            moves += search.moveEvaluations();
            PipelinePlan plan = result.toPlan();
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, plan);
            if (found == null || evaluation.feasible()
                    && (!found.evaluation().feasible() || evaluation.objective() < found.objective())) {
                found = new WarmStart("timefold", plan, evaluation);
                statistics.put(BEST_SCORE, String.valueOf(result.getScore()));
            }
            // The best plan so far: Timefold's, or the warm start when that is still better.
            WarmStart best = better(found, warm);
            PipelineEvaluation bestEvaluation = best.evaluation();
            left = deadline.remainingSeconds();
            boolean targetReached = options.targetObjectiveSeconds() > 0 && bestEvaluation.feasible()
                    && bestEvaluation.objective() <= options.targetObjectiveSeconds();
            // The whole solve still ends on the unimproved time, counted since the best plan last improved, or on the
            // first search without a better plan.
            boolean stalled = countedStall ? reported[0] >= bestBefore
                    : unimproved <= 0 || seconds(lastImprovement[0]) >= unimproved;
            if (!restarting || stalled || left < MIN_RESTART_SECONDS || targetReached || !bestEvaluation.feasible()) {
                break;
            }
            start = RestartKick.apply(instance, best.plan(), bestEvaluation, kicks, kickSize(instance));
        }
        statistics.put(IMPROVEMENTS, improvements[0]);
        statistics.put(SEARCHES, runs);
        statistics.put(MOVE_EVALUATIONS, moves);
        statistics.put(MOVE_EVALUATIONS_PER_SECOND, searchSeconds > 0 ? Math.round(moves / searchSeconds) : 0L);
        if (settings.threads() > 1) {
            statistics.put(StatisticKeys.THREADS_USED, 1);
        }
        return finish(warm, found, statistics, startNanos, "");
    }

    /** The best plan of one Timefold search and the moves it evaluated. */
    record Search(PipelineSchedule best, long moveEvaluations) {
    }

    /**
     * One Timefold search through the public API: a {@link SolverManager} job, whose {@link SolverJob} reports the
     * moves evaluated. Its solver gets {@code onBest} as an ordinary {@link SolverEventListener}, on the solving
     * thread for every new best solution (the job's own best-solution consumer runs on another thread and may skip
     * intermediate solutions).
     *
     * <p>Timefold's own spent limit counts from the start of its solver and is checked between moves, so a step or
     * a phase change that runs long on a large instance, or a loaded machine, carries it past the limit (measured in
     * issue 15: 20-130 % over). A watchdog therefore ends the job at {@code deadline} with
     * {@link SolverJob#terminateEarly()}; the best solution so far is returned as usual.
     */
    static Search search(SolverConfig config, PipelineSchedule problem, SolverEventListener<PipelineSchedule> onBest,
                         Deadline deadline) {
        SolverFactory<PipelineSchedule> factory = SolverFactory.create(config);
        SolverFactory<PipelineSchedule> listening = override -> {
            Solver<PipelineSchedule> solver = factory.buildSolver(override);
            solver.addEventListener(onBest);
            return solver;
        };
        try (SolverManager<PipelineSchedule, Integer> manager = SolverManager.create(listening)) {
            SolverJob<PipelineSchedule, Integer> job = manager.solveBuilder()
                    .withProblemId(0)
                    .withProblem(problem)
                    .withExceptionHandler((id, failure) -> { }) // rethrown below by getFinalBestSolution
                    .run();
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(job::terminateEarly,
                    Math.max(1L, deadline.remainingMillis()), TimeUnit.MILLISECONDS);
            PipelineSchedule best;
            try {
                best = job.getFinalBestSolution();
            } finally {
                watchdog.cancel(false);
            }
            return new Search(best, job.getMoveEvaluationCount());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Timefold was solving", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Timefold failed: " + cause.getMessage(), cause);
        }
    }

    /** Requests (static mode: endpoints) moved by one restart kick: one in twenty, at least one. */
    private static int kickSize(PipelineInstance instance) {
        int units = instance.mode() == PlacementMode.STATIC ? instance.endpointCount() : instance.requestCount();
        return Math.max(1, units / 20);
    }

    /** Timefold's plan when it is feasible and no worse than the warm start (or the warm start is infeasible). */
    private static WarmStart better(WarmStart found, WarmStart warm) {
        return found != null && found.evaluation().feasible()
                && (!warm.evaluation().feasible() || found.objective() <= warm.objective()) ? found : warm;
    }

    /** The result: Timefold's plan ({@code found}, evaluated, or null) or the warm start, by {@link #better}. */
    private SolveResult<PipelinePlan> finish(WarmStart warm, WarmStart found,
                                             Map<String, Object> statistics, long startNanos, String note) {
        WarmStart chosen = better(found, warm);
        PipelinePlan plan = chosen.plan();
        PipelineEvaluation evaluation = chosen.evaluation();
        String message = note;
        if (found != null && chosen == warm && warm.evaluation().feasible()) {
            message = "Timefold found no plan better than the warm start (" + warm.name() + ")";
        }
        double wall = seconds(startNanos);
        if (!evaluation.feasible()) {
            List<String> violations = evaluation.violations();
            String reasons = String.join("; ", violations.subList(0, Math.min(3, violations.size())));
            return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, Double.NaN, wall, statistics,
                    "no feasible plan found; the best plan breaks: " + reasons);
        }
        statistics.put(StatisticKeys.MAKESPAN_SECONDS, evaluation.makespanSeconds());
        statistics.put(StatisticKeys.MEAN_LATENCY_SECONDS, evaluation.meanLatencySeconds());
        statistics.put(StatisticKeys.TOTAL_STALL_SECONDS, evaluation.totalStallSeconds());
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, evaluation.objective(), Double.NaN, wall, statistics,
                message);
    }

    /** A plan, its evaluation, and where it came from: the heuristic of the warm start, or "timefold". */
    record WarmStart(String name, PipelinePlan plan, PipelineEvaluation evaluation) {
        double objective() {
            return evaluation.objective();
        }
    }

    WarmStart warmStart(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        WarmStart best = null;
        for (PipelineSolver heuristic : options.warmStart()) {
            if (best != null && deadline.expired()) {
                break;
            }
            SolveResult<PipelinePlan> result = heuristic.solve(instance, settings, deadline);
            if (result.plan() == null) {
                continue;
            }
            PipelineEvaluation evaluation = PipelineEvaluator.evaluate(instance, result.plan());
            if (evaluation.feasible() && (best == null || evaluation.objective() < best.objective())) {
                best = new WarmStart(heuristic.name(), result.plan(), evaluation);
            }
        }
        if (best != null) {
            return best;
        }
        // Nothing feasible: start from every subtask on its own device, for the search to repair.
        int[] nodeOf = new int[instance.subtaskCount()];
        for (int id = 0; id < nodeOf.length; id++) {
            nodeOf[id] = instance.deviceOf(instance.subtaskEndpoint(id));
        }
        PipelinePlan plan = ListScheduler.schedule(instance, nodeOf);
        return new WarmStart("device placement (infeasible)", plan, PipelineEvaluator.evaluate(instance, plan));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
