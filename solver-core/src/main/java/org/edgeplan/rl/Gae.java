package org.edgeplan.rl;

/**
 * Generalised advantage estimation (Schulman et al. 2016) over a batch of consecutive steps that may hold several
 * episodes: {@code δ_t = r_t + γ V(s_{t+1}) (1 − done_t) − V(s_t)}, {@code A_t = δ_t + γλ (1 − done_t) A_{t+1}}.
 * With one-step episodes (every {@code done_t} true), as in the split environment, {@code A_t = r_t − V(s_t)}.
 */
public final class Gae {
    private Gae() {
    }

    /**
     * The advantages of steps 0..T−1.
     *
     * @param rewards    r_t
     * @param values     V(s_t)
     * @param nextValues V(s_{t+1}), the bootstrap value after step t (ignored where {@code done_t})
     * @param done       whether the episode ended with step t
     */
    public static double[] advantages(double[] rewards, double[] values, double[] nextValues, boolean[] done,
                                      double gamma, double lambda) {
        int t = rewards.length;
        if (values.length != t || nextValues.length != t || done.length != t) {
            throw new IllegalArgumentException("rewards, values, next values and done flags differ in length");
        }
        double[] adv = new double[t];
        double next = 0;
        for (int k = t - 1; k >= 0; k--) {
            double notDone = done[k] ? 0.0 : 1.0;
            double delta = rewards[k] + gamma * nextValues[k] * notDone - values[k];
            next = delta + gamma * lambda * notDone * next;
            adv[k] = next;
        }
        return adv;
    }
}
