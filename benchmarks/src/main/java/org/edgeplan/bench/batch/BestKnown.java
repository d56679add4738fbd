package org.edgeplan.bench.batch;

/**
 * The best known value of one instance, kept in {@code instances/best-known.json} and found by the instance's content
 * hash: a run of another instance with the same name (another hash) never meets this value.
 *
 * @param instance  instance name, for people (the hash identifies the instance)
 * @param hash      the instance's content hash ({@link org.edgeplan.io.InstanceIo#contentHash}); empty for an entry
 *                  written by hand or before hashes existed, which is kept but never used
 * @param objective best known objective (the evaluator's score of a plan that was found)
 * @param proven    whether {@code objective} is a proven optimum (a solver's proof, or a published optimum)
 * @param bound     the best proven lower bound known, {@code NaN} when none
 * @param solver    who found the objective (a solver name, or {@code published})
 * @param source    where it comes from: a suite and date, or a citation
 */
public record BestKnown(String instance, String hash, double objective, boolean proven, double bound, String solver,
                        String source) {
    public BestKnown {
        hash = hash == null ? "" : hash;
    }

    /** Whether runs can be matched with this entry (it has a hash). */
    public boolean usable() {
        return !hash.isEmpty();
    }

    /** The first 8 hex digits of the hash, for tables; {@code -} without one. */
    public String shortHash() {
        return shortHash(hash);
    }

    /** The first 8 hex digits of a content hash, for tables; {@code -} for none. */
    public static String shortHash(String hash) {
        if (hash == null || hash.isEmpty()) {
            return "-";
        }
        String hex = hash.substring(hash.indexOf(':') + 1);
        return hex.substring(0, Math.min(8, hex.length()));
    }
}
