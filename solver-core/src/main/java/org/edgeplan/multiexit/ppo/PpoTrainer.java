package org.edgeplan.multiexit.ppo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.OptimalShares;
import org.edgeplan.rl.Adam;
import org.edgeplan.rl.Gae;
import org.edgeplan.rl.Mlp;
import org.edgeplan.rl.RunningMeanStd;

/**
 * Proximal policy optimisation (Schulman et al. 2017) on the split environment: collect a batch of one-step episodes
 * with the current policy, estimate advantages with GAE (which reduces to {@code r − V(s)} for one-step episodes),
 * then several epochs of minibatch steps on the clipped surrogate with an entropy bonus (actor) and the squared error
 * of the value (critic), each network with its own Adam and global gradient-norm clipping. Observations are
 * normalised with running statistics, rewards ({@code −cost / device-only cost}, the cost from
 * {@link MultiExitEvaluator}) divided by their running standard deviation, advantages normalised per minibatch.
 *
 * <p>All randomness (initial weights, contexts, actions, minibatch order) comes from one {@link SplittableRandom}
 * seeded by the caller, and the arithmetic is single-threaded in a fixed order, so the same seed and budget give
 * bitwise the same policy. Only a deadline that strikes first makes a run depend on the machine.
 */
public final class PpoTrainer {
    /** Reward of a plan the evaluator rejects (cannot happen with closed-form shares and a reachable edge). */
    public static final double INFEASIBLE_REWARD = -10.0;

    private PpoTrainer() {
    }

    /** Told after every update; must not change the policy. */
    public interface Listener {
        Listener NONE = (progress, policy) -> { };

        void afterUpdate(Progress progress, PpoPolicy policy);
    }

    /**
     * What one update saw and did.
     *
     * @param episodes        episodes so far
     * @param update          1-based update number
     * @param contextIds      the batch's context ids
     * @param costs           the evaluator's cost of each sampled action in the batch
     * @param referenceCosts  the batch's device-only costs
     * @param entropy         mean policy entropy over the last epoch
     * @param approxKl        mean (old − new) log-probability over the last epoch
     * @param clipFraction    fraction of samples whose ratio was clipped in the last epoch
     * @param valueLoss       mean squared value error over the last epoch
     * @param learningRate    step size used
     * @param seconds         wall time since training started
     */
    public record Progress(long episodes, int update, int[] contextIds, double[] costs, double[] referenceCosts,
                           double entropy, double approxKl, double clipFraction, double valueLoss,
                           double learningRate, double seconds) {
        /** Mean of cost / device-only cost over the batch. */
        public double meanRelativeCost() {
            double s = 0;
            for (int k = 0; k < costs.length; k++) {
                s += costs[k] / referenceCosts[k];
            }
            return s / costs.length;
        }
    }

    /**
     * The outcome of training.
     *
     * @param policy            the trained policy (with its {@link TrainingInfo})
     * @param stoppedByDeadline whether the deadline ended training before the budget
     */
    public record Result(PpoPolicy policy, long episodes, int updates, boolean stoppedByDeadline, double wallSeconds,
                         double cpuSeconds) {
    }

    /**
     * Trains a fresh policy of {@code variant} for {@code family}.
     *
     * @param episodes  the episode budget
     * @param deadline  {@link System#nanoTime()} after which no new update starts ({@link Long#MAX_VALUE}: none)
     * @param bandwidthsMbps recorded in the policy's provenance; {@code sampling} likewise
     */
    public static Result train(PpoVariant variant, PolicyFamily family, TrainingContext.Sampler sampler,
                               PpoConfig config, long seed, long episodes, long deadline, Listener listener,
                               List<Double> bandwidthsMbps, String sampling) {
        SplittableRandom random = new SplittableRandom(seed);
        PpoPolicy policy = PpoPolicy.initial(variant, family, config, random, seed);
        return train(policy, sampler, config, random, episodes, deadline, listener, bandwidthsMbps, sampling);
    }

