package org.edgeplan.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import org.edgeplan.Evaluators;
import org.edgeplan.core.Evaluation;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.testing.ProjectRoot;

/** The Java API snippet of the README, kept compiling and true. */
class ReadmeExampleTest {
    @Test
    void readmeSnippet() {
        Path root = ProjectRoot.root();
        // --- README snippet (paths relative to the checkout) ---
        MultiExitInstance instance = InstanceIo.readMultiExit(root.resolve("instances/multi-exit/ma2025-image.json"));
        Solver<?, ?> solver = SolverRegistry.load().find(ProblemKind.MULTI_EXIT, "exact-joint");
        SolveResult<?> result = solver.solveAny(instance, new SolverSettings(10, 0, 1));
        Evaluation evaluation = Evaluators.evaluate(instance, result.plan());
        System.out.println(result.status() + " " + evaluation.objective() + " bound " + result.bound());
        // --- end of snippet ---
        assertThat(result.status()).isEqualTo(SolveStatus.OPTIMAL);
        // The figure printed in the README's worked example and results table.
        assertThat(evaluation.objective()).isCloseTo(0.613836, within(5e-7));
        assertThat(result.bound()).isCloseTo(evaluation.objective(), within(1e-9));
    }
}
