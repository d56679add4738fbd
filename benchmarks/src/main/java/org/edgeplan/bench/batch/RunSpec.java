package org.edgeplan.bench.batch;

import org.edgeplan.core.Instance;
import org.edgeplan.core.Solver;

/** One planned run: an instance (already loaded and validated, with its content hash), a solver, a seed. */
public record RunSpec(Suite.InstanceRef ref, Instance instance, String instanceHash, Solver<?, ?> solver, long seed,
                      double timeLimitSeconds, int threads) {
    /** What identifies the run in the record log. */
    public RunKey key() {
        return new RunKey(ref.relative(), ref.processors(), solver.name(), seed, timeLimitSeconds, threads);
    }
}
