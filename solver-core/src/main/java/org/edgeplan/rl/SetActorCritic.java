package org.edgeplan.rl;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A permutation-invariant actor-critic over a set of entities (Deep Sets, Zaheer et al. 2017): the same weights for
 * any number of entities.
 * <ul>
 *   <li>encoder φ: each entity's normalised features, with the global features appended, to an embedding
 *       {@code e_i} (every layer with the hidden activation);</li>
 *   <li>pooled context: the mean and the element-wise maximum of the embeddings over the entities;</li>
 *   <li>head ψ: {@code [e_i, mean, max]} to the logits of the entity's options (shared weights: one categorical per
 *       entity);</li>
 *   <li>critic: {@code [mean, max, global]} to the value of the state. The critic reads the encoder's pooled embedding
 *       without training it (no gradient flows from the value loss into the encoder), so the two losses do not
 *       compete for the encoder.</li>
 * </ul>
 * Permuting the entities permutes the logits (the maximum is order-free; the mean is a sum in the entities' order,
 * which may differ in the last bits). Entity and global features are normalised with running statistics saved with
 * the agent, one statistic per feature column, shared by all entities. Mutable while training.
 */
public final class SetActorCritic {
    private final int entityFeatures;
    private final int globalFeatures;
    private final int options;
    private final Mlp encoder;
    private final Mlp head;
    private final Mlp critic;
    private final RunningMeanStd entityStats;
    private final RunningMeanStd globalStats;
    private final double observationClip;
    private final RunningMeanStd rewardStats;

