package org.edgeplan.rl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;

import org.edgeplan.core.Deadline;

/**
 * PPO for a pointer policy on a {@link PointerEnvironment}: a {@link SetActorCritic} with one output per entity scores
 * every option of a decision (its row with the global features, then the pooled context), the policy is the softmax
 * of the scores over the options offered, and the critic values the state from the pooled embedding and the global
 * features. Episodes have any number of decisions: advantages by GAE over each episode's steps, then several epochs
 * of shuffled minibatches of steps on the clipped surrogate {@code −min(ρA, clip(ρ, 1±ε)A) − c·H} and the squared
 * error of the value against the GAE return. Rewards are divided by their running standard deviation when so
 * configured, advantages normalised per minibatch, option and global features normalised with running statistics
 * (one statistic per feature column, shared by all options); encoder and head are clipped together and the critic on
 * its own, each with its own Adam; the step size may decay linearly to 0 over the budget ({@link PpoTrainer#loop});
 * an update stops early when the policy has moved too far ({@link #TARGET_KL}).
 *
 * <p>As {@link PpoTrainer}: every random number from the one generator in a fixed order, single-threaded arithmetic in
 * a fixed order, so the same seed and budget give bitwise the same agent; the deadline is checked before every episode
 * and every sample of an update.
 */
public final class PointerPpoTrainer {
    /**
     * Early stop of an update (as in Spinning Up and Stable-Baselines3): the rest of its minibatches and epochs are
     * skipped once a minibatch's mean KL estimate {@code old − new log-probability} exceeds 1.5 × this. Without it,
     * minibatches of 32 decisions moved the problem-B policy by KL 1.4 in one update and it never recovered
     * (docs/pipeline-online.md).
     */
    public static final double TARGET_KL = 0.02;

    private PointerPpoTrainer() {
    }