    /** Trains {@code policy} in place, drawing every random number from {@code random}. */
    public static Result train(PpoPolicy policy, TrainingContext.Sampler sampler, PpoConfig config,
                               SplittableRandom random, long episodes, long deadline, Listener listener,
                               List<Double> bandwidthsMbps, String sampling) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episode budget must be at least 1, got " + episodes);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTimed = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpuTimed ? threads.getCurrentThreadCpuTime() : 0L;
        long start = System.nanoTime();
        Batch batch = new Batch(policy, config);
        long done = 0;
        int updates = 0;
        boolean stopped = false;
        while (done < episodes) {
            if (updates > 0 && System.nanoTime() - deadline > 0) {
                stopped = true;
                break;
            }
            int size = (int) Math.min(config.batchEpisodes(), episodes - done);
            double lr = config.annealLearningRate()
                    ? config.learningRate() * (1.0 - (double) done / episodes) : config.learningRate();
            batch.collect(size, sampler, random);
            batch.update(size, lr, random);
            done += size;
            updates++;
            listener.afterUpdate(batch.progress(done, updates, size, lr, (System.nanoTime() - start) / 1e9), policy);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = cpuTimed ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
        policy.setTraining(new TrainingInfo(done, updates, bandwidthsMbps, sampling, wall, cpu, stopped, config));
        return new Result(policy, done, updates, stopped, wall, cpu);
    }

    /** The rollout buffer and the update of one batch. */
    private static final class Batch {
        private final PpoPolicy policy;
        private final PpoConfig config;
        private final ActionDistribution dist;
        private final Mlp actor;
        private final Mlp critic;
        private final Mlp.Workspace actorWs;
        private final Mlp.Workspace criticWs;
        private final int m;
        private final double[][] obs;
        private final int[][] splits;
        private final double[][] logits;
        private final double[] oldLogProb;
        private final double[] values;
        private final double[] rewards;
        private final double[] costs;
        private final double[] references;
        private final int[] ids;
        private final double[] actorGrad;
        private final double[] logStdGrad;
        private final double[] criticGrad;
        private final double[] dY;
        private final double[] dV = new double[1];
        private final Adam actorAdam;
        private final Adam logStdAdam;
        private final Adam criticAdam;
        private double entropy;
        private double approxKl;
        private double clipFraction;
        private double valueLoss;

        Batch(PpoPolicy policy, PpoConfig config) {
            this.policy = policy;
            this.config = config;
            this.dist = policy.distribution();
            this.actor = policy.actor();
            this.critic = policy.critic();
            this.actorWs = actor.newWorkspace();
            this.criticWs = critic.newWorkspace();
            this.m = dist.heads();
            int b = config.batchEpisodes();
            int features = actor.inputSize();
            obs = new double[b][features];
            splits = new int[b][m];
            logits = new double[b][m];
            oldLogProb = new double[b];
            values = new double[b];
            rewards = new double[b];
            costs = new double[b];
            references = new double[b];
            ids = new int[b];
            actorGrad = new double[actor.parameterCount()];
            logStdGrad = new double[policy.logStd().length];
            criticGrad = new double[critic.parameterCount()];
            dY = new double[actor.outputSize()];
            actorAdam = new Adam(actorGrad.length);
            logStdAdam = new Adam(Math.max(1, logStdGrad.length));
            criticAdam = new Adam(criticGrad.length);
        }

        void collect(int size, TrainingContext.Sampler sampler, SplittableRandom random) {
            RunningMeanStd obsStats = policy.observationStats();
            RunningMeanStd rewardStats = policy.rewardStats();
            double[] logStd = policy.logStd();
            double[] raw = new double[size];
            for (int b = 0; b < size; b++) {
                TrainingContext ctx = sampler.next(random);
                obsStats.update(ctx.features());
                obsStats.normalise(ctx.features(), obs[b], policy.observationClip());
                double[] y = actor.forward(obs[b], actorWs);
                dist.sample(y, logStd, random, splits[b], logits[b]);
                oldLogProb[b] = dist.logProb(y, logStd, splits[b], logits[b]);
                values[b] = critic.forward(obs[b], criticWs)[0];
                MultiExitPlan plan = policy.variant().learnsShares()
                        ? new MultiExitPlan(ctx.model().exits(), splits[b],
                                PpoPolicy.sharesFromLogits(ctx.model(), splits[b], logits[b]))
                        : OptimalShares.plan(ctx.model(), splits[b]);
                double cost = MultiExitEvaluator.evaluate(ctx.instance(), plan).objective();
                costs[b] = cost;
                references[b] = ctx.referenceCost();
                ids[b] = ctx.id();
                raw[b] = Double.isFinite(cost) ? -cost / ctx.referenceCost() : INFEASIBLE_REWARD;
                rewardStats.update(raw[b]);
            }
            for (int b = 0; b < size; b++) {
                rewards[b] = config.scaleRewards() ? raw[b] / rewardStats.std(0) : raw[b];
            }
        }

