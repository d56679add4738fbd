package org.edgeplan.pipeline.heuristics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.ListScheduler;
import org.edgeplan.pipeline.MultiEndpointDag;
import org.edgeplan.pipeline.PipelineEvaluation;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSimulator;
import org.edgeplan.pipeline.PipelineSolver;
import org.edgeplan.pipeline.PlacementMode;
import org.edgeplan.pipeline.baselines.PipelineDeviceOnlySolver;
import org.edgeplan.pipeline.baselines.PipelineEdgeOnlySolver;

/**
 * The two steps of Yan et al. (IEEE IoT Journal 12(19), 2025) as we read their abstract, alternated until the
 * placement stops changing.
 *
 * <h2>What the paper says (abstract only) and how we read it</h2>
 * <ol>
 *   <li><b>Dynamic prescheduling</b>: "an improved DNN scheduling algorithm for constrained subtasks, which simulates
 *   node-level queuing delays and pipeline stalls under real-world constraints, translating runtime states into
 *   latency objectives". Ours: the current plan is simulated by the one evaluator ({@link PipelineSimulator}: node
 *   queues, transfers, stalls, exclusive links, memory and queue limits), and its runtime state becomes, per node,
 *   the <em>virtual waiting time</em> {@code V_n(t)}: the compute node n still owes at time t to subtasks whose inputs
 *   are there ({@link NodeBacklog}). A request does not wait for itself: its own subtasks are left out of the
 *   waits it sees. Stalls enter through the simulated times.</li>
 *   <li><b>Partitioning and offloading retrieval</b> over "a novel multiendpoint DAG structure" with "a multinode
 *   collaborative optimization retrieval algorithm, enabling adaptive partitioning-offloading remapping of
 *   subtasks". Ours: the cheapest path through the endpoint's (layer × node) choice graph of the
 *   {@link MultiEndpointDag} ({@link ChoiceRetrieval}): node weight = compute + waiting, edge weight = transfer. The
 *   waiting of layer v on node n is read at the time the path would bring the request's data to n
 *   ({@code V_n(release + estimated arrival)}), which a layer-by-layer sweep of the choice graph can do and
 *   JGraphT's Dijkstra, with fixed weights, cannot; JGraphT's Dijkstra finds the uncontended paths (zero waits).
 *   Dynamic mode: one path per request, each under its own waits. Static mode: one path per endpoint for all its
 *   requests, the one among the requests' own best paths (and the current one) with the least estimated total
 *   latency over the endpoint's requests.</li>
 *   <li><b>Repeat</b> until the placement no longer changes.</li>
 * </ol>
 * The code published with the paper holds only an early prescheduling routine (with defects listed in
 * {@code docs/models/pipeline-model.md}); nothing of it is ported here.
 *
 * <h2>What we invented</h2>
 * <ul>
 *   <li>Starts, the best of which by the evaluator is kept: the device-only and edge-only baselines' plans (exactly
 *   those solvers' results, so the result is never worse than either when one is feasible); every endpoint's
 *   uncontended cheapest path; and a <em>constructive prescheduling</em> pass: requests in release order, each
 *   retrieving its cheapest path against the node queues booked by the requests before it (insertion into idle
 *   gaps, as in HEFT; {@link NodeTimeline}), then booking its layers at their estimated times (static mode: an
 *   endpoint's first request fixes its path). The constructive placement is offered both list-scheduled and in
 *   the queue order of its bookings.</li>
 *   <li>The loop is Gauss–Seidel and monotone: endpoints in index order; for each, preschedule the current plan,
 *   retrieve, list-schedule the proposal ({@link ListScheduler}) and simulate it; keep it only when the evaluator's
 *   objective strictly improves (relative 1e-12). Applied blindly, remapping towards the currently idle nodes
 *   oscillates. In dynamic mode an endpoint's proposal first remaps every request whose path changed; when that
 *   does not improve, the half with the largest estimated gains, a quarter, ..., the single best request (so that
 *   requests do not all flee to the same idle node), and last the shared path of static mode. A pass without any
 *   accepted change ends the loop, as do {@value #MAX_PASSES} passes or the time limit. The plan returned is the
 *   best one seen.</li>
 *   <li>A retrieved path that needs a missing channel between layers the choice graph does not join (possible for
 *   DAG models) is dropped; a placement that breaks a memory or queue limit is rejected by the evaluator's verdict
 *   like any non-improvement.</li>
 * </ul>
 * Limits: a path puts one node per layer along the topological order, so a single request's parallel branches are
 * never spread over several nodes on purpose (on the STG special case, one request on identical nodes, the result
 * is a serial schedule). If no candidate is ever feasible, the result is {@code infeasible} with the evaluator's
 * reasons for the first start offered.
 */