    /**
     * Trains {@code agent} (one option per entity: {@code agent.options() == 1}) in place; the progress and result
     * records are {@link PpoTrainer}'s.
     */
    public static PpoTrainer.Result train(SetActorCritic agent, PointerEnvironment environment, PpoConfig config,
                                          SplittableRandom random, long episodes, Deadline deadline,
                                          PpoTrainer.Listener listener) {
        if (episodes < 1) {
            throw new IllegalArgumentException("episode budget must be at least 1, got " + episodes);
        }
        if (agent.options() != 1) {
            throw new IllegalArgumentException("a pointer policy scores each option once: the agent must have one"
                    + " output per entity, not " + agent.options());
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
                return batch.progress(done, updates, size, lr, seconds);
            }
        }, config, random, episodes, deadline, listener);
    }

    /** A fixed policy to imitate: the option it takes given the raw features of a decision. */
    public interface Teacher {
        int choose(double[][] rawOptions, double[] rawGlobal);
    }

    /**
     * Behaviour cloning before PPO: plays {@code episodes} episodes with the teacher's choices (the feature statistics
     * and the reward statistics updated as in training), then {@code epochs} passes of shuffled minibatches of the
     * visited decisions on the cross-entropy of the policy to the teacher's choice and the squared error of the value
     * against the episode's scaled return from that decision on (Adam at the configured step size). So PPO starts from
     * the teacher's policy, a strong one where the teacher is a good heuristic, instead of a uniform one. Deterministic
     * as {@link #train}; returns the decisions seen, or −1 when the deadline stopped it (the agent is then unchanged
     * but for its statistics).
     */
    public static int imitate(SetActorCritic agent, PointerEnvironment environment, Teacher teacher, PpoConfig config,
                              SplittableRandom random, int episodes, int epochs, Deadline deadline) {
        return imitate(agent, environment, teacher, config, random, episodes, decisions -> epochs, deadline);
    }

    /** {@link #imitate} with the number of passes a function of the decisions seen. */
    public static int imitate(SetActorCritic agent, PointerEnvironment environment, Teacher teacher, PpoConfig config,
                              SplittableRandom random, int episodes, IntUnaryOperator passes,
                              Deadline deadline) {
        if (agent.options() != 1) {
            throw new IllegalArgumentException("a pointer policy scores each option once: the agent must have one"
                    + " output per entity, not " + agent.options());
        }
        List<double[][]> states = new ArrayList<>();
        List<double[]> globals = new ArrayList<>();
        List<Integer> picks = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        List<Integer> episodeEnds = new ArrayList<>();
        for (int ep = 0; ep < episodes; ep++) {
            if (deadline.expired()) {
                return -1;
            }
            environment.reset(random);
            boolean done = false;
            while (!done) {
                double[][] rows = environment.optionFeatures();
                double[] global = environment.globalFeatures();
                for (double[] row : rows) {
                    agent.entityStats().update(row);
                }
                agent.globalStats().update(global);
                int pick = teacher.choose(rows, global);
                if (pick < 0 || pick >= rows.length) {
                    throw new IllegalArgumentException("the teacher chose option " + pick + " of " + rows.length);
                }
                states.add(agent.normaliseEntities(rows));
                globals.add(agent.normaliseGlobal(global));
                picks.add(pick);
                Environment.Step step = environment.step(pick);
                agent.rewardStats().update(step.reward());
                rewards.add(step.reward());
                done = step.done();
            }
            episodeEnds.add(rewards.size());
        }
        int size = rewards.size();
        int epochs = passes.applyAsInt(size);
        double scale = config.scaleRewards() ? agent.rewardStats().std(0) : 1.0;
        double[] returns = new double[size];
        for (int e = episodeEnds.size() - 1, end = size; e >= 0; e--) {
            int start = e == 0 ? 0 : episodeEnds.get(e - 1);
            double g = 0;
            for (int t = end - 1; t >= start; t--) {
                g = rewards.get(t) / scale + config.gamma() * g;
                returns[t] = g;
            }
            end = start;
        }
        Scores scores = new Scores(agent);
        double[] encGrad = new double[agent.encoder().parameterCount()];
        double[] headGrad = new double[agent.head().parameterCount()];
        double[] criticGrad = new double[agent.critic().parameterCount()];
        Adam encAdam = new Adam(encGrad.length);
        Adam headAdam = new Adam(headGrad.length);
        Adam criticAdam = new Adam(criticGrad.length);
        int[] order = PpoTrainer.identity(size);
        for (int epoch = 0; epoch < epochs; epoch++) {
            PpoTrainer.shuffle(order, random);
            for (int from = 0; from < size; from += config.minibatchSize()) {
                int to = Math.min(size, from + config.minibatchSize());
                double weight = 1.0 / (to - from);
                Arrays.fill(encGrad, 0.0);
                Arrays.fill(headGrad, 0.0);
                Arrays.fill(criticGrad, 0.0);
                for (int k = from; k < to; k++) {
                    if (deadline.expired()) {
                        return -1;
                    }
                    int t = order[k];
                    int m = states.get(t).length;
                    double[] lp = scores.of(states.get(t), globals.get(t));
                    for (int i = 0; i < m; i++) {
                        scores.dLogits[i][0] = weight * (Math.exp(lp[i]) - (i == picks.get(t) ? 1.0 : 0.0));
                    }
                    agent.backward(scores.pass, scores.dLogits, encGrad, headGrad);
                    agent.backwardValue(scores.pass, weight * (agent.value(scores.pass) - returns[t]), criticGrad);
                }
                Adam.clipNormJointly(encGrad, headGrad, config.maxGradNorm());
                Adam.clipNorm(criticGrad, config.maxGradNorm());
                encAdam.step(agent.encoder().parameters(), encGrad, config.learningRate());
                headAdam.step(agent.head().parameters(), headGrad, config.learningRate());
                criticAdam.step(agent.critic().parameters(), criticGrad, config.learningRate());
            }
        }
        return size;
    }

    /**
     * The option the agent prefers (the highest score; the lowest index on ties) for raw features, statistics frozen.
     */
    public static int greedy(SetActorCritic agent, double[][] rawOptions, double[] rawGlobal) {
        double[][] logits = agent.logits(rawOptions, rawGlobal);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i][0] > logits[best][0]) {
                best = i;
            }
        }
        return best;
    }

    /** An option drawn from the agent's distribution for raw features (statistics frozen), from {@code random}. */
    public static int sample(SetActorCritic agent, double[][] rawOptions, double[] rawGlobal,
                             SplittableRandom random) {
        double[][] logits = agent.logits(rawOptions, rawGlobal);
        double max = Double.NEGATIVE_INFINITY;
        for (double[] y : logits) {
            max = Math.max(max, y[0]);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i][0] - max);
            sum += p[i];
        }
        double u = random.nextDouble() * sum;
        double cumulative = 0;
        for (int i = 0; i < p.length; i++) {
            cumulative += p[i];
            if (u < cumulative) {
                return i;
            }
        }
        return p.length - 1;
    }

    /** Log-softmax of the scores {@code pass.logits(i)[0]}, i < m, into {@code out}. */
    static void logSoftmax(SetActorCritic.Pass pass, int m, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            max = Math.max(max, pass.logits(i)[0]);
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            sum += Math.exp(pass.logits(i)[0] - max);
        }
        double log = max + Math.log(sum);
        for (int i = 0; i < m; i++) {
            out[i] = pass.logits(i)[0] - log;
        }
    }

    /** One forward pass over a decision's options and the log-probabilities it gives; arrays grown as needed. */
    private static final class Scores {
        private final SetActorCritic agent;
        private final SetActorCritic.Pass pass;
        private double[] lp = new double[0];
        private double[][] dLogits = new double[0][];

        Scores(SetActorCritic agent) {
            this.agent = agent;
            this.pass = new SetActorCritic.Pass(agent);
        }

        /** The log-probabilities of the options {@code x} (normalised) in state {@code g}; room for their gradients. */
        double[] of(double[][] x, double[] g) {
            int m = x.length;
            if (lp.length < m) {
                lp = new double[m];
                dLogits = new double[m][1];
            }
            agent.forward(x, g, pass);
            logSoftmax(pass, m, lp);
            return lp;
        }
    }

    /** The rollout buffer of one batch and its update. */
    private static final class Batch {
        private final SetActorCritic agent;
        private final PpoConfig config;
        private final SetActorCritic.Pass pass;
        private final double[] encGrad;
        private final double[] headGrad;
        private final double[] criticGrad;
        private final Adam encAdam;
        private final Adam headAdam;
        private final Adam criticAdam;
        private final List<double[][]> options = new ArrayList<>();
        private final List<double[]> globals = new ArrayList<>();
        private int[] choice = new int[0];
        private double[] oldLogProb = new double[0];
        private double[] values = new double[0];
        private double[] raw = new double[0];
        private boolean[] ends = new boolean[0];
        private int steps;
        private double returnSum;
        private double entropy;
        private double approxKl;
        private double clipFraction;
        private double valueLoss;

        Batch(SetActorCritic agent, PpoConfig config) {
            this.agent = agent;
            this.config = config;
            this.pass = new SetActorCritic.Pass(agent);
            encGrad = new double[agent.encoder().parameterCount()];
            headGrad = new double[agent.head().parameterCount()];
            criticGrad = new double[agent.critic().parameterCount()];
            encAdam = new Adam(encGrad.length);
            headAdam = new Adam(headGrad.length);
            criticAdam = new Adam(criticGrad.length);
        }

        private void grow(int capacity) {
            choice = Arrays.copyOf(choice, capacity);
            oldLogProb = Arrays.copyOf(oldLogProb, capacity);
            values = Arrays.copyOf(values, capacity);
            raw = Arrays.copyOf(raw, capacity);
            ends = Arrays.copyOf(ends, capacity);
        }

        boolean collect(int episodes, PointerEnvironment env, SplittableRandom random, Deadline deadline) {
            steps = 0;
            returnSum = 0;
            options.clear();
            globals.clear();
            double[] lp = new double[0];
            for (int ep = 0; ep < episodes; ep++) {
                if (deadline.expired()) {
                    return false;
                }
                env.reset(random);
                boolean done = false;
                while (!done) {
                    if (steps == choice.length) {
                        grow(Math.max(64, 2 * steps));
                    }
                    int t = steps++;
                    double[][] rows = env.optionFeatures();
                    double[] global = env.globalFeatures();
                    int m = rows.length;
                    if (m < 1) {
                        throw new IllegalArgumentException("the environment offered no option");
                    }
                    for (double[] row : rows) {
                        if (row.length != agent.entityFeatures()) {
                            throw new IllegalArgumentException("the environment gave " + row.length + " features per"
                                    + " option, the agent takes " + agent.entityFeatures());
                        }
                        agent.entityStats().update(row);
                    }
                    if (global.length != agent.globalFeatures()) {
                        throw new IllegalArgumentException("the environment gave " + global.length + " global"
                                + " features, the agent takes " + agent.globalFeatures());
                    }
                    agent.globalStats().update(global);
                    double[][] x = agent.normaliseEntities(rows);
                    double[] g = agent.normaliseGlobal(global);
                    options.add(x);
                    globals.add(g);
                    agent.forward(x, g, pass);
                    if (lp.length < m) {
                        lp = new double[m];
                    }
                    logSoftmax(pass, m, lp);
                    double u = random.nextDouble();
                    int pick = m - 1;
                    double cumulative = 0;
                    for (int i = 0; i < m; i++) {
                        cumulative += Math.exp(lp[i]);
                        if (u < cumulative) {
                            pick = i;
                            break;
                        }
                    }
                    choice[t] = pick;
                    oldLogProb[t] = lp[pick];
                    values[t] = agent.value(pass);
                    Environment.Step step = env.step(pick);
                    raw[t] = step.reward();
                    agent.rewardStats().update(raw[t]);
                    returnSum += raw[t];
                    ends[t] = step.done();
                    done = step.done();
                }
            }
            return true;
        }

        boolean update(double learningRate, SplittableRandom random, Deadline deadline) {
            int size = steps;
            double scale = config.scaleRewards() ? agent.rewardStats().std(0) : 1.0;
            double[] rewards = new double[size];
            double[] next = new double[size];
            for (int t = 0; t < size; t++) {
                rewards[t] = raw[t] / scale;
                // Episodes are whole: a step that does not end one is followed by the next step of the same episode.
                next[t] = ends[t] ? 0.0 : values[t + 1];
            }
            double[] v = Arrays.copyOf(values, size);
            double[] adv = Gae.advantages(rewards, v, next, Arrays.copyOf(ends, size), config.gamma(),
                    config.lambda());
            double[] returns = new double[size];
            for (int t = 0; t < size; t++) {
                returns[t] = adv[t] + v[t];
            }
            int[] order = PpoTrainer.identity(size);
            Scores scores = new Scores(agent);
            double eps = config.clipEpsilon();
            double c = config.entropyCoefficient();
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                PpoTrainer.shuffle(order, random);
                double sumEntropy = 0;
                double sumKl = 0;
                double sumValueLoss = 0;
                int clipped = 0;
                int seen = 0;
                for (int from = 0; from < size; from += config.minibatchSize()) {
                    int to = Math.min(size, from + config.minibatchSize());
                    int count = to - from;
                    double[] stats = PpoTrainer.meanStd(adv, order, from, to);
                    double mean = stats[0];
                    double std = stats[1];
                    Arrays.fill(encGrad, 0.0);
                    Arrays.fill(headGrad, 0.0);
                    Arrays.fill(criticGrad, 0.0);
                    double weight = 1.0 / count;
                    double minibatchKl = 0;
                    for (int k = from; k < to; k++) {
                        if (deadline.expired()) {
                            return false;
                        }
                        int t = order[k];
                        int m = options.get(t).length;
                        double[] lp = scores.of(options.get(t), globals.get(t));
                        double[][] dLogits = scores.dLogits;
                        double a = (adv[t] - mean) / (std + 1e-8);
                        double ratio = Math.exp(lp[choice[t]] - oldLogProb[t]);
                        boolean clip = (a > 0 && ratio > 1 + eps) || (a < 0 && ratio < 1 - eps);
                        double h = 0;
                        for (int i = 0; i < m; i++) {
                            h -= Math.exp(lp[i]) * lp[i];
                        }
                        for (int i = 0; i < m; i++) {
                            double p = Math.exp(lp[i]);
                            // d(−ρA)/dz_i = −ρA (δ_ic − p_i) where the surrogate is not clipped; −c·H gives c·p_i(lp_i + H).
                            double surrogate = clip ? 0.0 : -ratio * a * ((i == choice[t] ? 1.0 : 0.0) - p);
                            dLogits[i][0] = weight * (surrogate + c * p * (lp[i] + h));
                        }
                        agent.backward(scores.pass, dLogits, encGrad, headGrad);
                        double err = agent.value(scores.pass) - returns[t];
                        sumValueLoss += err * err;
                        agent.backwardValue(scores.pass, weight * err, criticGrad);
                        sumEntropy += h;
                        sumKl += oldLogProb[t] - lp[choice[t]];
                        minibatchKl += oldLogProb[t] - lp[choice[t]];
                        if (clip) {
                            clipped++;
                        }
                    }
                    if (minibatchKl / count > 1.5 * TARGET_KL) {
                        // The policy has moved far enough from the one that collected the batch: no further steps.
                        seen += to - from;
                        finish(sumEntropy, sumKl, sumValueLoss, clipped, seen);
                        return true;
                    }
                    seen += to - from;
                    Adam.clipNormJointly(encGrad, headGrad, config.maxGradNorm());
                    Adam.clipNorm(criticGrad, config.maxGradNorm());
                    encAdam.step(agent.encoder().parameters(), encGrad, learningRate);
                    headAdam.step(agent.head().parameters(), headGrad, learningRate);
                    criticAdam.step(agent.critic().parameters(), criticGrad, learningRate);
                }
                finish(sumEntropy, sumKl, sumValueLoss, clipped, size);
            }
            return true;
        }

        /** The last epoch's statistics over the {@code seen} decisions it used. */
        private void finish(double sumEntropy, double sumKl, double sumValueLoss, int clipped, int seen) {
            entropy = sumEntropy / seen;
            approxKl = sumKl / seen;
            clipFraction = (double) clipped / seen;
            valueLoss = sumValueLoss / seen;
        }

        PpoTrainer.Progress progress(long episodes, int update, int batchEpisodes, double lr, double seconds) {
            return new PpoTrainer.Progress(episodes, update, steps, returnSum / batchEpisodes, entropy, approxKl,
                    clipFraction, valueLoss, lr, seconds);
        }
    }
}
