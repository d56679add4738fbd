package org.edgeplan.multiexit.ppo;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.Instance;
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
 * Problem A by the generalising PPO policy ({@link GeneralPolicy}), solver {@code ppo-general}: one policy for any
 * number of devices, bandwidths, device mix and exit set of one network; splits from the policy (greedy), shares in
 * closed form, for the instance's default exit set. With a policy file ({@link #withPolicy}, from {@code edgeplan
 * train-ppo --variant general}) it applies it; a policy of another network is refused. Without one it trains in-process
 * for a fixed budget of {@value #IN_PROCESS_EPISODES} episodes on random subsets of 2-{@value #IN_PROCESS_MAX_DEVICES}
 * of the instance's own devices ({@link GeneralScenarios#subsets}), seeded by the settings, and then decides for all of
 * them at once: what the policy learns on small subsets is what it applies to the whole instance. Training stops early
 * only at 90 % of the time limit, and says so.
 */
public final class PpoGeneralSolver implements MultiExitSolver, PolicyDrivenSolver {
    /** Episode budget of in-process training. */
    public static final long IN_PROCESS_EPISODES = 2048;
    /** Largest subset of the instance's devices in in-process training. */
    public static final int IN_PROCESS_MAX_DEVICES = 20;

    private final GeneralPolicy policy;
    private final String policySource;

    /** The solver without a policy file (registered in {@code META-INF/services}). */
    public PpoGeneralSolver() {
        this(null, null);
    }

    private PpoGeneralSolver(GeneralPolicy policy, String policySource) {
        this.policy = policy;
        this.policySource = policySource;
    }

    /** The solver acting from {@code policy}. */
    public static PpoGeneralSolver of(GeneralPolicy policy, String source) {
        return new PpoGeneralSolver(policy, source);
    }

    /** Hyper-parameters of in-process training: {@link GeneralTrainer#defaults()}. */
    public static PpoConfig inProcessConfig() {
        return GeneralTrainer.defaults();
    }

    @Override
    public String name() {
        return GeneralPolicyIo.VARIANT;
    }

    @Override
    public String description() {
        return "generalising PPO policy (per-device network with shared weights, pooled context): splits for any"
                + " number of devices, closed-form shares (default exit set); --policy FILE or trains in-process on"
                + " subsets of the devices";
    }

    @Override
    public PpoGeneralSolver withPolicy(Path file) {
        return of(GeneralPolicyIo.read(file), String.valueOf(file));
    }

    @Override
    public void requireApplicable(Instance instance) {
        if (policy != null && instance instanceof MultiExitInstance x) {
            policy.check(x, policySource);
        }
    }

    /** The policy this solver acts from, or null when it trains in-process. */
    public GeneralPolicy policy() {
        return policy;
    }

    @Override
    public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
        Map<String, Object> stats = new LinkedHashMap<>();
        GeneralPolicy used = policy;
        String message;
        if (used != null) {
            used.check(instance, policySource);
            stats.put("policy", policySource);
            if (used.training() != null) {
                stats.put("trainedEpisodes", used.training().episodes());
            }
            message = "policy " + policySource;
        } else {
            GeneralTrainer.Result r = GeneralTrainer.train(instance,
                    GeneralScenarios.subsets(instance, IN_PROCESS_MAX_DEVICES),
                    "subsets of 2-" + IN_PROCESS_MAX_DEVICES + " devices of instance '" + instance.name() + "'",
                    inProcessConfig(), settings.seed(), IN_PROCESS_EPISODES, deadline.fraction(0.9),
                    GeneralTrainer.Listener.NONE);
            used = r.policy();
            stats.put("policy", "trained in-process");
            stats.put("trainedEpisodes", r.run().episodes());
            stats.put("trainingSeconds", r.run().wallSeconds());
            message = String.format(Locale.ROOT, "trained in-process on device subsets: %d episodes, seed %d",
                    r.run().episodes(), settings.seed());
            if (r.run().stoppedByDeadline()) {
                message += String.format(Locale.ROOT, "; stopped by the time limit before %d episodes (result depends"
                        + " on machine speed)", IN_PROCESS_EPISODES);
            }
        }
        MultiExitPlan plan = used.plan(instance);
        MultiExitCostModel model = new MultiExitCostModel(instance, plan.exits());
        double objective = OptimalShares.costForSplits(model, plan.splits());
        double wall = deadline.elapsedSeconds();
        if (!Double.isFinite(objective)) {
            return SolveResult.noPlan("the policy's plan is infeasible (cost " + objective + ")", wall);
        }
        return new SolveResult<>(plan, SolveStatus.FEASIBLE, objective, Double.NaN, wall, stats, message);
    }
}
