package org.edgeplan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.edgeplan.testing.RandomPipelines;

/**
 * {@link QueueTiming}, the one timing of problem B, against an independent definition: a fixed-point sweep that
 * starts each node's queue head once its producers are done, written here on {@link PipelineInstance}'s public API
 * only. The evaluator (which times every plan without exclusive links with {@link QueueTiming}) must report exactly
 * the oracle's times, transfers and completions, bit for bit, on random plans that respect precedence and on
 * shuffled ones that deadlock.
 */
class QueueTimingTest {
    /** The oracle's times of one plan; NaN for subtasks that never start. */
    private record OracleTimes(double[] ready, double[] start, double[] finish) {
    }

    /** Durations as functions of the instance, in seconds or in any other unit. */
    private interface Clock {
        double compute(int id, int node);

        double input(int id, int node);

        double edge(int producer, int from, double finish, int to);
    }

    private static Clock seconds(PipelineInstance inst) {
        return new Clock() {
            @Override
            public double compute(int id, int node) {
                return inst.computeSeconds(id, node);
            }

            @Override
            public double input(int id, int node) {
                int e = inst.subtaskEndpoint(id);
                return inst.releaseSeconds(e, inst.subtaskRequest(id))
                        + inst.transferSeconds(inst.deviceOf(e), node, inst.model(e).inputBytes());
            }

            @Override
            public double edge(int producer, int from, double finish, int to) {
                DnnGraph model = inst.model(inst.subtaskEndpoint(producer));
                return finish + inst.transferSeconds(from, to,
                        model.layer(inst.subtaskLayer(producer)).outputBytes());
            }
        };
    }

