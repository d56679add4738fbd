package org.edgeplan.rl;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;

/**
 * PPO for a {@link SetActorCritic} on a {@link SetEnvironment} (one decision per episode, any number of entities):
 * collect a batch of episodes with the current policy, then several epochs of shuffled minibatches of episodes. Each
 * entity is an independent categorical with its own probability ratio (as in multi-agent PPO with shared weights), so
 * the clipped surrogate is {@code −min(ρ_i A_i, clip(ρ_i, 1±ε) A_i) − c·H_i}, averaged over the entities of a
 * minibatch. The advantage {@code A_i} is the counterfactual one when the environment gives counterfactual rewards
 * ({@link SetEnvironment#counterfactualRewards}), else {@code r − V(s)}; rewards are divided by their running
 * standard deviation when so configured, advantages normalised per minibatch; the critic regresses the scaled reward.
 * Encoder and head are clipped together and have their own Adam each (the same update as one Adam over both), the
 * critic its own; the step size may decay linearly to 0 over the budget.
 *
 * <p>As {@link PpoTrainer}: every random number from the one generator in a fixed order, single-threaded arithmetic in
 * a fixed order, so the same seed and budget give bitwise the same agent; the deadline is checked before every episode
 * and every sample of an update.
 */
public final class SetPpoTrainer {
    private SetPpoTrainer() {
    }

