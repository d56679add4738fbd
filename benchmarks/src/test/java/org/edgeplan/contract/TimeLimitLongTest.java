package org.edgeplan.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.instances.ScaledPipelines;
import org.edgeplan.testing.LongTest;
import org.edgeplan.testing.MultiExitFixtures;
import org.edgeplan.testing.SolverContract;

/**
 * Every registered solver keeps its time limit on instances far larger than the shipped ones (issue 15): the solve,
 * from the call to the result and including the solver's own setup, ends within 10 % + 2 s of the limit. Problem A
 * at 10 000 and 100 000 devices (the shipped instances have at most 7, the reported overruns were cp-sat and
 * milp-scip at 100 000 and ppo at 10 000); problem B at 4 200 subtasks (20 endpoints x 30 requests of VGG5 on 2 edge
 * servers, 100 times the shipped small instance's 42). A plan returned must keep the contract.
 *
 * <p>Opt-in ({@link LongTest}): it asserts wall-clock times, which the default suite never does, and takes about a
 * minute. Run it alone, on an otherwise idle machine: {@code mvn -o -pl benchmarks -am test
 * -Dtest=TimeLimitLongTest -Dsurefire.failIfNoSpecifiedTests=false -Dedgeplan.longTests=true}.
 */
@LongTest
class TimeLimitLongTest {
    private static final double LIMIT_SECONDS = 3;
    private static final double ALLOWED_SECONDS = LIMIT_SECONDS * 1.1 + 2;

    static Stream<Arguments> cases() {
        List<Instance> instances = List.of(
                ScaledPipelines.of("vgg5", 20, 2, 30, PlacementMode.DYNAMIC, PipelineObjective.TOTAL_LATENCY),
                MultiExitFixtures.random(15, 10_000, 13),
                MultiExitFixtures.random(15, 100_000, 13));
        List<Arguments> cases = new ArrayList<>();
        for (Instance x : instances) {
            for (Solver<?, ?> solver : SolverRegistry.load().forProblem(x.kind())) {
                cases.add(Arguments.of(solver.name(), x));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void endsWithinTheTimeLimit(String solverName, Instance instance) {
        Solver<?, ?> solver = SolverRegistry.load().find(instance.kind(), solverName);
        long start = System.nanoTime();
        SolveResult<?> result;
        try {
            result = solver.solveAny(instance, new SolverSettings(LIMIT_SECONDS, 1, 1));
        } catch (InvalidInputException tooLarge) {
            // An instance a solver cannot hold in memory is refused with one line (exit 2), also within the limit.
            double wall = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "time-limit %-24s %-40s %6.2f s  refused: %s%n", solverName,
                    instance.name(), wall, tooLarge.getMessage());
            assertThat(wall).isLessThanOrEqualTo(ALLOWED_SECONDS);
            assertThat(tooLarge.getMessage()).contains("heap");
            return;
        }
        double wall = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "time-limit %-24s %-40s %6.2f s  %s  %s%n", solverName, instance.name(), wall,
                result.status().label(), result.message());

        assertThat(wall).as("%s on %s: %s", solverName, instance.name(), result.message())
                .isLessThanOrEqualTo(ALLOWED_SECONDS);
        assertThat(result.status()).as(result.message()).isNotEqualTo(SolveStatus.FAILED);
        if (result.plan() != null) {
            SolverContract.check(instance, result, Double.NaN);
        }
    }
}
