package org.edgeplan.pipeline;

/**
 * The ground truth of problem B: scores a {@link PipelinePlan} by an event-driven simulation. This is our
 * reconstruction of the model of Yan et al. (2025), whose paper publishes only the abstract; see
 * {@code docs/models/pipeline-model.md}.
 *
 * <h2>Checks</h2>
 * The plan must have one queue per node; every subtask id {@code 0..subtaskCount-1} must appear exactly once over
 * all queues; its node must be allowed for its endpoint; every transfer it needs must have a channel (each
 * cross-node data edge, the input from the endpoint's device to the node of each source layer, the result from the
 * sink's node back to the device); in static mode all requests of an endpoint put a layer on one node; and a node
 * with a memory capacity must hold the weights of the distinct (endpoint, layer) pairs placed on it. Violations
 * are reported in words, naming subtasks by {@link PipelineInstance#subtaskLabel(int)} and nodes by name; the
 * evaluator never throws for an odd plan.
 *
 * <h2>Simulation</h2>
 * Nodes run non-preemptively, each strictly in its queue order, semi-actively: a subtask starts at
 * {@code max(node free, ready)}. The ready time of (k, v) is the latest arrival of its inputs: for each predecessor
 * u, {@code finish(u) + transfer(outputBytes(u), node(u) -> node(v))} (0 on one node); for a source layer the
 * model input arrives at {@code release(e, k) + transfer(inputBytes, device(e) -> node)}. A request completes when
 * its result is back on the device: {@code finish(sink) + transfer(resultBytes, node(sink) -> device(e))}. Every
 * data edge is its own transfer (a layer read by two consumers on one other node is sent twice).
 *
 * <p>With {@link PipelineInstance#linkExclusive()}, each directed channel (ordered node pair) carries one transfer
 * at a time, latency included, first in first out by the time the data became available (producer's finish; the
 * release time for an input; the sink's finish for a result), ties broken by consumer subtask id (a result counts
 * as consumer {@code subtaskCount + requestId}), then producer id (an input counts as -1). A free channel chooses
 * only after every event at that instant, so the FIFO order is exact, except in the degenerate case of
 * zero-duration transfers (no latency, no bytes) that trigger further transfers at the same instant.
 *
 * <p>A queue order that contradicts precedence (a node's head waits for a subtask queued behind work that waits on
 * it) is a deadlock: it is reported as infeasible, naming the blocked queue heads and what they wait for.
 *
 * <h2>Queue limit</h2>
 * For a node with limit Q, after the simulation, the largest number of its subtasks that are at one time ready but
 * not started (half-open intervals {@code [ready, start)}) must not exceed Q.
 *
 * <h2>Measures</h2>
 * Latency = completion − release; total and mean latency; makespan = the last completion (absolute time);
 * queueing delay = start − ready; per node busy seconds, stall seconds ((last finish − first start) − busy),
 * utilisation (busy / makespan) and subtask count. {@link #evaluate} returns {@code objective()} = total latency or
 * makespan per {@link PipelineInstance#objective()}, {@code +Infinity} when infeasible.
 *
 * <p>This class is stateless and thread-safe. To score many plans of one instance, use a {@link PipelineSimulator}
 * (reusable scratch arrays, an allocation-free {@code objective} fast path).
 */
public final class PipelineEvaluator {
    private PipelineEvaluator() {
    }

    /** The full evaluation of a plan; never throws for a structurally odd plan. */
    public static PipelineEvaluation evaluate(PipelineInstance instance, PipelinePlan plan) {
        return new PipelineSimulator(instance).evaluate(plan);
    }

    /** Just the objective ({@code +Infinity} when infeasible), without messages or per-subtask results. */
    public static double objective(PipelineInstance instance, PipelinePlan plan) {
        return new PipelineSimulator(instance).objective(plan);
    }

    /** A reusable simulator bound to one instance, for scoring many plans quickly. */
    public static PipelineSimulator simulator(PipelineInstance instance) {
        return new PipelineSimulator(instance);
    }
}
