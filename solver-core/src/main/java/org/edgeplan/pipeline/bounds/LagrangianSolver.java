package org.edgeplan.pipeline.bounds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.core.StatisticKeys;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.heuristics.HeftSolver;
import org.edgeplan.pipeline.heuristics.PrescheduleRetrievalSolver;

/**
 * The Lagrangian relaxation of node capacity as a method: its certified lower bound
 * ({@link CapacityLagrangianBound}) and, as a Lagrangian heuristic, plans built from the placements of its priced
 * schedules. It starts from the better of preschedule-retrieval and HEFT; after every subgradient step the
 * relaxation's placement (in static mode, per endpoint and layer the node most of its requests chose) is list
 * scheduled ({@link ListScheduler}) and re-scored by the evaluator, and kept when better. The best plan's objective
 * is also the step target. Where requests are released together it first prices each release group alone, up to
 * half of the time ({@link ReleaseGroupBound}), and reports the larger bound. Total latency only: for makespan it
 * returns the starting plan and the relaxation bound of {@link PipelineLowerBound}.
 *
 * <p>Deterministic (no randomness; the seed is not used). One thread. The bound is reported whatever the status;
 * the status is {@code optimal} only when the bound reaches the plan's objective within 1e-9 relative.
 */
public final class LagrangianSolver implements PipelineSolver {
    /** Statistics key: subgradient steps done. */
    public static final String STEPS = "steps";
    /** Statistics key: seconds per time slot. */
    public static final String SLOT_SECONDS = "slotSeconds";
    /** Statistics key: number of time slots. */
    public static final String SLOTS = "slots";
    /** Statistics key: placements list-scheduled and evaluated. */
    public static final String PLANS_TRIED = "plansTried";
    /** Statistics key: why the steps ended. */
    public static final String STOP = "stop";

    @Override
    public String name() {
        return "lagrangian";
    }

