package org.edgeplan.bench.batch;

import org.edgeplan.core.Instance;
import org.edgeplan.core.Solver;

/** One planned run: an instance (already loaded and validated), a solver, a seed. */
record RunSpec(Suite.InstanceRef ref, Instance instance, Solver<?, ?> solver, long seed, double timeLimitSeconds,
               int threads) {
    RunKey key() {
        return new RunKey(ref.relative(), ref.processors(), solver.name(), seed, timeLimitSeconds, threads);
    }
}
