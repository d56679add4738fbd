package org.edgeplan.multiexit.ppo;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.PolicyDrivenSolver;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitCostModel;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.MultiExitSolver;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.rl.PpoConfig;

/**
 * Problem A by a PPO policy, for the instance's default exit set: solver {@code ppo} (splits from the policy, shares
 * in closed form) and, through {@link PpoSharesSolver}, {@code ppo-shares} (shares from the policy too); through
 * {@link AcoDrlSolver}, {@code aco-drl}: the ACO exit set (seeded by the settings) first, then splits and shares from
 * the policy for it ({@link PpoVariant#onExitSet}). With a
 * policy file ({@link #withPolicy}) it applies the trained policy greedily; without one it trains a small policy on
 * the instance itself for a fixed budget of {@value #IN_PROCESS_EPISODES} episodes ({@value
 * #ACO_DRL_IN_PROCESS_EPISODES} for {@code aco-drl}; {@link #inProcessConfig()}),
 * seeded by the settings, so that the result does not depend on the machine's speed. Training stops early only if
 * 90 % of the time limit is used up (within one forward and backward pass, see {@link org.edgeplan.rl.PpoTrainer}), and says so; the
 * plan is then the greedy decision of the policy trained so far (the untrained one when the deadline came before the
 * first update). The plan is the policy's greedy decision, not the best sample seen.
 */
public final class PpoSolver implements MultiExitSolver, PolicyDrivenSolver {
    /** Statistics key: the plan returned instead of an infeasible policy plan ({@code device-only}, ...). */
    public static final String FALLBACK = "fallback";
    /** Episode budget of in-process training (no policy file). */
    public static final long IN_PROCESS_EPISODES = 8192;
    /**
     * Episode budget of {@code aco-drl}'s in-process training: twice {@link #IN_PROCESS_EPISODES}, because it learns
     * the shares as well (as {@code train-ppo} gives {@code ppo-shares} twice the episodes of {@code ppo}). Measured on
     * the 16 sweep points (seed 0): worst gap to aco-bb 3.61 % with 8,192 episodes (video at 10 Mbit/s, where seeds
     * 0-4 gave 0.82-3.61 %), 0.80 % with 16,384 (seeds 0-4: 0.76-0.80 %), and no point worse; 1.5-1.9 s of CPU.
     */
    public static final long ACO_DRL_IN_PROCESS_EPISODES = 2 * IN_PROCESS_EPISODES;

    private final PpoVariant variant;
    private final PpoPolicy policy;
    private final String policySource;

    /** The {@code ppo} solver without a policy file (registered in {@code META-INF/services}). */
    public PpoSolver() {
        this(PpoVariant.SPLITS, null, null);
    }

    PpoSolver(PpoVariant variant, PpoPolicy policy, String policySource) {
        this.variant = variant;
        this.policy = policy;
        this.policySource = policySource;
    }

    /** The solver of {@code variant} acting from {@code policy} (which must be of that variant). */
    public static PpoSolver of(PpoVariant variant, PpoPolicy policy, String source) {
        if (policy != null && policy.variant() != variant) {
            throw new InvalidInputException("policy " + source + " was trained for solver '" + policy.variant().label()
                    + "', not '" + variant.label() + "'; use --solver " + policy.variant().label());
        }
        return new PpoSolver(variant, policy, source);
    }

    /** The episode budget of in-process training for {@code variant}. */
    public static long inProcessEpisodes(PpoVariant variant) {
        return variant.usesAcoExits() ? ACO_DRL_IN_PROCESS_EPISODES : IN_PROCESS_EPISODES;
    }

    /** Hyper-parameters of in-process training: as the defaults but 2 × 32 units, step 3e-3, 128 episodes per update. */
    public static PpoConfig inProcessConfig() {
        return PpoConfig.defaults().withHiddenSizes(List.of(32, 32)).withLearningRate(3e-3).withBatch(128, 64, 4);
    }

    @Override
    public String name() {
        return variant.label();
    }

    @Override
    public String description() {
        if (variant.usesAcoExits()) {
            return "ACO-DRL: ACO exits, then a PPO policy for split points and edge shares; --policy FILE or trains"
                    + " in-process";
        }
        return variant.learnsShares()
                ? "PPO policy for split points and edge shares (default exit set); --policy FILE or trains in-process"
                : "PPO policy for split points, closed-form edge shares (default exit set); --policy FILE or trains"
                        + " in-process";
    }

    @Override
    public PpoSolver withPolicy(Path file) {
        return of(variant, PolicyIo.read(file), String.valueOf(file));
    }

    @Override
    public void requireApplicable(Instance instance) {
        if (policy != null && instance instanceof MultiExitInstance x) {
            // For aco-drl the ACO set of the policy's own seed (solve checks again with the settings' seed).
            policy.family().check(variant.onExitSet(x, policy.seed()), policySource);
        }
    }

