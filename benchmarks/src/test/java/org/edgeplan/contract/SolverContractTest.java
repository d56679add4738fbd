package org.edgeplan.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.PipelineInstance;
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

    /**
     * Valid instances that every solver must take without throwing (issue 15): problem A with the edge unreachable
     * (bandwidth 0; device-only is feasible) and with devices so slow that every cost on them overflows; problem B
     * with a required channel missing and with no node holding the weights of any layer (both infeasible, provably
     * so before any search).
     */
    static Stream<Arguments> hostileCases() {
        Path root = ProjectRoot.instances();
        MultiExitInstance image = (MultiExitInstance) InstanceIo.read(root.resolve("multi-exit/ma2025-image.json"));
        MultiExitInstance slow = new MultiExitInstance("image-slow", "devices at 1e-300 FLOP/s", image.dnn(),
                image.devices().stream().map(d -> new Device(d.name(), 1e-300, d.computePowerWatts(),
                        d.transmitPowerWatts(), d.bandwidthBitsPerSecond(), d.exitProbabilities())).toList(),
                image.edgeSpeedFlopsPerSecond(), image.latencyWeight(), image.energyWeight(), image.defaultExits());
        PipelineInstance small = (PipelineInstance) InstanceIo.read(root.resolve("pipeline/small.json"));
        PipelineInstance noMemory = new PipelineInstance("small-no-memory", "every node holds 1 byte",
                small.nodes().stream().map(n -> new Node(n.name(), n.kind(), n.speedFlopsPerSecond(),
                        OptionalLong.of(1), n.queueLimit())).toList(),
                small.links(), small.defaultLink(), small.models(), small.endpoints(), small.mode(), small.objective(),
                small.linkExclusive());
        Endpoint b = small.endpoint(1);
        PipelineInstance noChannel = new PipelineInstance("small-no-channel",
                "camera b must offload but has no link", small.nodes(), small.links().subList(0, 1),
                small.defaultLink(), small.models(),
                List.of(small.endpoint(0), new Endpoint(b.name(), b.device(), b.model(), b.releaseTimesSeconds(),
                        List.of("edge-gpu"))),
                small.mode(), small.objective(), small.linkExclusive());
        Map<Instance, Boolean> hostile = new LinkedHashMap<>();
        hostile.put(image.withBandwidth("image-bw0", 0), true);
        hostile.put(slow, false);
        hostile.put(noMemory, false);
        hostile.put(noChannel, false);
        List<Arguments> cases = new ArrayList<>();
        hostile.forEach((x, deviceOnlyFeasible) -> {
            for (Solver<?, ?> solver : SolverRegistry.load().forProblem(x.kind())) {
                cases.add(Arguments.of(x.kind().label(), solver.name(), x, deviceOnlyFeasible));
            }
        });
        return cases.stream();
    }

    /**
     * On a hostile instance a solver returns a plan that keeps the contract, or says with a message why it has
     * none (infeasible, or unknown for a heuristic that cannot prove it); it never throws and never fails. Where a
     * plan provably exists (device-only on problem A with bandwidth 0) every solver but those restricted to the
     * edge finds one, and no solver claims infeasibility.
     */
    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("hostileCases")
    void takesHostileInstancesWithoutFailing(String problem, String solverName, Instance instance,
                                             boolean planExists) {
        Solver<?, ?> solver = SolverRegistry.load().find(ProblemKind.fromLabel(problem), solverName);
        SolveResult<?> result = solver.solveAny(instance, new SolverSettings(10, 7, 1));

        assertThat(result.status()).as(result.message()).isNotEqualTo(SolveStatus.FAILED);
        if (result.status() == SolveStatus.OPTIMAL || result.status() == SolveStatus.FEASIBLE) {
            SolverContract.check(instance, result, Double.NaN);
        } else {
            assertThat(result.message()).as("a status without a plan says why").isNotBlank();
        }
        if (planExists) {
            assertThat(result.status()).as(result.message()).isNotEqualTo(SolveStatus.INFEASIBLE);
        }
        if (instance instanceof PipelineInstance) {
            assertThat(result.status()).as("no plan exists: " + result.message())
                    .isIn(SolveStatus.INFEASIBLE, SolveStatus.UNKNOWN);
        }
    }
}
