package org.edgeplan.rl;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.edgeplan.core.Deadline;

/**
 * PPO for a {@link SetActorCritic} on a {@link SetEnvironment} (one decision per episode, any number of entities):
 * collect a batch of episodes with the current policy, then several epochs of shuffled minibatches of episodes. Each
 * entity is an independent categorical with its own probability ratios (as in multi-agent PPO with shared weights).
 * <ul>
 *   <li>Without counterfactual rewards: the clipped surrogate of the sampled option,
 *       {@code −min(ρ_i A_i, clip(ρ_i, 1±ε) A_i) − c·H_i} with {@code A_i = r − V(s)}, advantages normalised per
 *       minibatch.</li>
 *   <li>With counterfactual rewards ({@link SetEnvironment#counterfactualRewards}): every option o of entity i has an
 *       advantage {@code Â_io = r(a_−i, o) − Σ_o' π_old(o') r(a_−i, o')}, so the surrogate is taken in expectation
 *       over the options, {@code −Σ_o π_old(o) min(ρ_o Â_o, clip(ρ_o, 1±ε) Â_o) − c·H_i}, plus {@value #BR_WEIGHT} ×
 *       the cross-entropy of π to the soft best response {@code q_o ∝ exp(Â_o / (σ τ))} (τ = {@value #BR_TEMP}, σ the
 *       minibatch's deviation of the sampled options' advantages, which also scales Â).</li>
 * </ul>
 * Rewards are divided by their running standard deviation when so configured; the critic regresses the scaled reward.
 * Encoder and head are clipped together and have their own Adam each (the same update as one Adam over both), the
 * critic its own; the step size may decay linearly to 0 over the budget.
 *
 * <p>As {@link PpoTrainer}: every random number from the one generator in a fixed order, single-threaded arithmetic in
 * a fixed order, so the same seed and budget give bitwise the same agent; the deadline is checked before every episode
 * and every sample of an update.
 */
public final class SetPpoTrainer {
    /**
     * Weight of the best-response term (with counterfactual rewards): the cross-entropy of the policy to the soft best
     * response {@code q ∝ exp(Â / (σ τ))}. Without it the policy saturated on one option per device class early and
     * never recovered (the surrogate's gradient carries a factor π(o), which vanishes): 5.7 % median gap on the
     * four-class AlexNet family against 0.29 % with it (docs/ppo-general.md).
     */
    public static final double BR_WEIGHT = 1.0;
    /** Temperature τ of the soft best response, in units of the minibatch's advantage deviation σ. */
    public static final double BR_TEMP = 0.25;

    private SetPpoTrainer() {
    }