    /** The policy this solver acts from, or null when it trains in-process. */
    public PpoPolicy policy() {
        return policy;
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance original, SolverSettings settings, Deadline deadline) {
        Map<String, Object> stats = new LinkedHashMap<>();
        // aco-drl: the ACO exit set becomes the default exit set the policy decides for (the others: unchanged).
        MultiExitInstance instance = variant.onExitSet(original, settings.seed());
        if (variant.usesAcoExits()) {
            stats.put("exits", instance.defaultExits().layers());
        }
        PpoPolicy used = policy;
        String message;
        if (used != null) {
            PolicyFamily f = used.family();
            if (variant.usesAcoExits() && f.deviceCount() == instance.deviceCount()
                    && f.layerCount() == instance.layerCount()
                    && !f.exits().equals(instance.defaultExits().layers())) {
                throw new InvalidInputException("policy " + policySource + " was trained for the exit set "
                        + used.family().exits() + "; ACO (seed " + settings.seed() + ") sets exits "
                        + instance.defaultExits().layers() + " on instance '" + original.name() + "'");
            }
            stats.put("policy", policySource);
            if (used.training() != null) {
                stats.put("trainedEpisodes", used.training().episodes());
            }
            message = "policy " + policySource;
        } else {
            // 10 % of the time is left for the greedy decision and its scoring.
            TrainingContext context = TrainingContext.of(0, instance);
            long budget = inProcessEpisodes(variant);
            SplitTrainer.Result r = SplitTrainer.train(variant, PolicyFamily.of(List.of(instance)),
                    TrainingContext.Sampler.uniform(List.of(context)), inProcessConfig(), settings.seed(),
                    budget, deadline.fraction(0.9), SplitTrainer.Listener.NONE, List.of(), "instances");
            used = r.policy();
            stats.put("policy", "trained in-process");
            stats.put("trainedEpisodes", r.run().episodes());
            stats.put("trainingSeconds", r.run().wallSeconds());
            message = String.format(Locale.ROOT, "trained in-process: %d episodes, seed %d", r.run().episodes(),
                    settings.seed());
            if (variant.usesAcoExits()) {
                message = "ACO exits " + instance.defaultExits().layers() + "; " + message;
            }
            if (r.run().stoppedByDeadline()) {
                message += String.format(Locale.ROOT, "; stopped by the time limit before %d episodes (result depends"
                        + " on machine speed)", budget);
                if (r.run().updates() == 0) {
                    message += "; no update finished: the plan is the untrained policy's";
                }
            }
        }
        PpoPolicy.Decision decision = used.decide(instance);
        if (!decision.note().isEmpty()) {
            message += "; " + decision.note();
        }
        MultiExitPlan plan = decision.plan();
        // The solver's own arithmetic: Σ g + (Σ h)² for closed-form shares, Σ g + a/r otherwise.
        MultiExitCostModel model = new MultiExitCostModel(instance, plan.exits());
        double objective = variant.learnsShares() ? model.cost(plan.splits(), plan.shares())
                : OptimalShares.costForSplits(model, plan.splits());
        double wall = deadline.elapsedSeconds();
        if (!Double.isFinite(objective)) {
            // The policy's plan costs +Infinity (a split it was never masked from overflows): the baseline the
            // rewards are scaled by is always feasible, so that is what comes back, said so, never a failure.
            Fallback fallback = Fallback.of(instance, model);
            double fallbackObjective = OptimalShares.costForSplits(model, fallback.plan().splits());
            if (!Double.isFinite(fallbackObjective)) {
                return SolveResult.noPlan("the policy's plan is infeasible (cost " + objective + ") and so is the "
                        + fallback.name() + " plan", wall);
            }
            stats.put(FALLBACK, fallback.name());
            return new SolveResult<>(fallback.plan(), SolveStatus.FEASIBLE, fallbackObjective, Double.NaN, wall,
                    stats, message + "; the policy's plan is infeasible (cost " + objective + "), returning the "
                            + fallback.name() + " plan");
        }
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, objective, Double.NaN, wall, stats, message);
    }

    /** A plan returned instead of an infeasible policy plan, and its name. */
    private record Fallback(MultiExitPlan plan, String name) {
        /** The device-only plan when its cost is finite, else each device at its cheapest split alone. */
        static Fallback of(MultiExitInstance instance, MultiExitCostModel model) {
            int[] splits = new int[instance.deviceCount()];
            Arrays.fill(splits, instance.layerCount());
            return Double.isFinite(OptimalShares.costForSplits(model, splits))
                    ? new Fallback(OptimalShares.plan(model, splits), "device-only")
                    : new Fallback(TrainingContext.cheapestAlone(model), "cheapest-split-alone");
        }
    }
}
