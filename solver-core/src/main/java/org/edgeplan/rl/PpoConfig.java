package org.edgeplan.rl;

import java.util.List;

import org.edgeplan.core.InvalidInputException;

/**
 * Hyper-parameters of PPO training ({@link PpoTrainer}). {@link #defaults()} are the values used for problem A's
 * results in {@code docs/ppo.md}.
 *
 * @param hiddenSizes         widths of the hidden layers of actor and critic
 * @param activation          activation of the hidden layers
 * @param learningRate        Adam step size at the start (actor and critic)
 * @param annealLearningRate  decay the step size linearly to 0 over the episode budget
 * @param batchEpisodes       whole episodes collected per update
 * @param minibatchSize       samples per gradient step
 * @param epochs              passes over each batch
 * @param clipEpsilon         PPO clip range ε
 * @param entropyCoefficient  weight of the entropy bonus
 * @param maxGradNorm         global gradient norm clip (per network)
 * @param gamma               discount of GAE (irrelevant for one-step episodes)
 * @param lambda              GAE λ
 * @param observationClip     normalised observations are clipped to ±this
 * @param scaleRewards        divide rewards by their running standard deviation
 * @param initialLogStd       initial log σ of the Gaussian parts of the action (problem A: the share logits)
 */
public record PpoConfig(List<Integer> hiddenSizes, Activation activation, double learningRate,
                        boolean annealLearningRate, int batchEpisodes, int minibatchSize, int epochs,
                        double clipEpsilon, double entropyCoefficient, double maxGradNorm, double gamma, double lambda,
                        double observationClip, boolean scaleRewards, double initialLogStd) {
    public PpoConfig {
        hiddenSizes = List.copyOf(hiddenSizes);
        for (int h : hiddenSizes) {
            if (h < 1) {
                throw new InvalidInputException("hidden layer widths must be positive, got " + hiddenSizes);
            }
        }
        if (!(learningRate > 0)) {
            throw new InvalidInputException("learning rate must be positive, got " + learningRate);
        }
        if (batchEpisodes < 1 || minibatchSize < 1 || epochs < 1) {
            throw new InvalidInputException("batch, minibatch and epochs must be at least 1");
        }
        if (!(clipEpsilon > 0) || !(entropyCoefficient >= 0) || !(maxGradNorm > 0)) {
            throw new InvalidInputException("clip and gradient norm must be positive, entropy coefficient >= 0");
        }
        if (!(gamma >= 0 && gamma <= 1) || !(lambda >= 0 && lambda <= 1)) {
            throw new InvalidInputException("GAE discount and lambda must lie in [0, 1], got " + gamma + " and "
                    + lambda);
        }
    }

    /**
     * Two hidden layers of 64 tanh units, Adam 1e-3 annealed, 256 episodes per update, 4 epochs of minibatches of 64,
     * ε = 0.2, entropy coefficient 0.05 (0.01 let some seeds settle on a device choice 13 % worse: see docs/ppo.md),
     * gradient norm 0.5, λ = 0.95, observations clipped at ±5, rewards scaled, initial share σ = 0.5.
     */
    public static PpoConfig defaults() {
        return new PpoConfig(List.of(64, 64), Activation.TANH, 1e-3, true, 256, 64, 4, 0.2, 0.05, 0.5, 1.0, 0.95,
                5.0, true, Math.log(0.5));
    }

    public PpoConfig withHiddenSizes(List<Integer> sizes) {
        return new PpoConfig(sizes, activation, learningRate, annealLearningRate, batchEpisodes, minibatchSize, epochs,
                clipEpsilon, entropyCoefficient, maxGradNorm, gamma, lambda, observationClip, scaleRewards,
                initialLogStd);
    }

    public PpoConfig withLearningRate(double rate) {
        return new PpoConfig(hiddenSizes, activation, rate, annealLearningRate, batchEpisodes, minibatchSize, epochs,
                clipEpsilon, entropyCoefficient, maxGradNorm, gamma, lambda, observationClip, scaleRewards,
                initialLogStd);
    }

    public PpoConfig withBatch(int episodesPerUpdate, int minibatch, int passes) {
        return new PpoConfig(hiddenSizes, activation, learningRate, annealLearningRate, episodesPerUpdate, minibatch,
                passes, clipEpsilon, entropyCoefficient, maxGradNorm, gamma, lambda, observationClip, scaleRewards,
                initialLogStd);
    }

    public PpoConfig withEntropyCoefficient(double coefficient) {
        return new PpoConfig(hiddenSizes, activation, learningRate, annealLearningRate, batchEpisodes, minibatchSize,
                epochs, clipEpsilon, coefficient, maxGradNorm, gamma, lambda, observationClip, scaleRewards,
                initialLogStd);
    }

    /** The same with GAE's discount γ and λ. */
    public PpoConfig withGae(double discount, double gaeLambda) {
        return new PpoConfig(hiddenSizes, activation, learningRate, annealLearningRate, batchEpisodes, minibatchSize,
                epochs, clipEpsilon, entropyCoefficient, maxGradNorm, discount, gaeLambda, observationClip, scaleRewards,
                initialLogStd);
    }

    public PpoConfig withActivation(Activation a) {
        return new PpoConfig(hiddenSizes, a, learningRate, annealLearningRate, batchEpisodes, minibatchSize, epochs,
                clipEpsilon, entropyCoefficient, maxGradNorm, gamma, lambda, observationClip, scaleRewards,
                initialLogStd);
    }
}