    private static OracleTimes oracle(PipelineInstance inst, PipelinePlan plan, Clock clock) {
        int n = inst.subtaskCount();
        int[] nodeOf = plan.nodeOf(n);
        double[] ready = new double[n];
        double[] start = new double[n];
        double[] finish = new double[n];
        Arrays.fill(ready, Double.NaN);
        Arrays.fill(start, Double.NaN);
        Arrays.fill(finish, Double.NaN);
        int[] head = new int[inst.nodeCount()];
        double[] free = new double[inst.nodeCount()];
        Arrays.fill(free, Double.NEGATIVE_INFINITY);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int node = 0; node < inst.nodeCount(); node++) {
                while (head[node] < plan.queueLength(node)) {
                    int id = plan.queueEntry(node, head[node]);
                    int e = inst.subtaskEndpoint(id);
                    DnnGraph model = inst.model(e);
                    int v = inst.subtaskLayer(id);
                    double r = model.isSource(v) ? clock.input(id, node) : Double.NEGATIVE_INFINITY;
                    boolean inputsDone = true;
                    for (int p = 0; p < model.predecessorCount(v); p++) {
                        int u = inst.subtaskId(e, inst.subtaskRequest(id), model.predecessor(v, p));
                        if (Double.isNaN(finish[u])) {
                            inputsDone = false;
                            break;
                        }
                        r = Math.max(r, clock.edge(u, nodeOf[u], finish[u], node));
                    }
                    if (!inputsDone) {
                        break;
                    }
                    ready[id] = r;
                    start[id] = Math.max(free[node], r);
                    finish[id] = start[id] + clock.compute(id, node);
                    free[node] = finish[id];
                    head[node]++;
                    progress = true;
                }
            }
        }
        return new OracleTimes(ready, start, finish);
    }

    /** Queues in a random order that may contradict precedence (then the plan deadlocks). */
    private static PipelinePlan shuffled(SplittableRandom random, PipelineInstance inst, int[] nodeOf) {
        List<List<Integer>> queues = new ArrayList<>();
        for (int node = 0; node < inst.nodeCount(); node++) {
            queues.add(new ArrayList<>());
        }
        for (int id = 0; id < nodeOf.length; id++) {
            List<Integer> q = queues.get(nodeOf[id]);
            q.add(random.nextInt(q.size() + 1), id);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> q : queues) {
            out.add(q.stream().mapToInt(Integer::intValue).toArray());
        }
        return new PipelinePlan(out);
    }

    @Test
    void evaluatorTimesEqualTheOracleBitForBit() {
        SplittableRandom random = new SplittableRandom(20261202);
        int deadlocked = 0;
        int feasible = 0;
        for (int trial = 0; trial < 600; trial++) {
            PlacementMode mode = random.nextBoolean() ? PlacementMode.DYNAMIC : PlacementMode.STATIC;
            PipelineInstance inst = RandomPipelines.instance(random, false, mode);
            int[] nodeOf = RandomPipelines.placement(random, inst);
            PipelinePlan plan = trial % 2 == 0 ? RandomPipelines.randomOrder(random, inst, nodeOf)
                    : shuffled(random, inst, nodeOf);
            PipelineEvaluation ev = PipelineEvaluator.evaluate(inst, plan);
            if (!ev.simulated()) {
                continue;
            }
            OracleTimes expected = oracle(inst, plan, seconds(inst));
            boolean complete = true;
            for (int id = 0; id < inst.subtaskCount(); id++) {
                String what = "trial " + trial + " subtask " + inst.subtaskLabel(id);
                assertSame(ev.startSeconds(id), expected.start()[id]);
                assertSame(ev.finishSeconds(id), expected.finish()[id]);
                assertSame(ev.readySeconds(id), Double.isNaN(expected.finish()[id])
                        ? arrivedSoFar(inst, plan.nodeOf(inst.subtaskCount()), expected, id) : expected.ready()[id]);
                complete &= !Double.isNaN(expected.finish()[id]);
            }
            for (int r = 0; r < inst.requestCount(); r++) {
                assertSame(ev.completionSeconds(r), completion(inst, plan.nodeOf(inst.subtaskCount()), expected, r));
            }
            for (PipelineEvaluation.Transfer t : ev.transfers()) {
                double sent = t.producer() >= 0 ? expected.finish()[t.producer()]
                        : inst.releaseSeconds(inst.subtaskEndpoint(t.consumer()), inst.subtaskRequest(t.consumer()));
                assertSame(t.availableSeconds(), sent);
                assertSame(t.startSeconds(), sent);
                assertSame(t.finishSeconds(), sent + inst.transferSeconds(t.fromNode(), t.toNode(),
                        t.bytes()));
            }
            deadlocked += complete ? 0 : 1;
            feasible += ev.feasible() ? 1 : 0;
        }
        assertThat(deadlocked).as("deadlocked plans among the trials").isGreaterThan(50);
        assertThat(feasible).as("feasible plans among the trials").isGreaterThan(200);
    }

    /**
     * The ready time the evaluator reports for a subtask that never starts: the latest arrival among the inputs that
     * did arrive (the model input always arrives), -Infinity when none did.
     */
    private static double arrivedSoFar(PipelineInstance inst, int[] nodeOf, OracleTimes times, int id) {
        Clock clock = seconds(inst);
        int e = inst.subtaskEndpoint(id);
        DnnGraph model = inst.model(e);
        int v = inst.subtaskLayer(id);
        if (model.isSource(v)) {
            return clock.input(id, nodeOf[id]);
        }
        double arrived = Double.NEGATIVE_INFINITY;
        for (int p = 0; p < model.predecessorCount(v); p++) {
            int u = inst.subtaskId(e, inst.subtaskRequest(id), model.predecessor(v, p));
            if (!Double.isNaN(times.finish()[u])) {
                arrived = Math.max(arrived, clock.edge(u, nodeOf[u], times.finish()[u], nodeOf[id]));
            }
        }
        return arrived;
    }

    /** Bitwise equality: NaN equals NaN (a subtask that never starts), and 0.0 differs from -0.0. */
    private static void assertSame(double actual, double expected) {
        assertThat(Double.valueOf(actual)).isEqualTo(Double.valueOf(expected));
    }

    private static double completion(PipelineInstance inst, int[] nodeOf, OracleTimes times, int request) {
        for (int e = 0; e < inst.endpointCount(); e++) {
            for (int k = 0; k < inst.endpoint(e).requestCount(); k++) {
                if (inst.requestId(e, k) == request) {
                    int sink = inst.subtaskId(e, k, inst.model(e).sink());
                    return times.finish()[sink] + inst.transferSeconds(nodeOf[sink], inst.deviceOf(e),
                            inst.model(e).resultBytes());
                }
            }
        }
        throw new AssertionError("no request " + request);
    }

    @Test
    void timesInAnyUnitFollowTheSameRecurrence() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            PipelineInstance inst = RandomPipelines.instance(random, false, PlacementMode.DYNAMIC);
            int[] nodeOf = RandomPipelines.placement(random, inst);
            PipelinePlan plan = trial % 2 == 0 ? RandomPipelines.randomOrder(random, inst, nodeOf)
                    : shuffled(random, inst, nodeOf);
            // Integer "units": durations rounded to microseconds, as an exact model would.
            Clock units = new Clock() {
                @Override
                public double compute(int id, int node) {
                    return Math.round(inst.computeSeconds(id, node) * 1e6);
                }

                @Override
                public double input(int id, int node) {
                    return Math.round(seconds(inst).input(id, node) * 1e6);
                }

                @Override
                public double edge(int producer, int from, double finish, int to) {
                    return finish + Math.round((seconds(inst).edge(producer, from, 0.0, to)) * 1e6);
                }
            };
            CompiledPipeline compiled = new CompiledPipeline(inst);
            QueueTiming timing = new QueueTiming(compiled);
            int timed = timing.time(plan, new QueueTiming.Durations() {
                @Override
                public double compute(int id, int node) {
                    return units.compute(id, node);
                }

                @Override
                public double inputArrival(int id, int node) {
                    return units.input(id, node);
                }

                @Override
                public double edgeArrival(int edge, int from, double finish, int to) {
                    return units.edge(compiled.producer(edge), from, finish, to);
                }
            });
            OracleTimes expected = oracle(inst, plan, units);
            int expectedTimed = 0;
            for (int id = 0; id < inst.subtaskCount(); id++) {
                assertSame(timing.start(id), expected.start()[id]);
                assertSame(timing.finish(id), expected.finish()[id]);
                assertSame(timing.ready(id), expected.ready()[id]);
                expectedTimed += Double.isNaN(expected.finish()[id]) ? 0 : 1;
            }
            assertThat(timed).isEqualTo(expectedTimed).isEqualTo(timing.timedCount());
        }
    }
}