        void update(int size, double learningRate, SplittableRandom random) {
            double[] next = new double[size];
            boolean[] done = new boolean[size];
            java.util.Arrays.fill(done, true); // every episode is one decision
            double[] r = java.util.Arrays.copyOf(rewards, size);
            double[] v = java.util.Arrays.copyOf(values, size);
            double[] adv = Gae.advantages(r, v, next, done, config.gamma(), config.lambda());
            double[] returns = new double[size];
            for (int b = 0; b < size; b++) {
                returns[b] = adv[b] + v[b];
            }
            int[] order = new int[size];
            for (int b = 0; b < size; b++) {
                order[b] = b;
            }
            double[] logStd = policy.logStd();
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                for (int k = size - 1; k > 0; k--) {
                    int j = random.nextInt(k + 1);
                    int t = order[k];
                    order[k] = order[j];
                    order[j] = t;
                }
                double sumEntropy = 0;
                double sumKl = 0;
                double sumValueLoss = 0;
                int clippedCount = 0;
                for (int from = 0; from < size; from += config.minibatchSize()) {
                    int to = Math.min(size, from + config.minibatchSize());
                    int count = to - from;
                    double mean = 0;
                    for (int k = from; k < to; k++) {
                        mean += adv[order[k]];
                    }
                    mean /= count;
                    double var = 0;
                    for (int k = from; k < to; k++) {
                        double d = adv[order[k]] - mean;
                        var += d * d;
                    }
                    double std = count > 1 ? Math.sqrt(var / (count - 1)) : 0.0;
                    java.util.Arrays.fill(actorGrad, 0.0);
                    java.util.Arrays.fill(logStdGrad, 0.0);
                    java.util.Arrays.fill(criticGrad, 0.0);
                    double weight = 1.0 / count;
                    for (int k = from; k < to; k++) {
                        int b = order[k];
                        double a = (adv[b] - mean) / (std + 1e-8);
                        double[] y = actor.forward(obs[b], actorWs);
                        ActionDistribution.SampleLoss s = dist.ppoLoss(y, logStd, splits[b], logits[b],
                                oldLogProb[b], a, config.clipEpsilon(), config.entropyCoefficient(), weight, dY,
                                logStdGrad);
                        actor.backward(actorWs, dY, actorGrad, null);
                        sumEntropy += s.entropy();
                        sumKl += oldLogProb[b] - s.logProb();
                        if (s.clipped()) {
                            clippedCount++;
                        }
                        double value = critic.forward(obs[b], criticWs)[0];
                        double err = value - returns[b];
                        sumValueLoss += err * err;
                        dV[0] = weight * err;
                        critic.backward(criticWs, dV, criticGrad, null);
                    }
                    clipJointly(actorGrad, logStdGrad, config.maxGradNorm());
                    Adam.clipNorm(criticGrad, config.maxGradNorm());
                    actorAdam.step(actor.parameters(), actorGrad, learningRate);
                    if (logStd.length > 0) {
                        logStdAdam.step(logStd, logStdGrad, learningRate);
                    }
                    criticAdam.step(critic.parameters(), criticGrad, learningRate);
                }
                entropy = sumEntropy / size;
                approxKl = sumKl / size;
                clipFraction = (double) clippedCount / size;
                valueLoss = sumValueLoss / size;
            }
        }

        private static void clipJointly(double[] a, double[] b, double maxNorm) {
            double sum = 0;
            for (double g : a) {
                sum += g * g;
            }
            for (double g : b) {
                sum += g * g;
            }
            double norm = Math.sqrt(sum);
            if (norm > maxNorm) {
                double scale = maxNorm / norm;
                for (int k = 0; k < a.length; k++) {
                    a[k] *= scale;
                }
                for (int k = 0; k < b.length; k++) {
                    b[k] *= scale;
                }
            }
        }

        Progress progress(long episodes, int update, int size, double lr, double seconds) {
            return new Progress(episodes, update, java.util.Arrays.copyOf(ids, size),
                    java.util.Arrays.copyOf(costs, size), java.util.Arrays.copyOf(references, size), entropy,
                    approxKl, clipFraction, valueLoss, lr, seconds);
        }
    }
}