    @Override
    public String description() {
        return "Lagrangian relaxation of node capacity (time-indexed, subgradient): a lower bound that sees "
                + "queueing, and plans from its priced schedules (total latency)";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        CompiledPipeline compiled = new CompiledPipeline(instance);
        PipelineLowerBound relaxations = PipelineLowerBound.of(compiled);
        if (relaxations.seconds() == Double.POSITIVE_INFINITY) {
            return SolveResult.infeasible(relaxations.detail(), deadline.elapsedSeconds());
        }
        Best best = new Best(instance);
        best.offer(new PrescheduleRetrievalSolver().solve(instance, settings, deadline).plan(),
                "preschedule-retrieval");
        best.offer(new HeftSolver().solve(instance, settings, deadline).plan(), "heft");
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put(StatisticKeys.RELAXATION_BOUND, relaxations.seconds());
        stats.put(StatisticKeys.INCUMBENT, best.source);
        stats.put(StatisticKeys.INCUMBENT_OBJECTIVE, best.objective);
        if (best.plan == null) {
            return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, relaxations.seconds(),
                    deadline.elapsedSeconds(), stats, "no heuristic plan to start from");
        }
        settings.incumbents().improved(deadline.elapsedSeconds(), best.objective, relaxations.seconds());
        // Requests released together (the contended family): each group priced alone, up to half of the time;
        // not needed when a relaxation (e.g. the first-block bound of requests released together) meets the plan.
        ReleaseGroupBound.Result groups = meets(relaxations.seconds(), best.objective)
                ? new ReleaseGroupBound.Result(Double.NaN, 0, List.of(), new double[0], "the relaxation meets the plan")
                : ReleaseGroupBound.compute(instance, ReleaseGroupBound.priced(),
                Deadline.after(deadline.remainingSeconds() / 2));
        // Pricing is skipped when the best bound so far meets the plan (it is then proven).
        double known = groups.skipped() == null ? Math.max(relaxations.seconds(), groups.seconds())
                : relaxations.seconds();
        int[] tried = {0};
        Pricing pricing = price(compiled, PipelineEvaluator.evaluate(instance, best.plan), known,
                deadline, nodeOf -> {
                    int[] placement = placement(compiled, nodeOf);
                    if (placement != null) {
                        tried[0]++;
                        if (best.offer(ListScheduler.schedule(instance, placement), "lagrangian")) {
                            settings.incumbents().improved(deadline.elapsedSeconds(), best.objective, Double.NaN);
                        }
                    }
                    return best.objective;
                });
        double bound = relaxations.seconds();
        String boundFrom = relaxations.relaxation() + " relaxation";
        if (pricing.result() != null) {
            CapacityLagrangianBound.Result r = pricing.result();
            if (r.seconds() > bound) {
                bound = r.seconds();
                boundFrom = "priced node capacity (" + r.describe() + ")";
            }
            stats.put(STEPS, r.iterations());
            stats.put(SLOTS, pricing.slots());
            stats.put(SLOT_SECONDS, r.slotSeconds());
            stats.put(PLANS_TRIED, tried[0]);
            stats.put(STOP, r.stopReason());
        } else {
            stats.put(STOP, "not priced: " + pricing.skipped());
        }
        if (groups.skipped() == null) {
            stats.put(StatisticKeys.RELEASE_GROUP_BOUND, groups.seconds());
            if (groups.seconds() > bound) {
                bound = groups.seconds();
                boundFrom = "release groups priced alone (" + groups.describe() + ")";
            }
        }
        stats.put(StatisticKeys.BOUND_FROM, boundFrom);
        stats.put(StatisticKeys.GAP, SolveResult.relativeGap(best.objective, bound));
        boolean optimal = meets(bound, best.objective);
        return new SolveResult<>(best.plan, optimal ? SolveStatus.OPTIMAL : SolveStatus.FEASIBLE, best.objective,
                bound, deadline.elapsedSeconds(), stats, "best plan from " + best.source + String.format(Locale.ROOT,
                "; bound from %s", boundFrom));
    }

    /** Whether a bound proves a plan of this objective optimal (within 1e-9 relative). */
    private static boolean meets(double bound, double objective) {
        return bound >= objective * (1 - 1e-9);
    }

    /**
     * The priced-capacity bound from a start plan, or why it was not computed.
     *
     * @param result  the bound's result, null when not priced
     * @param slots   the number of slots used (0 when not priced)
     * @param skipped why it was not priced, null when it was
     */
    public record Pricing(CapacityLagrangianBound.Result result, int slots, String skipped) {
    }

    /**
     * The priced-capacity bound of a compiled instance from a start plan (its total latency is the first step
     * target, its makespan the horizon) with {@link #defaultOptions}, until converged or {@code deadline}. Not priced,
     * with the reason: makespan; a start that already meets {@code relaxationBound}; a horizon that is not positive
     * and finite; tables that do not fit this JVM ({@link org.edgeplan.core.MemoryBudget}). Shared by this method and
     * cp-sat-lns, which already has its start plan and relaxation bound.
     *
     * @param placements the Lagrangian heuristic's hook ({@link CapacityLagrangianBound#compute}), or null
     */
    public static Pricing price(CompiledPipeline compiled, PipelineEvaluation start, double relaxationBound,
                                Deadline deadline, ToDoubleFunction<int[]> placements) {
        double horizon = start.makespanSeconds();
        if (compiled.objective() != PipelineObjective.TOTAL_LATENCY) {
            return new Pricing(null, 0, "makespan is not priced");
        }
        if (meets(relaxationBound, start.objective())) {
            return new Pricing(null, 0, "the starting plan already meets the bound");
        }
        if (!(horizon > 0) || Double.isInfinite(horizon)) {
            return new Pricing(null, 0, "the starting plan has no positive, finite horizon to cut into slots");
        }
        CapacityLagrangianBound.Options options = defaultOptions(compiled, start);
        try {
            return new Pricing(CapacityLagrangianBound.compute(compiled, start.objective(), horizon, options,
                    deadline, placements), options.slots(), null);
        } catch (InvalidInputException tooLarge) {
            return new Pricing(null, 0, tooLarge.getMessage());
        }
    }

    /**
     * Slots of about an eighth of the mean non-zero compute time on the fastest allowed node (the relaxation may
     * start a subtask up to a slot early, so finer slots give a tighter bound: on scaled-vgg5-e8-s2-r18 1 000,
     * 2 000 and 4 000 slots gave 0.5740, 0.5784 and 0.5801), between 200 and 4 000; each request priced over a window of twice the
     * starting plan's largest latency.
     */
    static CapacityLagrangianBound.Options defaultOptions(CompiledPipeline c, PipelineEvaluation start) {
        double sum = 0;
        int count = 0;
        for (int id = 0; id < c.subtaskCount(); id++) {
            double fastest = Double.POSITIVE_INFINITY;
            for (int k = 0; k < c.nodeCount(); k++) {
                if (c.allowed(id, k)) {
                    fastest = Math.min(fastest, c.computeSeconds(id, k));
                }
            }
            if (fastest > 0 && Double.isFinite(fastest)) {
                sum += fastest;
                count++;
            }
        }
        double horizon = start.makespanSeconds();
        int slots = count == 0 ? 200 : (int) Math.max(200, Math.min(4000, Math.round(horizon / (sum / count / 8))));
        double longest = 0;
        for (int r = 0; r < c.requestCount(); r++) {
            longest = Math.max(longest, start.latencySeconds(r));
        }
        return CapacityLagrangianBound.Options.defaults().withSlots(slots).withMaxIterations(100_000)
                .withPatience(20).withWindowSeconds(Math.max(2 * longest, horizon / slots));
    }

    /** The relaxation's placement as a plan's placement: complete, and in static mode one node per layer. */
    static int[] placement(CompiledPipeline c, int[] nodeOf) {
        for (int n : nodeOf) {
            if (n < 0) {
                return null;
            }
        }
        PipelineInstance inst = c.instance();
        if (inst.mode() != PlacementMode.STATIC) {
            return nodeOf;
        }
        int[] out = nodeOf.clone();
        for (int e = 0; e < inst.endpointCount(); e++) {
            int layers = inst.model(e).layerCount();
            int requests = inst.endpoint(e).requestCount();
            for (int v = 0; v < layers; v++) {
                int[] votes = new int[c.nodeCount()];
                for (int k = 0; k < requests; k++) {
                    votes[nodeOf[inst.subtaskId(e, k, v)]]++;
                }
                int winner = 0;
                for (int n = 1; n < votes.length; n++) {
                    if (votes[n] > votes[winner]) {
                        winner = n;
                    }
                }
                for (int k = 0; k < requests; k++) {
                    out[inst.subtaskId(e, k, v)] = winner;
                }
            }
        }
        return out;
    }

    /** The best feasible plan seen, by the evaluator's objective. */
    private static final class Best {
        private final PipelineInstance instance;
        PipelinePlan plan;
        double objective = Double.POSITIVE_INFINITY;
        String source = "none";

        Best(PipelineInstance instance) {
            this.instance = instance;
        }

        boolean offer(PipelinePlan candidate, String from) {
            if (candidate == null) {
                return false;
            }
            double value = PipelineEvaluator.objective(instance, candidate);
            if (value < objective) {
                objective = value;
                plan = candidate;
                source = from;
                return true;
            }
            return false;
        }
    }
}