public final class PrescheduleRetrievalSolver implements PipelineSolver {
    /** Which plan the search started from (a baseline or heuristic name). */
    public static final String START = "start";
    /** The evaluator's objective of that start. */
    public static final String START_OBJECTIVE = "startObjective";
    /** Passes over the endpoints until no proposal was accepted. */
    public static final String PASSES = "passes";
    /** Partitioning-offloading proposals the DAG retrieval made. */
    public static final String PROPOSALS = "proposals";
    /** Proposals that improved the plan and were kept. */
    public static final String ACCEPTED = "accepted";
    /** Plans scored by the evaluator. */
    public static final String EVALUATIONS = "evaluations";

    /** Upper bound on passes over all endpoints. */
    public static final int MAX_PASSES = 30;
    private static final double IMPROVEMENT = 1e-12;

    public PrescheduleRetrievalSolver() {
        // stateless
    }

    @Override
    public String name() {
        return "preschedule-retrieval";
    }

    @Override
    public String description() {
        return "Yan et al. 2025 as we read it: simulate queues for node latency weights, retrieve the cheapest "
                + "(layer x node) path per endpoint/request, repeat while the evaluator improves";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        Search search = new Search(instance, deadline);
        // Starts: device-only, edge-only (the baselines' own plans), the uncontended retrieval, the constructive pass.
        // The device-only placement list-scheduled is exactly the device-only solver's plan; the edge-only solver's
        // plan is taken as it is.
        String startName = "none";
        int[] local = search.deviceOnlyPlacement();
        if (local != null && search.offer(local)) {
            startName = "device-only";
        }
        SolveResult<PipelinePlan> edgeOnly = new PipelineEdgeOnlySolver().solve(instance, settings, deadline);
        if (edgeOnly.status().hasPlan()
                && search.offer(edgeOnly.plan().nodeOf(instance.subtaskCount()), edgeOnly.plan(), true)) {
            startName = "edge-only";
        }
        int[] uncontended = search.uncontendedPlacement();
        if (uncontended != null && search.offer(uncontended)) {
            startName = "uncontended retrieval";
        }
        Constructed constructive = search.constructive();
        if (constructive != null) {
            if (search.offer(constructive.nodeOf())) {
                startName = "constructive prescheduling";
            }
            if (search.offer(constructive.nodeOf(), constructive.bookedOrder(), false)) {
                startName = "constructive prescheduling, booked order";
            }
        }
        if (search.current == null) {
            SolveResult<PipelinePlan> deviceOnly = new PipelineDeviceOnlySolver().solve(instance, settings, deadline);
            String why = deviceOnly.status() != SolveStatus.FEASIBLE ? deviceOnly.message() : edgeOnly.message();
            return SolveResult.noPlan(name() + ": no feasible start; " + why, deadline.elapsedSeconds());
        }
        double startObjective = search.objective;
        int passes = 0;
        boolean changed = true;
        while (changed && passes < MAX_PASSES && !deadline.expired()) {
            passes++;
            changed = false;
            for (int e = 0; e < instance.endpointCount() && !deadline.expired(); e++) {
                changed |= search.improveEndpoint(e);
            }
        }
        if (!search.evaluation.feasible()) {
            return SolveResult.noPlan(name() + ": the plan breaks the instance's rules: "
                    + search.evaluation.violationSummary(), deadline.elapsedSeconds());
        }
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put(START, startName);
        stats.put(START_OBJECTIVE, startObjective);
        stats.put(PASSES, passes);
        stats.put(PROPOSALS, search.proposals);
        stats.put(ACCEPTED, search.accepted);
        stats.put(EVALUATIONS, search.evaluations);
        return HeuristicSupport.finish(name(), search.plan, search.evaluation, deadline, stats);
    }

