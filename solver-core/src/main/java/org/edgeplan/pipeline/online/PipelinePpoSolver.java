package org.edgeplan.pipeline.online;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.PolicyDrivenSolver;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineEvaluator;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;

/**
 * Problem B by the PPO placement policy ({@link OnlinePolicy}), solver {@code ppo}: requests in release order, each
 * placed on arrival by the policy's choice among the open chain-cut candidates ({@link OnlinePlacement}), queues in
 * arrival order. With a policy file ({@link #withPolicy}, from {@code edgeplan train-ppo --variant pipeline}) it plays
 * that policy; without one it trains in-process on the instance itself ({@value #IN_PROCESS_IMITATION_EPISODES}
 * imitation and {@value #IN_PROCESS_EPISODES} PPO episodes)
 * (seeded by the settings; stopped early at 90 % of the time limit, and says so). It plays the policy greedily once
 * and {@value #SAMPLES} times more with sampled choices, and returns the best of these plans by the evaluator; the
 * greedy plan's objective and the decision time per request of the greedy episode are in the statistics.
 */
public final class PipelinePpoSolver implements PipelineSolver, PolicyDrivenSolver {
    /**
     * Sampled episodes after the greedy one (sampling decoding, as in Kool et al. 2019): the plan returned is the best
     * of the greedy episode and these by the evaluator. Deterministic for a seed unless the time limit cuts them.
     */
    public static final int SAMPLES = 16;
    /** Mixed into the run's seed for the sampled episodes, so they do not replay the training's draws. */
    static final long SAMPLING_SEED = 0x5A4D504C45L;
    /** PPO episode budget of in-process training. */
    public static final long IN_PROCESS_EPISODES = 128;
    /**
     * Imitation episodes of in-process training, with an eighth of a family training's imitation samples: a solve
     * without a policy file is a quick, per-instance training, not the agent of docs/pipeline-online.md.
     */
    public static final int IN_PROCESS_IMITATION_EPISODES = 16;

    private final OnlinePolicy policy;
    private final String policySource;

    /** The solver without a policy file (registered in {@code META-INF/services}). */
    public PipelinePpoSolver() {
        this(null, null);
    }

    private PipelinePpoSolver(OnlinePolicy policy, String policySource) {
        this.policy = policy;
        this.policySource = policySource;
    }

    /** The solver playing {@code policy}. */
    public static PipelinePpoSolver of(OnlinePolicy policy, String source) {
        return new PipelinePpoSolver(policy, source);
    }

    @Override
    public String name() {
        return OnlinePolicyIo.VARIANT;
    }

    @Override
    public String description() {
        return "PPO placement policy (pointer network over the chain-cut candidates, shared weights): requests placed"
                + " on arrival; --policy FILE or trains in-process on the instance";
    }

    @Override
    public PipelinePpoSolver withPolicy(Path file) {
        return of(OnlinePolicyIo.read(file), String.valueOf(file));
    }

    /** The policy this solver plays, or null when it trains in-process. */
    public OnlinePolicy policy() {
        return policy;
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        Map<String, Object> stats = new LinkedHashMap<>();
        OnlinePolicy used = policy;
        String message;
        if (used != null) {
            stats.put("policy", policySource);
            if (used.training() != null) {
                stats.put("trainedEpisodes", used.training().episodes());
            }
            message = "policy " + policySource;
        } else {
            OnlineTrainer.Result r;
            try {
                r = OnlineTrainer.train(List.of(instance), "instance '" + instance.name() + "'",
                        OnlineTrainer.defaults(), settings.seed(), IN_PROCESS_IMITATION_EPISODES,
                        decisions -> Math.max(1, OnlineTrainer.imitationPasses(decisions) / 8), IN_PROCESS_EPISODES,
                        deadline.fraction(0.9), OnlineTrainer.Listener.NONE);
            } catch (IllegalStateException e) {
                return SolveResult.noPlan("ppo: " + e.getMessage(), deadline.elapsedSeconds());
            }
            used = r.policy();
            stats.put("policy", "trained in-process");
            stats.put("trainedEpisodes", r.run().episodes());
            stats.put("trainingSeconds", r.run().wallSeconds());
            message = String.format(Locale.ROOT, "trained in-process on the instance: %d episodes, seed %d",
                    r.run().episodes(), settings.seed());
            if (r.run().stoppedByDeadline()) {
                message += String.format(Locale.ROOT, "; stopped by the time limit before %d episodes (result depends"
                        + " on machine speed)", IN_PROCESS_EPISODES);
            }
        }
        long start = System.nanoTime();
        OnlinePlacement online;
        try {
            online = used.play(instance, null, deadline);
        } catch (IllegalStateException e) {
            return SolveResult.noPlan("ppo: " + e.getMessage(), deadline.elapsedSeconds());
        }
        if (online == null) {
            return new SolveResult<>(null, SolveStatus.UNKNOWN, Double.NaN, Double.NaN, deadline.elapsedSeconds(),
                    stats, "ppo: time limit during the greedy episode");
        }
        double playSeconds = (System.nanoTime() - start) / 1e9;
        stats.put("requests", online.requestCount());
        stats.put("decisionMillisPerRequest", 1e3 * playSeconds / online.requestCount());
        PipelinePlan plan = online.plan();
        double objective = PipelineEvaluator.evaluate(instance, plan).objective();
        stats.put("greedyObjective", objective);
        // Sampling decoding: further episodes with choices drawn from the policy, the best plan by the evaluator.
        SplittableRandom random = new SplittableRandom(settings.seed() ^ SAMPLING_SEED);
        int sampled = 0;
        // An episode is started only when about one greedy episode's time is left, so the limit is kept.
        for (; sampled < SAMPLES && deadline.remainingSeconds() > 1.5 * playSeconds; sampled++) {
            try {
                OnlinePlacement episode = used.play(instance, random, deadline);
                if (episode == null) {
                    break;
                }
                PipelinePlan p = episode.plan();
                double value = PipelineEvaluator.evaluate(instance, p).objective();
                if (value < objective) {
                    objective = value;
                    plan = p;
                }
            } catch (IllegalStateException infeasible) {
                // a sampled episode may reach a request with no feasible candidate; the greedy plan stands
            }
        }
        stats.put("samples", sampled);
        if (sampled < SAMPLES) {
            message += String.format(Locale.ROOT, "; %d of %d sampled episodes before the time limit (result depends"
                    + " on machine speed)", sampled, SAMPLES);
        }
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, objective, Double.NaN, deadline.elapsedSeconds(), stats,
                message);
    }
}