    /** Trains {@code agent} in place; the progress and result records are {@link PpoTrainer}'s. */
    public static PpoTrainer.Result train(SetActorCritic agent, SetEnvironment environment, PpoConfig config,
                                          SplittableRandom random, long episodes, Deadline deadline,
                                          PpoTrainer.Listener listener) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episode budget must be at least 1, got " + episodes);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTimed = threads.isCurrentThreadCpuTimeSupported();
        long cpuStart = cpuTimed ? threads.getCurrentThreadCpuTime() : 0L;
        long start = System.nanoTime();
        Batch batch = new Batch(agent, config);
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
            if (!batch.collect(size, environment, random, deadline)) {
                stopped = true;
                break;
            }
            boolean whole = batch.update(lr, random, deadline);
            done += size;
            updates++;
            listener.afterUpdate(new PpoTrainer.Progress(done, updates, size, batch.returnSum / size, batch.entropy,
                    batch.approxKl, batch.clipFraction, batch.valueLoss, lr, (System.nanoTime() - start) / 1e9));
            if (!whole) {
                stopped = true;
                break;
            }
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = cpuTimed ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9 : Double.NaN;
        return new PpoTrainer.Result(done, updates, stopped, wall, cpu);
    }

    /** One batch of episodes and its update. */
    private static final class Batch {
        private final SetActorCritic agent;
        private final PpoConfig config;
        private final int options;
        private final ActionDistribution one;
        private final SetActorCritic.Pass pass;
        private final double[] encGrad;
        private final double[] headGrad;
        private final double[] criticGrad;
        private final Adam encAdam;
        private final Adam headAdam;
        private final Adam criticAdam;
        private final double[][][] entities;
        private final double[][] globals;
        private final boolean[][] masks;
        private final int[][] choices;
        private final double[][] oldLogProb;
        private final double[][] baseline;   // counterfactual baselines (raw reward units), or null per episode
        private final double[][] advantage;  // per entity, scaled
        private final double[] raw;
        private final double[] values;
        private final double[] targets;
        private int size;
        private double returnSum;
        private double entropy;
        private double approxKl;
        private double clipFraction;
        private double valueLoss;

        Batch(SetActorCritic agent, PpoConfig config) {
            this.agent = agent;
            this.config = config;
            this.options = agent.options();
            this.one = new ActionDistribution(1, options, 0);
            this.pass = new SetActorCritic.Pass(agent);
            encGrad = new double[agent.encoder().parameterCount()];
            headGrad = new double[agent.head().parameterCount()];
            criticGrad = new double[agent.critic().parameterCount()];
            encAdam = new Adam(encGrad.length);
            headAdam = new Adam(headGrad.length);
            criticAdam = new Adam(criticGrad.length);
            int n = config.batchEpisodes();
            entities = new double[n][][];
            globals = new double[n][];
            masks = new boolean[n][];
            choices = new int[n][];
            oldLogProb = new double[n][];
            baseline = new double[n][];
            advantage = new double[n][];
            raw = new double[n];
            values = new double[n];
            targets = new double[n];
        }

        private boolean[] slice(boolean[] mask, int i) {
            return mask == null ? null : Arrays.copyOfRange(mask, i * options, (i + 1) * options);
        }

        boolean collect(int episodes, SetEnvironment env, SplittableRandom random, Deadline deadline) {
            size = 0;
            returnSum = 0;
            double[] lp = new double[options];
            int[] pick = new int[1];
            double[] none = new double[0];
            for (int t = 0; t < episodes; t++) {
                if (deadline.expired()) {
                    return false;
                }
                env.reset(random);
                double[][] rawEntities = env.entityFeatures();
                double[] rawGlobal = env.globalFeatures();
                int m = rawEntities.length;
                for (double[] row : rawEntities) {
                    if (row.length != agent.entityFeatures()) {
                        throw new IllegalArgumentException("the environment gave " + row.length + " features per"
                                + " entity, the agent takes " + agent.entityFeatures());
                    }
                    agent.entityStats().update(row);
                }
                if (rawGlobal.length != agent.globalFeatures()) {
                    throw new IllegalArgumentException("the environment gave " + rawGlobal.length + " global features,"
                            + " the agent takes " + agent.globalFeatures());
                }
                agent.globalStats().update(rawGlobal);
                entities[t] = agent.normaliseEntities(rawEntities);
                globals[t] = agent.normaliseGlobal(rawGlobal);
                boolean[] mask = env.actionMask();
                if (mask != null && mask.length != m * options) {
                    throw new IllegalArgumentException("the environment's mask has " + mask.length + " flags, the"
                            + " action " + m + " × " + options);
                }
                masks[t] = mask == null ? null : mask.clone();
                agent.forward(entities[t], globals[t], pass);
                choices[t] = new int[m];
                oldLogProb[t] = new double[m];
                double[][] probabilities = new double[m][];
                for (int i = 0; i < m; i++) {
                    boolean[] mi = slice(masks[t], i);
                    double[] y = pass.logits(i);
                    one.sample(y, none, mi, random, pick, none);
                    choices[t][i] = pick[0];
                    oldLogProb[t][i] = one.logProb(y, none, mi, pick, none);
                    one.logSoftmax(y, mi, 0, lp);
                    probabilities[i] = new double[options];
                    for (int o = 0; o < options; o++) {
                        probabilities[i][o] = Math.exp(lp[o]);
                    }
                }
                values[t] = agent.value(pass);
                raw[t] = env.step(choices[t]);
                agent.rewardStats().update(raw[t]);
                returnSum += raw[t];
                double[][] cf = env.counterfactualRewards();
                if (cf == null) {
                    baseline[t] = null;
                } else {
                    baseline[t] = new double[m];
                    for (int i = 0; i < m; i++) {
                        double b = 0;
                        for (int o = 0; o < options; o++) {
                            if (probabilities[i][o] > 0) {
                                b += probabilities[i][o] * cf[i][o];
                            }
                        }
                        baseline[t][i] = b;
                    }
                }
                size++;
            }
            double scale = config.scaleRewards() ? agent.rewardStats().std(0) : 1.0;
            for (int t = 0; t < size; t++) {
                targets[t] = raw[t] / scale;
                int m = choices[t].length;
                advantage[t] = new double[m];
                for (int i = 0; i < m; i++) {
                    advantage[t][i] = baseline[t] != null ? (raw[t] - baseline[t][i]) / scale : targets[t] - values[t];
                }
            }
            return true;
        }

        boolean update(double learningRate, SplittableRandom random, Deadline deadline) {
            int[] order = new int[size];
            for (int t = 0; t < size; t++) {
                order[t] = t;
            }
            double[] none = new double[0];
            int[] pick = new int[1];
            double[] dY = new double[options];
            double[][] dLogits = new double[0][];
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
                long decisions = 0;
                int clipped = 0;
                for (int from = 0; from < size; from += config.minibatchSize()) {
                    int to = Math.min(size, from + config.minibatchSize());
                    double mean = 0;
                    int count = 0;
                    for (int k = from; k < to; k++) {
                        for (double a : advantage[order[k]]) {
                            mean += a;
                            count++;
                        }
                    }
                    mean /= count;
                    double var = 0;
                    for (int k = from; k < to; k++) {
                        for (double a : advantage[order[k]]) {
                            var += (a - mean) * (a - mean);
                        }
                    }
                    double std = count > 1 ? Math.sqrt(var / (count - 1)) : 0.0;
                    Arrays.fill(encGrad, 0.0);
                    Arrays.fill(headGrad, 0.0);
                    Arrays.fill(criticGrad, 0.0);
                    double weight = 1.0 / count;
                    double valueWeight = 1.0 / (to - from);
                    for (int k = from; k < to; k++) {
                        if (deadline.expired()) {
                            return false;
                        }
                        int t = order[k];
                        int m = choices[t].length;
                        if (dLogits.length < m) {
                            dLogits = new double[m][options];
                        }
                        agent.forward(entities[t], globals[t], pass);
                        for (int i = 0; i < m; i++) {
                            pick[0] = choices[t][i];
                            double a = (advantage[t][i] - mean) / (std + 1e-8);
                            ActionDistribution.SampleLoss s = one.ppoLoss(pass.logits(i), none, slice(masks[t], i),
                                    pick, none, oldLogProb[t][i], a, config.clipEpsilon(),
                                    config.entropyCoefficient(), weight, dY, null);
                            System.arraycopy(dY, 0, dLogits[i], 0, options);
                            sumEntropy += s.entropy();
                            sumKl += oldLogProb[t][i] - s.logProb();
                            if (s.clipped()) {
                                clipped++;
                            }
                        }
                        agent.backward(pass, dLogits, encGrad, headGrad);
                        double err = agent.value(pass) - targets[t];
                        sumValueLoss += err * err;
                        agent.backwardValue(pass, valueWeight * err, criticGrad);
                        decisions += m;
                    }
                    clipJointly(encGrad, headGrad, config.maxGradNorm());
                    Adam.clipNorm(criticGrad, config.maxGradNorm());
                    encAdam.step(agent.encoder().parameters(), encGrad, learningRate);
                    headAdam.step(agent.head().parameters(), headGrad, learningRate);
                    criticAdam.step(agent.critic().parameters(), criticGrad, learningRate);
                }
                entropy = sumEntropy / decisions;
                approxKl = sumKl / decisions;
                clipFraction = (double) clipped / decisions;
                valueLoss = sumValueLoss / size;
            }
            return true;
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
    }
}