    /** The constructive pass's placement and the queue order of its bookings. */
    private record Constructed(int[] nodeOf, PipelinePlan bookedOrder) {
    }

    /** A remapping of one request: its new layer placement and the estimated gain under its weights. */
    private record RequestMove(int request, int[] nodeOfLayer, double gain) {
    }

    /** The mutable state of one solve: the current (best) placement, its plan and its simulation. */
    private static final class Search {
        private final PipelineInstance instance;
        private final ListScheduler scheduler;
        private final PipelineSimulator simulator;
        private final ChoiceRetrieval[] retrievals;
        private final boolean isStatic;
        private final Deadline deadline;
        int[] current;
        PipelinePlan plan;
        PipelineEvaluation evaluation;
        double objective = Double.POSITIVE_INFINITY;
        private NodeBacklog backlog;
        /** Placements already list-scheduled and simulated, by hash. */
        private final Map<Integer, List<int[]>> listScheduledPlacements = new HashMap<>();
        int proposals;
        int accepted;
        int evaluations;

        Search(PipelineInstance instance, Deadline deadline) {
            this.instance = instance;
            this.deadline = deadline;
            this.scheduler = new ListScheduler(instance);
            this.simulator = new PipelineSimulator(instance);
            MultiEndpointDag dag = new MultiEndpointDag(instance);
            retrievals = new ChoiceRetrieval[instance.endpointCount()];
            for (int e = 0; e < retrievals.length; e++) {
                retrievals[e] = new ChoiceRetrieval(dag, e);
            }
            isStatic = instance.mode() == PlacementMode.STATIC;
        }

        /**
         * Schedules and simulates a placement; adopts it when it strictly improves the objective (or when there is
         * no current placement yet). Returns whether it was adopted.
         */
        boolean offer(int[] nodeOf) {
            if (alreadyScheduled(nodeOf)) {
                return false;
            }
            return offer(nodeOf, scheduler.schedule(nodeOf), true);
        }

        /**
         * The same with a given queue order for the placement; {@code listScheduled} says that it is the list
         * scheduler's order, so that the same placement is not scheduled and simulated again.
         */
        boolean offer(int[] nodeOf, PipelinePlan candidatePlan, boolean listScheduled) {
            if (listScheduled) {
                listScheduledPlacements.computeIfAbsent(Arrays.hashCode(nodeOf), h -> new ArrayList<>()).add(nodeOf);
            }
            // The allocation-free objective first; the full evaluation (times for the waits) only for a keeper.
            evaluations++;
            double value = simulator.objective(candidatePlan);
            boolean better = current == null || value < objective - IMPROVEMENT * Math.abs(objective)
                    || objective == Double.POSITIVE_INFINITY && value < objective;
            if (better) {
                PipelineEvaluation candidate = simulator.evaluate(candidatePlan);
                current = nodeOf;
                plan = candidatePlan;
                evaluation = candidate;
                objective = value;
                backlog = candidate.simulated() ? new NodeBacklog(instance, candidate) : null;
            }
            return better;
        }

        private boolean alreadyScheduled(int[] nodeOf) {
            List<int[]> same = listScheduledPlacements.get(Arrays.hashCode(nodeOf));
            return same != null && same.stream().anyMatch(x -> Arrays.equals(x, nodeOf));
        }

        /** Every subtask on its endpoint's device, or null when an endpoint may not use its device. */
        int[] deviceOnlyPlacement() {
            int[] nodeOf = new int[instance.subtaskCount()];
            for (int id = 0; id < nodeOf.length; id++) {
                int e = instance.subtaskEndpoint(id);
                if (!instance.allowed(e, instance.deviceOf(e))) {
                    return null;
                }
                nodeOf[id] = instance.deviceOf(e);
            }
            return nodeOf;
        }

