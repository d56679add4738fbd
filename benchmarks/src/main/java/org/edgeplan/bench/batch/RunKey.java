package org.edgeplan.bench.batch;

/** The identity of a run inside a batch: a finished key is skipped when the batch is resumed. */
public record RunKey(String instanceFile, int processors, String solver, long seed, double timeLimitSeconds,
                     int threads) {
    @Override
    public String toString() {
        return instanceFile + (processors > 0 ? "@" + processors : "") + " " + solver + " seed " + seed;
    }
}