    /** An agent from its parts (a policy file reader, {@link #initial}); the networks must fit together. */
    public SetActorCritic(Mlp encoder, Mlp head, Mlp critic, RunningMeanStd entityStats, RunningMeanStd globalStats,
                          double observationClip, RunningMeanStd rewardStats) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.head = Objects.requireNonNull(head, "head");
        this.critic = Objects.requireNonNull(critic, "critic");
        this.entityStats = Objects.requireNonNull(entityStats, "entityStats");
        this.globalStats = Objects.requireNonNull(globalStats, "globalStats");
        this.rewardStats = Objects.requireNonNull(rewardStats, "rewardStats");
        this.observationClip = observationClip;
        this.entityFeatures = entityStats.size();
        this.globalFeatures = globalStats.size();
        this.options = head.outputSize();
        int e = encoder.outputSize();
        if (encoder.inputSize() != entityFeatures + globalFeatures) {
            throw new IllegalArgumentException("the encoder takes " + encoder.inputSize() + " inputs, the statistics "
                    + entityFeatures + " entity and " + globalFeatures + " global features");
        }
        if (head.inputSize() != 3 * e) {
            throw new IllegalArgumentException("the head must take 3 × " + e + " inputs (embedding, mean, max), got "
                    + head.inputSize());
        }
        if (critic.inputSize() != 2 * e + globalFeatures || critic.outputSize() != 1) {
            throw new IllegalArgumentException("the critic must take " + (2 * e + globalFeatures) + " inputs and give 1,"
                    + " got " + critic.inputSize() + " and " + critic.outputSize());
        }
        if (options < 1 || rewardStats.size() != 1) {
            throw new IllegalArgumentException("at least one option and reward statistics of size 1 are needed");
        }
    }

    /**
     * A fresh agent: encoder {@code entity + global → hidden sizes} (all with the configured activation), head
     * {@code 3E → E → options}, critic {@code 2E + global → E → 1} (E the last hidden width), weights drawn from
     * {@code random} in that order; the head's last layer scaled by 0.01 so that the first policy is nearly uniform.
     */
    public static SetActorCritic initial(int entityFeatures, int globalFeatures, int options, PpoConfig config,
                                         SplittableRandom random) {
        List<Integer> hidden = config.hiddenSizes();
        if (hidden.isEmpty()) {
            throw new IllegalArgumentException("a set policy needs at least one hidden layer (the embedding)");
        }
        int[] encSizes = new int[hidden.size() + 1];
        encSizes[0] = entityFeatures + globalFeatures;
        for (int k = 0; k < hidden.size(); k++) {
            encSizes[k + 1] = hidden.get(k);
        }
        int e = hidden.get(hidden.size() - 1);
        Mlp encoder = new Mlp(encSizes, config.activation(), config.activation());
        Mlp head = new Mlp(new int[] {3 * e, e, options}, config.activation(), Activation.IDENTITY);
        Mlp critic = new Mlp(new int[] {2 * e + globalFeatures, e, 1}, config.activation(), Activation.IDENTITY);
        encoder.initialise(random, 1.0);
        head.initialise(random, 0.01);
        critic.initialise(random, 1.0);
        return new SetActorCritic(encoder, head, critic, new RunningMeanStd(entityFeatures),
                new RunningMeanStd(globalFeatures), config.observationClip(), new RunningMeanStd(1));
    }

    /** An independent deep copy. */
    public SetActorCritic copy() {
        return new SetActorCritic(encoder.copy(), head.copy(), critic.copy(), entityStats.copy(), globalStats.copy(),
                observationClip, rewardStats.copy());
    }

    public int entityFeatures() {
        return entityFeatures;
    }

    public int globalFeatures() {
        return globalFeatures;
    }

    public int options() {
        return options;
    }

    public Mlp encoder() {
        return encoder;
    }

    public Mlp head() {
        return head;
    }

    public Mlp critic() {
        return critic;
    }

    public RunningMeanStd entityStats() {
        return entityStats;
    }

    public RunningMeanStd globalStats() {
        return globalStats;
    }

    public double observationClip() {
        return observationClip;
    }

    public RunningMeanStd rewardStats() {
        return rewardStats;
    }

    /** Every weight and statistic as one array, for bitwise comparisons of agents. */
    public double[] allParameters() {
        double[][] parts = {encoder.parameters(), head.parameters(), critic.parameters(), entityStats.mean(),
                entityStats.variance(), globalStats.mean(), globalStats.variance(), rewardStats.mean(),
                rewardStats.variance()};
        double[] all = new double[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int k = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, all, k, p.length);
            k += p.length;
        }
        return all;
    }

    /** Normalised copies of raw entity rows (clipped to ± the observation clip), checking their width. */
    public double[][] normaliseEntities(double[][] raw) {
        double[][] out = new double[raw.length][entityFeatures];
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].length != entityFeatures) {
                throw new IllegalArgumentException("entity " + i + " has " + raw[i].length + " features, the agent"
                        + " takes " + entityFeatures);
            }
            entityStats.normalise(raw[i], out[i], observationClip);
        }
        return out;
    }

    /** A normalised copy of the raw global features. */
    public double[] normaliseGlobal(double[] raw) {
        if (raw.length != globalFeatures) {
            throw new IllegalArgumentException("the state has " + raw.length + " global features, the agent takes "
                    + globalFeatures);
        }
        double[] out = new double[globalFeatures];
        globalStats.normalise(raw, out, observationClip);
        return out;
    }

    /**
     * The greedy action for raw features with the statistics as they are: the most likely allowed option of every
     * entity (the lowest on ties).
     *
     * @param mask allowed options ({@code entities × options}) or null
     */
    public int[] act(double[][] rawEntities, double[] rawGlobal, boolean[] mask) {
        double[][] logits = logits(rawEntities, rawGlobal);
        int[] choices = new int[rawEntities.length];
        for (int i = 0; i < choices.length; i++) {
            double[] y = logits[i];
            int best = -1;
            for (int o = 0; o < options; o++) {
                if ((mask == null || mask[i * options + o]) && (best < 0 || y[o] > y[best])) {
                    best = o;
                }
            }
            if (best < 0) {
                throw new IllegalArgumentException("the mask allows no option of entity " + i);
            }
            choices[i] = best;
        }
        return choices;
    }

    /** The logits of every entity for raw features (statistics frozen), entity by entity. */
    public double[][] logits(double[][] rawEntities, double[] rawGlobal) {
        Pass pass = new Pass(this);
        forward(normaliseEntities(rawEntities), normaliseGlobal(rawGlobal), pass);
        double[][] out = new double[rawEntities.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = pass.logits[i].clone();
        }
        return out;
    }

    /** The forward pass over normalised features; the logits are in {@code pass.logits(i)}. */
    public void forward(double[][] entities, double[] global, Pass pass) {
        int m = entities.length;
        if (m < 1) {
            throw new IllegalArgumentException("a set policy needs at least one entity");
        }
        pass.ensure(m);
        int e = encoder.outputSize();
        double[] in = new double[entityFeatures + globalFeatures];
        System.arraycopy(global, 0, in, entityFeatures, globalFeatures);
        Arrays.fill(pass.mean, 0.0);
        Arrays.fill(pass.max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < m; i++) {
            System.arraycopy(entities[i], 0, in, 0, entityFeatures);
            double[] emb = encoder.forward(in, pass.enc[i]);
            System.arraycopy(emb, 0, pass.emb[i], 0, e);
            for (int k = 0; k < e; k++) {
                pass.mean[k] += emb[k];
                // Ties keep the first entity: the maximum's value is order-free, its gradient goes to one entity.
                if (emb[k] > pass.max[k]) {
                    pass.max[k] = emb[k];
                    pass.argmax[k] = i;
                }
            }
        }
        for (int k = 0; k < e; k++) {
            pass.mean[k] /= m;
        }
        double[] hin = new double[3 * e];
        System.arraycopy(pass.mean, 0, hin, e, e);
        System.arraycopy(pass.max, 0, hin, 2 * e, e);
        for (int i = 0; i < m; i++) {
            System.arraycopy(pass.emb[i], 0, hin, 0, e);
            System.arraycopy(head.forward(hin, pass.hd[i]), 0, pass.logits[i], 0, options);
        }
        System.arraycopy(pass.mean, 0, pass.criticIn, 0, e);
        System.arraycopy(pass.max, 0, pass.criticIn, e, e);
        System.arraycopy(global, 0, pass.criticIn, 2 * e, globalFeatures);
        pass.m = m;
    }

    /** The critic's value of the state of the last {@link #forward} in {@code pass} (uses the pass's workspace). */
    public double value(Pass pass) {
        return critic.forward(pass.criticIn, pass.criticWs)[0];
    }

    /**
     * Backward pass of the last {@link #forward} in {@code pass}: adds dLoss/dParameters of encoder and head to the
     * gradients (layouts of their parameter arrays), given dLoss/dLogits per entity.
     */
    public void backward(Pass pass, double[][] dLogits, double[] encoderGradient, double[] headGradient) {
        int m = pass.m;
        int e = encoder.outputSize();
        double[] dMean = new double[e];
        double[] dMax = new double[e];
        double[] dIn = new double[3 * e];
        for (int i = 0; i < m; i++) {
            head.backward(pass.hd[i], dLogits[i], headGradient, dIn);
            double[] dE = pass.dEmb[i];
            System.arraycopy(dIn, 0, dE, 0, e);
            for (int k = 0; k < e; k++) {
                dMean[k] += dIn[e + k];
                dMax[k] += dIn[2 * e + k];
            }
        }
        for (int k = 0; k < e; k++) {
            dMean[k] /= m;
            pass.dEmb[pass.argmax[k]][k] += dMax[k];
        }
        for (int i = 0; i < m; i++) {
            double[] dE = pass.dEmb[i];
            for (int k = 0; k < e; k++) {
                dE[k] += dMean[k];
            }
            encoder.backward(pass.enc[i], dE, encoderGradient, null);
        }
    }

    /** Adds dLoss/dParameters of the critic for dLoss/dValue of the last {@link #value} call in {@code pass}. */
    public void backwardValue(Pass pass, double dValue, double[] criticGradient) {
        critic.backward(pass.criticWs, new double[] {dValue}, criticGradient, null);
    }

    /** The activations of one forward pass over a set (grown as needed; reusable). */
    public static final class Pass {
        private final SetActorCritic agent;
        private Mlp.Workspace[] enc = new Mlp.Workspace[0];
        private Mlp.Workspace[] hd = new Mlp.Workspace[0];
        private double[][] emb = new double[0][];
        private double[][] dEmb = new double[0][];
        private double[][] logits = new double[0][];
        private final double[] mean;
        private final double[] max;
        private final int[] argmax;
        private final double[] criticIn;
        private final Mlp.Workspace criticWs;
        private int m;

        public Pass(SetActorCritic agent) {
            this.agent = agent;
            int e = agent.encoder.outputSize();
            mean = new double[e];
            max = new double[e];
            argmax = new int[e];
            criticIn = new double[2 * e + agent.globalFeatures];
            criticWs = agent.critic.newWorkspace();
        }

        void ensure(int entities) {
            int old = enc.length;
            if (entities <= old) {
                return;
            }
            int e = agent.encoder.outputSize();
            enc = Arrays.copyOf(enc, entities);
            hd = Arrays.copyOf(hd, entities);
            emb = Arrays.copyOf(emb, entities);
            dEmb = Arrays.copyOf(dEmb, entities);
            logits = Arrays.copyOf(logits, entities);
            for (int i = old; i < entities; i++) {
                enc[i] = agent.encoder.newWorkspace();
                hd[i] = agent.head.newWorkspace();
                emb[i] = new double[e];
                dEmb[i] = new double[e];
                logits[i] = new double[agent.options];
            }
        }

        /** Entities of the last forward pass. */
        public int entities() {
            return m;
        }

        /** The logits of entity i in the last forward pass (live). */
        public double[] logits(int i) {
            return logits[i];
        }
    }
}
