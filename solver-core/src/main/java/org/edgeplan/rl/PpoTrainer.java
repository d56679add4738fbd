package org.edgeplan.rl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;

/**
 * Proximal policy optimisation (Schulman et al. 2017) of an {@link ActorCritic} on any {@link Environment}: collect a
 * batch of whole episodes with the current policy, estimate advantages with GAE over their steps, then several epochs
 * of shuffled minibatch steps on the clipped surrogate with an entropy bonus (actor and log σ) and the squared error of
 * the value (critic), each network with its own Adam and global gradient-norm clipping. Observations are normalised
 * with running statistics, rewards divided by the running standard deviation of the raw rewards (when configured),
 * advantages normalised per minibatch, and the step size may decay linearly to 0 over the episode budget.
 *
 * <p>All randomness (the environment's, the actions, the minibatch order) comes from the one {@link SplittableRandom}
 * passed in, in a fixed order, and the arithmetic is single-threaded in a fixed order, so the same seed and budget give
 * bitwise the same agent. Only a deadline that strikes first makes a run depend on the machine: it is checked before
 * every episode and every sample of an update, so training ends within one forward and backward pass of it, whatever
 * the size of the network. A batch cut short is not used; an update cut short keeps its completed minibatch steps.
 */
public final class PpoTrainer {
    private PpoTrainer() {
    }

    /** Told after every update; must not change the agent. */
    public interface Listener {
        Listener NONE = progress -> { };

        void afterUpdate(Progress progress);
    }

    /**
     * What one update saw and did.
     *
     * @param episodes     episodes so far
     * @param update       1-based update number
     * @param steps        steps (decisions) in this update's batch
     * @param meanReturn   mean over the batch's episodes of the sum of their raw rewards
     * @param entropy      mean policy entropy over the last epoch
     * @param approxKl     mean (old − new) log-probability over the last epoch
     * @param clipFraction fraction of samples whose ratio was clipped in the last epoch
     * @param valueLoss    mean squared value error over the last epoch
     * @param learningRate step size used
     * @param seconds      wall time since training started
     */
    public record Progress(long episodes, int update, int steps, double meanReturn, double entropy, double approxKl,
                           double clipFraction, double valueLoss, double learningRate, double seconds) {
    }

    /**
     * The outcome of training.
     *
     * @param stoppedByDeadline whether the deadline ended training before the budget
     * @param cpuSeconds        CPU time of the training thread (NaN where the JVM cannot measure it)
     */
    public record Result(long episodes, int updates, boolean stoppedByDeadline, double wallSeconds, double cpuSeconds) {
    }

