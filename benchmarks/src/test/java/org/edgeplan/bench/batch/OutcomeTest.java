package org.edgeplan.bench.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.testing.ProjectRoot;
import org.junit.jupiter.api.Test;

/** Issue 15, item 6: a solver that runs out of heap is a failed run, not the end of the batch (or of compare). */
class OutcomeTest {
    /** Asks for one array larger than this JVM's heap: a real {@link OutOfMemoryError}, without filling the heap. */
    static final class GreedySolver implements Solver<MultiExitInstance, MultiExitPlan> {
        static long[] kept;

        @Override
        public String name() {
            return "greedy";
        }

        @Override
        public String description() {
            return "allocates 16 GB";
        }

        @Override
        public ProblemKind problem() {
            return ProblemKind.MULTI_EXIT;
        }

        @Override
        public Class<MultiExitInstance> instanceType() {
            return MultiExitInstance.class;
        }

        @Override
        public SolveResult<MultiExitPlan> solve(MultiExitInstance instance, SolverSettings settings, Deadline deadline) {
            kept = new long[Integer.MAX_VALUE - 16];
            return SolveResult.noPlan("unreachable", 0);
        }
    }

    @Test
    void aSolverOutOfMemoryIsAFailedOutcomeWithItsReason() {
        assumeTrue(Runtime.getRuntime().maxMemory() < 16_000_000_000L, "a heap under 16 GB");
        MultiExitInstance instance = InstanceIo.readMultiExit(
                ProjectRoot.instances().resolve(Path.of("multi-exit", "ma2025-image.json")));
        SolverSettings settings = new SolverSettings(5, 0, 1);
        Outcome o = Outcome.run(new GreedySolver(), instance, settings, false);
        assertThat(o.status()).isEqualTo(SolveStatus.FAILED);
        assertThat(o.message()).startsWith("solver 'greedy' failed: out of memory (").contains(" GB)");
        assertThat(o.result().plan()).isNull();
        assertThat(GreedySolver.kept).isNull();
        // The command line's solve wants it thrown (exit status 2).
        assertThatThrownBy(() -> Outcome.run(new GreedySolver(), instance, settings, false, true))
                .isInstanceOf(OutOfMemoryError.class);
    }
}