        /**
         * The constructive pass: requests in release order (ties: endpoint, request), each takes its cheapest path
         * under the waits of the node queues built so far by the requests before it: the wait of layer v on node n
         * is the time until node n has an idle gap long enough for it ({@link NodeTimeline}, insertion as in HEFT).
         * The request's layers are then booked into those queues at their estimated times. In static mode an
         * endpoint's first request fixes the path of all its requests. The placement comes with the queue order of
         * the bookings (by booked start, ties by booking order). Null when a request finds no connected path, or when
         * the deadline comes first (each request's retrieval costs more the more is booked).
         */
        Constructed constructive() {
            NodeTimeline[] timelines = new NodeTimeline[instance.nodeCount()];
            for (int n = 0; n < timelines.length; n++) {
                timelines[n] = new NodeTimeline();
            }
            List<int[]> requests = new ArrayList<>();
            for (int e = 0; e < instance.endpointCount(); e++) {
                for (int k = 0; k < instance.endpoint(e).requestCount(); k++) {
                    requests.add(new int[] {e, k});
                }
            }
            requests.sort(Comparator.<int[]>comparingDouble(r -> instance.releaseSeconds(r[0], r[1]))
                    .thenComparingInt(r -> r[0]).thenComparingInt(r -> r[1]));
            int[] nodeOf = new int[instance.subtaskCount()];
            double[] booked = new double[instance.subtaskCount()];
            int[] sequence = new int[instance.subtaskCount()];
            int step = 0;
            int[][] fixed = new int[instance.endpointCount()][];
            for (int[] request : requests) {
                if (deadline.expired()) {
                    return null;
                }
                int e = request[0];
                int k = request[1];
                ChoiceRetrieval retrieval = retrievals[e];
                double release = instance.releaseSeconds(e, k);
                ChoiceRetrieval.TimedWait wait = (v, n, since) -> timelines[n]
                        .earliestStart(release + since, retrieval.computeSeconds(v, n)) - (release + since);
                int[] path = isStatic && fixed[e] != null ? fixed[e] : retrieval.retrieveTimed(wait);
                if (path == null || !HeuristicSupport.connected(instance, e, path)) {
                    return null;
                }
                fixed[e] = path;
                double[] starts = retrieval.timedStarts(path, wait);
                for (int v = 0; v < path.length; v++) {
                    int id = instance.subtaskId(e, k, v);
                    nodeOf[id] = path[v];
                    double begin = release + starts[v];
                    timelines[path[v]].insert(begin, begin + retrieval.computeSeconds(v, path[v]), id);
                    booked[id] = begin;
                    sequence[id] = step++;
                }
            }
            List<int[]> queues = new ArrayList<>();
            for (NodeTimeline timeline : timelines) {
                queues.add(timeline.queue(booked, sequence));
            }
            return new Constructed(nodeOf, new PipelinePlan(queues));
        }

        /** Every endpoint's cheapest path with zero waits (JGraphT's Dijkstra), the same for all its requests. */
        int[] uncontendedPlacement() {
            int[][] nodeOfLayer = new int[instance.endpointCount()][];
            for (int e = 0; e < nodeOfLayer.length; e++) {
                nodeOfLayer[e] = retrievals[e].retrieve();
                if (nodeOfLayer[e] == null || !HeuristicSupport.connected(instance, e, nodeOfLayer[e])) {
                    return null;
                }
            }
            return HeuristicSupport.expand(instance, nodeOfLayer);
        }

        /** One prescheduling + retrieval step for endpoint e; whether the placement changed. */
        boolean improveEndpoint(int e) {
            if (backlog == null) {
                return false;
            }
            ChoiceRetrieval.TimedWait[] waits = waitsOf(e);
            int[][] paths = retrieveEach(e, waits);
            if (isStatic) {
                return tryProposal(retrieveShared(e, waits, paths));
            }
            List<RequestMove> moves = retrievePerRequest(e, waits, paths);
            // All remapped requests first; when that is no improvement, the half with the largest estimated gains,
            // then a quarter, ... down to the single best one (so that the requests do not all flee to one node).
            int layers = instance.model(e).layerCount();
            for (int size = moves.size(); size > 0; size = size == 1 ? 0 : (size + 1) / 2) {
                if (deadline.expired()) {
                    return false;
                }
                int[] proposal = current.clone();
                for (RequestMove move : moves.subList(0, size)) {
                    for (int v = 0; v < layers; v++) {
                        proposal[instance.subtaskId(e, move.request(), v)] = move.nodeOfLayer()[v];
                    }
                }
                if (tryProposal(proposal)) {
                    return true;
                }
            }
            return tryProposal(retrieveShared(e, waits, paths));
        }

