package org.edgeplan.formulations.pipeline.timefold;

import java.util.List;
import java.util.Objects;

import ai.timefold.solver.core.config.solver.EnvironmentMode;

import org.edgeplan.formulations.pipeline.FluidPlacementSolver;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver;
import org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver;
import org.edgeplan.pipeline.heuristics.DadsSolver;
import org.edgeplan.pipeline.heuristics.HeftSolver;
import org.edgeplan.pipeline.heuristics.NeurosurgeonSolver;
import org.edgeplan.pipeline.heuristics.PrescheduleRetrievalSolver;

/**
 * Tuning of {@link TimefoldPipelineSolver}. The settings' time limit always applies; the other limits are optional
 * and end the search earlier (whichever comes first).
 *
 * @param warmStart              heuristics whose best feasible plan (by the evaluator) is the starting solution
 * @param stallWeight            soft score per nanosecond of pipeline stall; 0 (default) switches it off
 * @param unimprovedStepCount    stop after this many local-search steps without a better best solution; 0: off.
 *                               Counted in steps, not seconds, so a run that stops on it is reproducible
 * @param unimprovedSeconds      stop after this many seconds without a better best solution; 0: off; negative
 *                               (default): max(3 s, a quarter of the time limit). Needed because late acceptance
 *                               takes no step at all at a strict local optimum (no move scores as well as the
 *                               current plan), so the step count stops growing; a run that ends this way returns
 *                               the same plan for the same seed unless the machine is so slow that the gap between
 *                               two improvements exceeds the limit in one run only
 * @param moveCount              stop after evaluating this many moves in all (with restarts: per search); 0: off.
 *                               Always reproducible (tests)
 * @param targetObjectiveSeconds stop once a feasible plan with at most this objective is found; 0: off
 * @param environmentMode        Timefold's environment mode (assertions); {@code REPRODUCIBLE} by default: no assertions
 *                               (a from-scratch score check at phase end costs seconds on the large instance)
 * @param lateAcceptanceSize     late acceptance's history length (a move is accepted when it is no worse than the
 *                               current plan or than the plan this many steps ago); 0: Timefold's own default
 * @param requestPriorityMoves   whether the search also tries {@link RequestPriorityMove}s (on by default)
 * @param restarts               whether a search that stalls is restarted from a kicked copy of the best plan
 *                               ({@link RestartKick}) while the solve keeps improving within the unimproved time;
 *                               with a move count (and the unimproved time off, as in {@link #reproducible}) each
 *                               search evaluates that many moves and the solve ends with the first search that finds
 *                               no better plan, so the same seed gives the same plan (off by default: it helps from
 *                               a poor start and hurts from the heuristics' warm start, see TIMEFOLD-B.md)
 */
public record TimefoldPipelineOptions(List<PipelineSolver> warmStart, long stallWeight, int unimprovedStepCount,
                                      double unimprovedSeconds, long moveCount, double targetObjectiveSeconds,
                                      EnvironmentMode environmentMode, int lateAcceptanceSize,
                                      boolean requestPriorityMoves, boolean restarts) {
    /** Default unimproved-step limit: ends a converged search on small instances well before the time limit. */
    public static final int DEFAULT_UNIMPROVED_STEP_COUNT = 5_000;
    /** Default late-acceptance history: see {@code TIMEFOLD-B.md}, "Acceptor and moves (measured)". */
    public static final int DEFAULT_LATE_ACCEPTANCE_SIZE = 20;

    public TimefoldPipelineOptions {
        warmStart = List.copyOf(warmStart);
        Objects.requireNonNull(environmentMode, "environmentMode");
        if (warmStart.isEmpty()) {
            throw new IllegalArgumentException("warmStart needs at least one heuristic");
        }
        if (stallWeight < 0 || unimprovedStepCount < 0 || moveCount < 0 || lateAcceptanceSize < 0
                || Double.isNaN(unimprovedSeconds)
                || !(targetObjectiveSeconds >= 0)) {
            throw new IllegalArgumentException("Timefold options must be >= 0");
        }
    }

    /**
     * Warm start from the best of the heuristics (device-only, edge-only, preschedule-retrieval, HEFT, Neurosurgeon,
     * DADS, and for makespan the rounded fluid relaxation, {@link FluidPlacementSolver}), no stall term, 5 000 unimproved steps, automatic unimproved time.
     */
    public static TimefoldPipelineOptions defaults() {
        return new TimefoldPipelineOptions(List.of(new PipelineDeviceOnlySolver(), new PipelineEdgeOnlySolver(),
                new PrescheduleRetrievalSolver(), new HeftSolver(), new NeurosurgeonSolver(), new DadsSolver(),
                new FluidPlacementSolver()), 0L,
                DEFAULT_UNIMPROVED_STEP_COUNT, -1.0, 0, 0.0, EnvironmentMode.REPRODUCIBLE,
                DEFAULT_LATE_ACCEPTANCE_SIZE, true, false);
    }

    /** The unimproved-time limit in force for a run with this time limit; 0 when off. */
    public double unimprovedSecondsFor(double timeLimitSeconds) {
        return unimprovedSeconds < 0 ? Math.max(3.0, timeLimitSeconds / 4) : unimprovedSeconds;
    }

    /** Only a move-count limit (and the time limit): the same seed always gives the same plan. */
    public TimefoldPipelineOptions reproducible(long moves) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, 0, 0.0, moves, 0.0, environmentMode,
                lateAcceptanceSize, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withWarmStart(List<PipelineSolver> heuristics) {
        return new TimefoldPipelineOptions(heuristics, stallWeight, unimprovedStepCount, unimprovedSeconds, moveCount,
                targetObjectiveSeconds, environmentMode, lateAcceptanceSize, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withStallWeight(long weight) {
        return new TimefoldPipelineOptions(warmStart, weight, unimprovedStepCount, unimprovedSeconds, moveCount,
                targetObjectiveSeconds, environmentMode, lateAcceptanceSize, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withUnimprovedStepCount(int steps) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, steps, unimprovedSeconds, moveCount,
                targetObjectiveSeconds, environmentMode, lateAcceptanceSize, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withUnimprovedSeconds(double seconds) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, unimprovedStepCount, seconds, moveCount,
                targetObjectiveSeconds, environmentMode, lateAcceptanceSize, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withMoveCount(long moves) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, unimprovedStepCount, unimprovedSeconds, moves,
                targetObjectiveSeconds, environmentMode, lateAcceptanceSize, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withTargetObjectiveSeconds(double seconds) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, unimprovedStepCount, unimprovedSeconds, moveCount,
                seconds, environmentMode, lateAcceptanceSize, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withEnvironmentMode(EnvironmentMode mode) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, unimprovedStepCount, unimprovedSeconds, moveCount,
                targetObjectiveSeconds, mode, lateAcceptanceSize, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withLateAcceptanceSize(int size) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, unimprovedStepCount, unimprovedSeconds, moveCount,
                targetObjectiveSeconds, environmentMode, size, requestPriorityMoves, restarts);
    }

    public TimefoldPipelineOptions withRequestPriorityMoves(boolean on) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, unimprovedStepCount, unimprovedSeconds, moveCount,
                targetObjectiveSeconds, environmentMode, lateAcceptanceSize, on, restarts);
    }

    public TimefoldPipelineOptions withRestarts(boolean on) {
        return new TimefoldPipelineOptions(warmStart, stallWeight, unimprovedStepCount, unimprovedSeconds, moveCount,
                targetObjectiveSeconds, environmentMode, lateAcceptanceSize, requestPriorityMoves, on);
    }
}
