package org.edgeplan.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.edgeplan.Evaluators;
import org.edgeplan.core.Instance;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.pipeline.instances.StgImporter;
import org.edgeplan.pipeline.instances.StgOptima;
import org.edgeplan.testing.ProjectRoot;
import org.edgeplan.testing.SolverContract;

/**
 * The contract every registered solver of every module must keep, checked on small shipped instances of its
 * problem: a plan whenever the status says so, accepted by the one evaluator, whose score equals the solver's own
 * objective; a bound never above a known optimum; {@code optimal} only when the objective meets the known optimum;
 * the same seed gives the same objective. Known optima: for problem A, brute-force enumeration of every split vector
 * for the exit set the plan uses (solvers may choose exits, so each plan is held to the optimum of its own exit
 * set) and the joint optimum over exit sets as a floor for every plan; for problem B, the published STG optimum.
 * The per-result checks, with each problem's plan invariants, are {@link SolverContract}; new solvers are picked up
 * from the registry without editing this test.
 */
class SolverContractTest {
    private static final SolverSettings SETTINGS = new SolverSettings(20, 7, 1);
    private static final double REL = SolverContract.REL;

    /** Small instances per problem with their proven optimum where one is known (NaN otherwise). */
    static Map<Instance, Double> instances(ProblemKind kind) {
        Path root = ProjectRoot.instances();
        Map<Instance, Double> out = new LinkedHashMap<>();
        if (kind == ProblemKind.MULTI_EXIT) {
            for (String file : List.of("multi-exit/ma2025-image.json", "multi-exit/sweep/ma2025-video-bw01.json")) {
                Instance x = InstanceIo.read(root.resolve(file));
                SolveResult<?> joint = SolverRegistry.load().find(ProblemKind.MULTI_EXIT, "exact-joint")
                        .solveAny(x, SETTINGS);
                assertThat(joint.status()).isEqualTo(SolveStatus.OPTIMAL);
                out.put(x, joint.solverObjective());
            }
        } else {
            out.put(InstanceIo.read(root.resolve("pipeline/small.json")), Double.NaN);
            Path optima = root.resolve("stg/optima.csv");
            StgOptima.Entry first = StgOptima.read(optima).get(0);
            out.put(StgImporter.read(StgOptima.resolve(optima, first), first.processors()),
                    (double) first.optimalMakespan());
        }
        return out;
    }

    /** The proven optimum over split vectors for a fixed exit set, by enumeration. */
    static double bruteForce(MultiExitInstance a, ExitSet exits) {
        MultiExitInstance fixed = new MultiExitInstance(a.name(), a.description(), a.dnn(), a.devices(),
                a.edgeSpeedFlopsPerSecond(), a.latencyWeight(), a.energyWeight(), exits);
        SolveResult<?> proof = SolverRegistry.load().find(ProblemKind.MULTI_EXIT, "brute-force")
                .solveAny(fixed, SETTINGS);
        assertThat(proof.status()).as(proof.message()).isEqualTo(SolveStatus.OPTIMAL);
        return proof.solverObjective();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (ProblemKind kind : ProblemKind.values()) {
            Map<Instance, Double> instances = instances(kind);
            for (Solver<?, ?> solver : SolverRegistry.load().forProblem(kind)) {
                instances.forEach((x, optimum) -> cases.add(Arguments.of(kind.label(), solver.name(), x, optimum)));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("cases")
    void keepsTheContract(String problem, String solverName, Instance instance, double optimum) {
        Solver<?, ?> solver = SolverRegistry.load().find(ProblemKind.fromLabel(problem), solverName);
        SolveResult<?> result = solver.solveAny(instance, SETTINGS);

        assertThat(result.status()).as(result.message()).isIn(SolveStatus.OPTIMAL, SolveStatus.FEASIBLE);
        // Problem A: each plan is held to the optimum of its own exit set (solvers may choose exits); the joint
        // optimum over exit sets (the map's value) stays a floor below every plan.
        double held = instance instanceof MultiExitInstance a ? bruteForce(a, ((MultiExitPlan) result.plan()).exits())
                : optimum;
        double objective = SolverContract.check(instance, result, held);
        if (instance instanceof MultiExitInstance) {
            assertThat(objective).as("no plan beats the joint optimum").isGreaterThanOrEqualTo(optimum * (1 - REL));
        }

        // Same seed, same result: compared when the solver stopped on its own, not on the clock.
        if (result.wallSeconds() < SETTINGS.timeLimitSeconds() / 2) {
            SolveResult<?> again = solver.solveAny(instance, SETTINGS);
            assertThat(again.status()).isEqualTo(result.status());
            assertThat(Evaluators.evaluate(instance, again.plan()).objective()).as("deterministic").isEqualTo(objective);
        }
    }
}