        private boolean tryProposal(int[] proposal) {
            if (proposal == null) {
                return false;
            }
            proposals++;
            if (offer(proposal)) {
                accepted++;
                return true;
            }
            return false;
        }

        /** The waits each request of e sees in the current prescheduling. */
        private ChoiceRetrieval.TimedWait[] waitsOf(int e) {
            int requests = instance.endpoint(e).requestCount();
            int layers = instance.model(e).layerCount();
            ChoiceRetrieval.TimedWait[] out = new ChoiceRetrieval.TimedWait[requests];
            for (int k = 0; k < requests; k++) {
                out[k] = backlog.forRequest(instance.subtaskId(e, k, 0), layers, instance.releaseSeconds(e, k));
            }
            return out;
        }

        /** The current node of each layer of request k of endpoint e. */
        private int[] currentPath(int e, int k) {
            int[] path = new int[instance.model(e).layerCount()];
            for (int v = 0; v < path.length; v++) {
                path[v] = current[instance.subtaskId(e, k, v)];
            }
            return path;
        }

        /** The cheapest path of each request of e under its own waits; null where none has its channels. */
        private int[][] retrieveEach(int e, ChoiceRetrieval.TimedWait[] waits) {
            int[][] paths = new int[waits.length][];
            for (int k = 0; k < waits.length; k++) {
                int[] path = retrievals[e].retrieveTimed(waits[k]);
                paths[k] = path != null && HeuristicSupport.connected(instance, e, path) ? path : null;
            }
            return paths;
        }

        /**
         * The requests of e whose retrieved path differs from their current placement, by decreasing estimated gain
         * (estimated latency of the current path − of the new one, both under the request's waits; ties by request
         * index).
         */
        private List<RequestMove> retrievePerRequest(int e, ChoiceRetrieval.TimedWait[] waits, int[][] paths) {
            ChoiceRetrieval retrieval = retrievals[e];
            List<RequestMove> moves = new ArrayList<>();
            for (int k = 0; k < waits.length; k++) {
                int[] path = paths[k];
                if (path == null) {
                    continue;
                }
                int[] now = currentPath(e, k);
                if (!Arrays.equals(now, path)) {
                    double gain = retrieval.timedPathCost(now, waits[k]) - retrieval.timedPathCost(path, waits[k]);
                    moves.add(new RequestMove(k, path, gain));
                }
            }
            moves.sort(Comparator.comparingDouble(RequestMove::gain).reversed()
                    .thenComparingInt(RequestMove::request));
            return moves;
        }

        /**
         * One path for all requests of e: among the paths retrieved for each request (and request 0's current one),
         * the one with the least estimated total latency over all requests, each under its own waits. Null when
         * that is what every request already runs, or when no path has its channels.
         */
        private int[] retrieveShared(int e, ChoiceRetrieval.TimedWait[] waits, int[][] paths) {
            ChoiceRetrieval retrieval = retrievals[e];
            List<int[]> candidates = new ArrayList<>();
            candidates.add(currentPath(e, 0));
            for (int[] path : paths) {
                if (path != null && candidates.stream().noneMatch(c -> Arrays.equals(c, path))) {
                    candidates.add(path);
                }
            }
            int[] best = null;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int[] candidate : candidates) {
                if (!HeuristicSupport.connected(instance, e, candidate)) {
                    continue;
                }
                double cost = 0;
                for (ChoiceRetrieval.TimedWait wait : waits) {
                    cost += retrieval.timedPathCost(candidate, wait);
                }
                if (cost < bestCost) {
                    bestCost = cost;
                    best = candidate;
                }
            }
            if (best == null) {
                return null;
            }
            int[] proposal = current.clone();
            boolean differs = false;
            for (int k = 0; k < waits.length; k++) {
                for (int v = 0; v < best.length; v++) {
                    int id = instance.subtaskId(e, k, v);
                    differs |= proposal[id] != best[v];
                    proposal[id] = best[v];
                }
            }
            return differs ? proposal : null;
        }
    }
}