    /**
     * Trains {@code agent} in place.
     *
     * @param random   the source of every random number (the caller may have drawn the initial weights from it)
     * @param episodes the episode budget, at least 1
     * @param deadline when training stops ({@link Deadline#none()}: only at the episode budget), even before the
     *                 first update
     */
    public static Result train(ActorCritic agent, Environment environment, PpoConfig config, SplittableRandom random,
                               long episodes, Deadline deadline, Listener listener) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episode budget must be at least 1, got " + episodes);
        }
        Batch batch = new Batch(agent, config);
        return loop(new Rollouts() {
            @Override
            public boolean collect(int size, SplittableRandom r, Deadline d) {
                return batch.collect(size, environment, r, d);
            }

            @Override
            public boolean update(double lr, SplittableRandom r, Deadline d) {
                return batch.update(lr, r, d);
            }

            @Override
            public Progress progress(long done, int updates, int size, double lr, double seconds) {
                return batch.progress(done, updates, size, lr, seconds);
            }
        }, config, random, episodes, deadline, listener);
    }

    /** One batch of a trainer: collect its episodes, update the agent, say what it did. */
    interface Rollouts {
        /** Collects {@code size} episodes; false when the deadline stopped it. */
        boolean collect(int size, SplittableRandom random, Deadline deadline);

        /** Updates the agent from the batch; false when the deadline cut the epochs short. */
        boolean update(double learningRate, SplittableRandom random, Deadline deadline);

        Progress progress(long episodes, int update, int batchEpisodes, double learningRate, double seconds);
    }

    /**
     * The training loop shared by {@link PpoTrainer} and {@link SetPpoTrainer}: batches until the episode budget or
     * the deadline, the step size annealed linearly over the budget when configured, the listener told after each
     * update, CPU time of the training thread measured.
     */
    static Result loop(Rollouts batch, PpoConfig config, SplittableRandom random, long episodes, Deadline deadline,
                       Listener listener) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTimed = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpuTimed ? threads.getCurrentThreadCpuTime() : 0L;
        long start = System.nanoTime();
        long done = 0;
        int updates = 0;
        boolean stopped = false;
        while (done < episodes) {
            if (deadline.expired()) {
                stopped = true;
                break;
            }
            int size = (int) Math.min(config.batchEpisodes(), episodes - done);
            double lr = config.annealLearningRate()
                    ? config.learningRate() * (1.0 - (double) done / episodes) : config.learningRate();
            if (!batch.collect(size, random, deadline)) {
                stopped = true;
                break;
            }
            boolean whole = batch.update(lr, random, deadline);
            done += size;
            updates++;
            listener.afterUpdate(batch.progress(done, updates, size, lr, (System.nanoTime() - start) / 1e9));
            if (!whole) {
                stopped = true;
                break;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = cpuTimed ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
        return new Result(done, updates, stopped, wall, cpu);
    }

    /** The identity permutation {@code 0..n-1}: the order of a batch's samples before its first shuffle. */
    static int[] identity(int n) {
        int[] order = new int[n];
        for (int t = 0; t < n; t++) {
            order[t] = t;
        }
        return order;
    }

    /** Shuffles {@code order} in place (Fisher-Yates from the end): the draws every trainer makes per epoch. */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int k = order.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = order[k];
            order[k] = order[j];
            order[j] = t;
        }
    }

    /**
     * The mean and the sample standard deviation (0 for one sample) of {@code values[order[k]]}, {@code from <= k <
     * to}: a minibatch's advantage statistics.
     */
    static double[] meanStd(double[] values, int[] order, int from, int to) {
        int count = to - from;
        double mean = 0;
        for (int k = from; k < to; k++) {
            mean += values[order[k]];
        }
        mean /= count;
        double var = 0;
        for (int k = from; k < to; k++) {
            double d = values[order[k]] - mean;
            var += d * d;
        }
        return new double[] {mean, count > 1 ? Math.sqrt(var / (count - 1)) : 0.0};
    }

    /** The rollout buffer of one batch (grown when episodes are longer than one step) and its update. */
    private static final class Batch {
        private final ActorCritic agent;
        private final PpoConfig config;
        private final ActionDistribution dist;
        private final Mlp actor;
        private final Mlp critic;
        private final Mlp.Workspace actorWs;
        private final Mlp.Workspace criticWs;
        private final double[] actorGrad;
        private final double[] logStdGrad;
        private final double[] criticGrad;
        private final double[] dY;
        private final double[] dV = new double[1];
        private final Adam actorAdam;
        private final Adam logStdAdam;
        private final Adam criticAdam;
        private int steps;
        private double[][] obs = new double[0][];
        private int[][] choices = new int[0][];
        private double[][] continuous = new double[0][];
        private boolean[][] masks = new boolean[0][];
        private double[] oldLogProb = new double[0];
        private double[] values = new double[0];
        private double[] raw = new double[0];
        private double[] rewards = new double[0];
        private boolean[] ends = new boolean[0];
        private double returnSum;
        private double entropy;
        private double approxKl;
        private double clipFraction;
        private double valueLoss;

        Batch(ActorCritic agent, PpoConfig config) {
            this.agent = agent;
            this.config = config;
            this.dist = agent.distribution();
            this.actor = agent.actor();
            this.critic = agent.critic();
            this.actorWs = actor.newWorkspace();
            this.criticWs = critic.newWorkspace();
            actorGrad = new double[actor.parameterCount()];
            logStdGrad = new double[agent.logStd().length];
            criticGrad = new double[critic.parameterCount()];
            dY = new double[actor.outputSize()];
            actorAdam = new Adam(actorGrad.length);
            logStdAdam = new Adam(Math.max(1, logStdGrad.length));
            criticAdam = new Adam(criticGrad.length);
            grow(config.batchEpisodes());
        }

        /** Room for {@code capacity} steps; the rows already allocated are kept and reused. */
        private void grow(int capacity) {
            int old = obs.length;
            obs = Arrays.copyOf(obs, capacity);
            choices = Arrays.copyOf(choices, capacity);
            continuous = Arrays.copyOf(continuous, capacity);
            masks = Arrays.copyOf(masks, capacity);
            for (int t = old; t < capacity; t++) {
                obs[t] = new double[actor.inputSize()];
                choices[t] = new int[dist.heads()];
                continuous[t] = new double[dist.gaussians()];
            }
            oldLogProb = Arrays.copyOf(oldLogProb, capacity);
            values = Arrays.copyOf(values, capacity);
            raw = Arrays.copyOf(raw, capacity);
            rewards = Arrays.copyOf(rewards, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }

        /** Collects {@code episodes} whole episodes; false when the deadline came first (the batch is then unusable). */
        boolean collect(int episodes, Environment env, SplittableRandom random, Deadline deadline) {
            RunningMeanStd obsStats = agent.observationStats();
            RunningMeanStd rewardStats = agent.rewardStats();
            double[] logStd = agent.logStd();
            steps = 0;
            returnSum = 0;
            for (int e = 0; e < episodes; e++) {
                if (deadline.expired()) {
                    return false;
                }
                env.reset(random);
                boolean done = false;
                while (!done) {
                    if (steps == obs.length) {
                        grow(2 * steps);
                    }
                    int t = steps++;
                    double[] features = env.observation();
                    if (features.length != obsStats.size()) {
                        throw new IllegalArgumentException("the environment gave " + features.length
                                + " features, the agent takes " + obsStats.size());
                    }
                    obsStats.update(features);
                    obsStats.normalise(features, obs[t], agent.observationClip());
                    masks[t] = mask(env.actionMask());
                    double[] y = actor.forward(obs[t], actorWs);
                    dist.sample(y, logStd, masks[t], random, choices[t], continuous[t]);
                    oldLogProb[t] = dist.logProb(y, logStd, masks[t], choices[t], continuous[t]);
                    values[t] = critic.forward(obs[t], criticWs)[0];
                    Environment.Step step = env.step(choices[t], continuous[t]);
                    raw[t] = step.reward();
                    rewardStats.update(raw[t]);
                    returnSum += raw[t];
                    ends[t] = step.done();
                    done = step.done();
                }
            }
            for (int t = 0; t < steps; t++) {
                rewards[t] = config.scaleRewards() ? raw[t] / rewardStats.std(0) : raw[t];
            }
            return true;
        }

        /** A copy of the environment's mask (it may reuse its array), checked against the distribution. */
        private boolean[] mask(boolean[] mask) {
            if (mask == null) {
                return null;
            }
            if (mask.length != dist.heads() * dist.options()) {
                throw new IllegalArgumentException("the environment's mask has " + mask.length + " flags, the action "
                        + dist.heads() + " × " + dist.options());
            }
            return mask.clone();
        }

        /**
         * The epochs of minibatch steps on the collected batch; false when the deadline cut them short (the minibatch
         * in progress is dropped, the steps before it are kept).
         */
        boolean update(double learningRate, SplittableRandom random, Deadline deadline) {
            int size = steps;
            // Episodes are whole, so a step that does not end one is followed by the next step of the same episode.
            double[] next = new double[size];
            for (int t = 0; t < size; t++) {
                next[t] = ends[t] ? 0.0 : values[t + 1];
            }
            double[] v = Arrays.copyOf(values, size);
            double[] adv = Gae.advantages(Arrays.copyOf(rewards, size), v, next, Arrays.copyOf(ends, size),
                    config.gamma(), config.lambda());
            double[] returns = new double[size];
            for (int t = 0; t < size; t++) {
                returns[t] = adv[t] + v[t];
            }
            int[] order = identity(size);
            double[] logStd = agent.logStd();
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                shuffle(order, random);
                double sumEntropy = 0;
                double sumKl = 0;
                double sumValueLoss = 0;
                int clippedCount = 0;
                for (int from = 0; from < size; from += config.minibatchSize()) {
                    int to = Math.min(size, from + config.minibatchSize());
                    int count = to - from;
                    double[] stats = meanStd(adv, order, from, to);
                    double mean = stats[0];
                    double std = stats[1];
                    Arrays.fill(actorGrad, 0.0);
                    Arrays.fill(logStdGrad, 0.0);
                    Arrays.fill(criticGrad, 0.0);
                    double weight = 1.0 / count;
                    for (int k = from; k < to; k++) {
                        if (deadline.expired()) {
                            return false;
                        }
                        int t = order[k];
                        double a = (adv[t] - mean) / (std + 1e-8);
                        double[] y = actor.forward(obs[t], actorWs);
                        ActionDistribution.SampleLoss s = dist.ppoLoss(y, logStd, masks[t], choices[t], continuous[t],
                                oldLogProb[t], a, config.clipEpsilon(), config.entropyCoefficient(), weight, dY,
                                logStdGrad);
                        actor.backward(actorWs, dY, actorGrad, null);
                        sumEntropy += s.entropy();
                        sumKl += oldLogProb[t] - s.logProb();
                        if (s.clipped()) {
                            clippedCount++;
                        }
                        double value = critic.forward(obs[t], criticWs)[0];
                        double err = value - returns[t];
                        sumValueLoss += err * err;
                        dV[0] = weight * err;
                        critic.backward(criticWs, dV, criticGrad, null);
                    }
                    Adam.clipNormJointly(actorGrad, logStdGrad, config.maxGradNorm());
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
            return true;
        }

        Progress progress(long episodes, int update, int batchEpisodes, double lr, double seconds) {
            return new Progress(episodes, update, steps, returnSum / batchEpisodes, entropy, approxKl, clipFraction,
                    valueLoss, lr, seconds);
        }
    }
}