    /** Trains {@code agent} in place; the progress and result records are {@link PpoTrainer}'s. */
    public static PpoTrainer.Result train(SetActorCritic agent, SetEnvironment environment, PpoConfig config,
                                          SplittableRandom random, long episodes, Deadline deadline,
                                          PpoTrainer.Listener listener) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episode budget must be at least 1, got " + episodes);
        }
        Batch batch = new Batch(agent, config);
        return PpoTrainer.loop(new PpoTrainer.Rollouts() {
            @Override
            public boolean collect(int size, SplittableRandom r, Deadline d) {
                return batch.collect(size, environment, r, d);
            }

            @Override
            public boolean update(double lr, SplittableRandom r, Deadline d) {
                return batch.update(lr, r, d);
            }

            @Override
            public PpoTrainer.Progress progress(long done, int updates, int size, double lr, double seconds) {
                return new PpoTrainer.Progress(done, updates, size, batch.returnSum / size, batch.entropy,
                        batch.approxKl, batch.clipFraction, batch.valueLoss, lr, seconds);
            }
        }, config, random, episodes, deadline, listener);
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
        private final double[][][] optionAdvantage; // per entity and option, scaled (with counterfactuals), or null
        private final double[][][] oldProbability;  // per entity and option, the sampling policy's probabilities
        private final double[][][] counterfactuals;
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
            optionAdvantage = new double[n][][];
            oldProbability = new double[n][][];
            counterfactuals = new double[n][][];
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
                oldProbability[t] = probabilities;
                counterfactuals[t] = cf;
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
                if (baseline[t] == null) {
                    optionAdvantage[t] = null;
                } else {
                    optionAdvantage[t] = new double[m][options];
                    for (int i = 0; i < m; i++) {
                        for (int o = 0; o < options; o++) {
                            // Options the policy cannot take (masked: probability 0) carry no advantage.
                            optionAdvantage[t][i][o] = oldProbability[t][i][o] > 0
                                    ? (counterfactuals[t][i][o] - baseline[t][i]) / scale : 0.0;
                        }
                    }
                }
            }
            return true;
        }

        boolean update(double learningRate, SplittableRandom random, Deadline deadline) {
            int[] order = PpoTrainer.identity(size);
            double[] none = new double[0];
            int[] pick = new int[1];
            double[] dY = new double[options];
            double[] lp = new double[options];
            double[] stats = new double[2];
            double[][] dLogits = new double[0][];
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                PpoTrainer.shuffle(order, random);
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
                            if (optionAdvantage[t] != null) {
                                boolean c = expectedLoss(pass.logits(i), slice(masks[t], i), oldProbability[t][i],
                                        optionAdvantage[t][i], std, weight, dY, lp, stats);
                                System.arraycopy(dY, 0, dLogits[i], 0, options);
                                sumEntropy += stats[0];
                                sumKl += stats[1];
                                if (c) {
                                    clipped++;
                                }
                                continue;
                            }
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
                    Adam.clipNormJointly(encGrad, headGrad, config.maxGradNorm());
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

        /**
         * The clipped surrogate in expectation over all options of one entity (the counterfactual rewards give every
         * option's advantage, not only the sampled one's): {@code −Σ_o π_old(o) min(ρ_o Â_o, clip(ρ_o, 1±ε) Â_o) −
         * c·H}, with {@code ρ_o = π(o) / π_old(o)} and {@code Â_o} the option's advantage divided by the minibatch's
         * deviation of the sampled advantages. Writes dLoss/dLogits to {@code dY}; {@code stats} gets the entropy and
         * KL(π_old ‖ π). Returns whether some option was clipped.
         */
        private boolean expectedLoss(double[] y, boolean[] mask, double[] old, double[] adv, double std,
                                     double weight, double[] dY, double[] lp, double[] stats) {
            one.logSoftmax(y, mask, 0, lp);
            double entropy = 0;
            double kl = 0;
            boolean anyClipped = false;
            double eps = config.clipEpsilon();
            double[] g = new double[options];
            double mean = 0;
            for (int o = 0; o < options; o++) {
                if (lp[o] == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double p = Math.exp(lp[o]);
                entropy -= p * lp[o];
                if (old[o] > 0) {
                    kl += old[o] * (Math.log(old[o]) - lp[o]);
                    double a = adv[o] / (std + 1e-8);
                    double ratio = p / old[o];
                    boolean clip = (a > 0 && ratio > 1 + eps) || (a < 0 && ratio < 1 - eps);
                    anyClipped |= clip;
                    g[o] = clip ? 0.0 : -a; // dLoss/dπ(o)
                }
                mean += p * g[o];
            }
            // The soft best response to the others' sampled choices: q ∝ exp(Â / (σ η)) over the allowed options.
            double[] q = new double[options];
            double qMax = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < options; o++) {
                if (lp[o] != Double.NEGATIVE_INFINITY && old[o] > 0) {
                    qMax = Math.max(qMax, adv[o] / ((std + 1e-8) * BR_TEMP));
                }
            }
            double qSum = 0;
            for (int o = 0; o < options; o++) {
                if (lp[o] != Double.NEGATIVE_INFINITY && old[o] > 0) {
                    q[o] = Math.exp(adv[o] / ((std + 1e-8) * BR_TEMP) - qMax);
                    qSum += q[o];
                }
            }
            for (int o = 0; o < options; o++) {
                if (lp[o] == Double.NEGATIVE_INFINITY) {
                    dY[o] = 0.0;
                    continue;
                }
                double p = Math.exp(lp[o]);
                double dH = -p * (lp[o] + entropy);
                dY[o] = weight * (p * (g[o] - mean) - config.entropyCoefficient() * dH + BR_WEIGHT * (p - q[o] / qSum));
            }
            stats[0] = entropy;
            stats[1] = kl;
            return anyClipped;
        }
    }
}
