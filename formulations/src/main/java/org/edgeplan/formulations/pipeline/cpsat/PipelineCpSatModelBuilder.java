package org.edgeplan.formulations.pipeline.cpsat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CumulativeConstraint;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.IntervalVar;
import com.google.ortools.sat.LinearArgument;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import com.google.ortools.sat.Literal;

import org.edgeplan.formulations.pipeline.ExactModelInput;
import org.edgeplan.formulations.pipeline.TimeScale;
import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineObjective;

/**
 * Step one of the CP-SAT solver, build: the model of a problem-B instance in integer time units ({@link TimeScale}),
 * in labelled sections, returned as an immutable {@link PipelineCpSatModel} (or the reason it could not be built).
 *
 * <h2>Variables</h2>
 * <ul>
 *   <li>{@code x_d_n}: decision d runs on node n. A decision is a subtask in dynamic mode and an (endpoint, layer)
 *   in static mode, whose literal is then shared by all requests of the endpoint. Exactly one per decision.</li>
 *   <li>{@code start_s}, {@code end_s} of every subtask, shared by its optional intervals, one per candidate node
 *   (present iff {@code x}); {@code end = start + duration(node)}.</li>
 *   <li>{@code completion_r}: when the result of request r is back on its device.</li>
 * </ul>
 *
 * <h2>Constraints</h2>
 * No overlap per node. For each data edge u→v and candidate pair (a, b): {@code start_v >= end_u + transfer(a, b)}
 * when u is on a and v on b; pairs without a channel are forbidden. A source starts no earlier than its release plus
 * the input transfer from the device, and the completion is the sink's end plus the result transfer back, as in the
 * evaluator. Memory: a Boolean per (layer, node) that is true when any request puts the layer there, weighted sum
 * within the capacity.
 *
 * <h2>Semi-active schedules</h2>
 * The evaluator runs each node queue semi-actively. For the regular objectives (total latency, makespan) without
 * queue limits and without exclusive links, shifting a schedule left never hurts, so the free model above has the
 * same optimum, and the plan extracted from any of its solutions scores no worse under the evaluator. Queue limits
 * and FIFO link queues are not monotone under shifting, so with either of them (or when asked) the model is
 * restricted to exactly the evaluator's schedules: the exact ready time {@code ready_s = max(arrivals)} is a
 * variable, and each subtask starts either at its ready time or at the end of another subtask on its node
 * ({@code start_s = max(ready_s, end of its queue predecessor)}). The queue limit is then a cumulative over the
 * waiting intervals {@code [ready, start)} of each node.
 *
 * <h2>Exclusive links</h2>
 * With {@code linkExclusive}, every transfer (data edge, input, result) has start/end variables and an optional
 * interval per channel it may use (present iff its endpoints' placements select that channel); channels carry no
 * overlap; for every two transfers that may share a channel, a Boolean orders them first in first out by (time the
 * data became available, consumer key, producer key) exactly as the evaluator does, and each transfer starts at its
 * availability or at the end of another transfer on its channel (semi-active). This is exact but quadratic in the
 * transfers per channel; the evaluator's degenerate zero-duration transfers are not modelled.
 */
final class PipelineCpSatModelBuilder {
    /** Largest number of FIFO ordering literals built for exclusive links. */
    static final int MAX_TRANSFER_PAIRS = 400_000;

    private final ExactModelInput d;
    private final CompiledPipeline c;
    private final UnitDurations times;
    private final PipelineCpSatModel.Options options;
    private final CpModel model = new CpModel();
    private final boolean exclusive;
    private final boolean semiActive;
    private final long[][] duration;           // [id][n] units, -1 when not a candidate
    private final long[] releaseUnits;         // per request
    private final long[] capUnits;             // per request: latest completion
    private final long horizon;
    private final List<int[]> symmetricGroups;

    // The variables, created section by section.
    private final BoolVar[][] decisionLiteral; // [decision][n]
    private final IntVar[] start;
    private final IntVar[] end;
    private final IntVar[] completion;
    private IntVar[] ready;                    // semi-active only
    private IntVar makespan;                   // makespan objective only
    private long objectiveOffsetUnits;
    private int orderingLiterals;

    private PipelineCpSatModelBuilder(ExactModelInput d, TimeScale scale, long horizonUnits, long latencyCapUnits,
                                      PipelineCpSatModel.Options options) {
        this.d = d;
        this.c = d.compiled();
        this.times = new UnitDurations(d, scale);
        this.options = options;
        this.horizon = horizonUnits;
        this.exclusive = c.linkExclusive();
        this.semiActive = options.forceSemiActive() || exclusive || (options.queueLimits() && c.anyQueueLimit());
        this.duration = times.duration;
        this.releaseUnits = times.releaseUnits;
        capUnits = new long[c.requestCount()];
        for (int r = 0; r < c.requestCount(); r++) {
            capUnits[r] = latencyCapUnits == Long.MAX_VALUE ? horizonUnits
                    : Math.min(horizonUnits, releaseUnits[r] + latencyCapUnits);
        }
        decisionLiteral = new BoolVar[c.decisionCount()][c.nodeCount()];
        start = new IntVar[c.subtaskCount()];
        end = new IntVar[c.subtaskCount()];
        completion = new IntVar[c.requestCount()];
        symmetricGroups = options.symmetryBreaking() ? d.interchangeableGroups() : List.of();
    }

    /** What building gives: the model, or why it could not be built (too large to build exactly). */
    sealed interface Result permits Built, Failed {
    }

    record Built(PipelineCpSatModel model) implements Result {
    }

    record Failed(String reason) implements Result {
    }

    /**
     * Builds the model.
     *
     * @param horizonUnits     no activity ends later (an upper bound on the completion of an optimal schedule)
     * @param latencyCapUnits  every request's latency is at most this in an optimal schedule, or Long.MAX_VALUE
     */
    static Result build(ExactModelInput d, TimeScale scale, long horizonUnits, long latencyCapUnits,
                        PipelineCpSatModel.Options options) {
        PipelineCpSatModelBuilder builder = new PipelineCpSatModelBuilder(d, scale, horizonUnits, latencyCapUnits,
                options);
        String failure = builder.buildSections();
        if (failure != null) {
            return new Failed(failure);
        }
        return new Built(new PipelineCpSatModel(d, builder.times, options, builder.model, builder.exclusive,
                builder.semiActive, builder.decisionLiteral, builder.start, builder.end, builder.completion,
                builder.ready, builder.makespan, builder.objectiveOffsetUnits, builder.symmetricGroups,
                builder.orderingLiterals));
    }

    /** The literal "subtask id runs on node n", or null when n is not a candidate. */
    private BoolVar x(int id, int node) {
        return decisionLiteral[c.decisionOf(id)][node];
    }

    private long edgeUnits(int j, int a, int b) {
        return times.edgeUnits(j, a, b);
    }

    private long inputUnits(int id, int node) {
        return times.inputUnits(id, node);
    }

    private long resultUnits(int r, int node) {
        return times.resultUnits(r, node);
    }

    /** The model, section by section; returns why it could not be built, or null. */
    private String buildSections() {
        placementLiterals();
        breakSymmetry();
        long[] minDur = timeWindows();
        nodeIntervals();
        completions();
        forbidMissingChannels();
        if (exclusive) {
            String failure = buildExclusiveTransfers();
            if (failure != null) {
                return failure;
            }
        } else if (semiActive) {
            buildExactArrivals();
        } else {
            buildPrecedences();
        }
        if (semiActive) {
            buildSemiActiveNodes(minDur);
        }
        if (options.memory()) {
            buildMemory();
        }
        if (options.queueLimits()) {
            buildQueueLimits();
        }
        buildObjective();
        return null;
    }

    /** Placement: one literal per (decision, candidate node), exactly one per decision. */
    private void placementLiterals() {
        for (int id = 0; id < c.subtaskCount(); id++) {
            int decision = c.decisionOf(id);
            if (decisionLiteral[decision][d.candidates(id)[0]] != null) {
                continue;
            }
            List<Literal> one = new ArrayList<>();
            for (int node : d.candidates(id)) {
                BoolVar lit = model.newBoolVar("x_d" + decision + "_n" + node);
                decisionLiteral[decision][node] = lit;
                one.add(lit);
            }
            model.addExactlyOne(one);
        }
    }

    /**
     * Time windows from minimum durations: earliest start forward, shortest tail backward; start and end variables
     * within them. Returns each subtask's shortest duration.
     */
    private long[] timeWindows() {
        int n = c.subtaskCount();
        long[] minDur = new long[n];
        long[] est = new long[n];
        long[] tail = new long[n];
        for (int id = 0; id < n; id++) {
            minDur[id] = Long.MAX_VALUE;
            long minInput = Long.MAX_VALUE;
            for (int node : d.candidates(id)) {
                minDur[id] = Math.min(minDur[id], duration[id][node]);
                if (c.isSource(id)) {
                    minInput = Math.min(minInput, inputUnits(id, node));
                }
            }
            long e0 = c.isSource(id) ? releaseUnits[c.requestOf(id)] + minInput : 0;
            for (int j = c.inStart(id); j < c.inEnd(id); j++) {
                int u = c.producer(j);
                e0 = Math.max(e0, est[u] + minDur[u]);
            }
            est[id] = e0;
        }
        for (int id = n - 1; id >= 0; id--) {
            long after = 0;
            if (c.isSink(id)) {
                after = Long.MAX_VALUE;
                for (int node : d.candidates(id)) {
                    after = Math.min(after, resultUnits(c.requestOf(id), node));
                }
            }
            for (int k = c.outStart(id); k < c.outEnd(id); k++) {
                after = Math.max(after, tail[c.consumer(c.outEdge(k))]);
            }
            tail[id] = minDur[id] + after;
        }
        boolean emptyWindow = false;
        for (int id = 0; id < n; id++) {
            long latestEnd = capUnits[c.requestOf(id)] - (tail[id] - minDur[id]);
            long lo = est[id];
            long hi = latestEnd - minDur[id];
            if (hi < lo) {
                emptyWindow = true;
                hi = lo;
            }
            start[id] = model.newIntVar(lo, hi, "start_s" + id);
            end[id] = model.newIntVar(lo + minDur[id], Math.max(lo + minDur[id], latestEnd), "end_s" + id);
        }
        if (emptyWindow) {
            model.addBoolOr(new Literal[0]); // the horizon leaves no room: infeasible
        }
        return minDur;
    }

    /** An optional interval per candidate node, no overlap per node, and the identical-machine cut. */
    private void nodeIntervals() {
        int n = c.subtaskCount();
        List<List<IntervalVar>> perNode = new ArrayList<>();
        for (int node = 0; node < c.nodeCount(); node++) {
            perNode.add(new ArrayList<>());
        }
        for (int id = 0; id < n; id++) {
            LinearExprBuilder endExpr = LinearExpr.newBuilder().add(start[id]);
            for (int node : d.candidates(id)) {
                perNode.get(node).add(model.newOptionalIntervalVar(start[id], LinearExpr.constant(duration[id][node]),
                        end[id], x(id, node), "run_s" + id + "_n" + node));
                endExpr.addTerm(x(id, node), duration[id][node]);
            }
            model.addEquality(end[id], endExpr);
        }
        for (List<IntervalVar> intervals : perNode) {
            if (intervals.size() > 1) {
                model.addNoOverlap(intervals);
            }
        }
        if (c.nodeCount() > 1 && d.identicalDurations()) {
            // Identical machines: at most |nodes| subtasks at once (a redundant cut that strengthens bounds).
            CumulativeConstraint all = model.addCumulative(c.nodeCount());
            for (int id = 0; id < n; id++) {
                all.addDemand(model.newFixedSizeIntervalVar(start[id], duration[id][0], "all_s" + id), 1);
            }
        }
    }

    /** When each request's result is back on its device. */
    private void completions() {
        for (int r = 0; r < c.requestCount(); r++) {
            completion[r] = model.newIntVar(releaseUnits[r], Math.max(releaseUnits[r], capUnits[r]),
                    "completion_r" + r);
        }
    }

    /** Placement pairs of a data edge that have no channel. */
    private void forbidMissingChannels() {
        for (int j = 0; j < c.edgeCount(); j++) {
            int u = c.producer(j);
            int v = c.consumer(j);
            for (int a : d.candidates(u)) {
                for (int b : d.candidates(v)) {
                    if (!c.instance().connected(a, b)) {
                        model.addBoolOr(new Literal[] {x(u, a).not(), x(v, b).not()});
                    }
                }
            }
        }
    }

    /** Free model: lower bounds only (regular objectives, no queue limits, no exclusive links). */
    private void buildPrecedences() {
        for (int j = 0; j < c.edgeCount(); j++) {
            int u = c.producer(j);
            int v = c.consumer(j);
            model.addGreaterOrEqual(start[v], end[u]);
            for (int a : d.candidates(u)) {
                for (int b : d.candidates(v)) {
                    if (a == b || !c.instance().connected(a, b)) {
                        continue;
                    }
                    long t = edgeUnits(j, a, b);
                    if (t > 0) {
                        model.addGreaterOrEqual(start[v], LinearExpr.affine(end[u], 1, t))
                                .onlyEnforceIf(new Literal[] {x(u, a), x(v, b)});
                    }
                }
            }
        }
        for (int id = 0; id < c.subtaskCount(); id++) {
            if (c.isSource(id)) {
                model.addGreaterOrEqual(start[id], inputArrival(id));
            }
            if (c.isSink(id)) {
                model.addEquality(completion[c.requestOf(id)], resultArrival(id));
            }
        }
    }

    /** release + Σ_n input transfer(n) · x_n: exact, since exactly one x is true. */
    private LinearExpr inputArrival(int id) {
        LinearExprBuilder b = LinearExpr.newBuilder().add(releaseUnits[c.requestOf(id)]);
        for (int node : d.candidates(id)) {
            b.addTerm(x(id, node), inputUnits(id, node));
        }
        return b.build();
    }

    /** end + Σ_n result transfer(n) · x_n for the sink of a request. */
    private LinearExpr resultArrival(int sink) {
        LinearExprBuilder b = LinearExpr.newBuilder().add(end[sink]);
        for (int node : d.candidates(sink)) {
            b.addTerm(x(sink, node), resultUnits(c.requestOf(sink), node));
        }
        return b.build();
    }

    /** Exact arrival times and ready times (semi-active model without exclusive links). */
    private void buildExactArrivals() {
        List<List<LinearArgument>> arrivals = new ArrayList<>();
        for (int id = 0; id < c.subtaskCount(); id++) {
            arrivals.add(new ArrayList<>());
            if (c.isSource(id)) {
                arrivals.get(id).add(inputArrival(id));
            }
            if (c.isSink(id)) {
                model.addEquality(completion[c.requestOf(id)], resultArrival(id));
            }
        }
        for (int j = 0; j < c.edgeCount(); j++) {
            int u = c.producer(j);
            int v = c.consumer(j);
            long maxT = 0;
            for (int a : d.candidates(u)) {
                for (int b : d.candidates(v)) {
                    if (c.instance().connected(a, b)) {
                        maxT = Math.max(maxT, edgeUnits(j, a, b));
                    }
                }
            }
            IntVar arrival = model.newIntVar(0, horizon + maxT, "arrival_e" + j);
            model.addGreaterOrEqual(arrival, end[u]);
            for (int a : d.candidates(u)) {
                for (int b : d.candidates(v)) {
                    if (c.instance().connected(a, b)) {
                        model.addEquality(arrival, LinearExpr.affine(end[u], 1, edgeUnits(j, a, b)))
                                .onlyEnforceIf(new Literal[] {x(u, a), x(v, b)});
                    }
                }
            }
            arrivals.get(v).add(arrival);
        }
        defineReady(arrivals);
    }

    private void defineReady(List<List<LinearArgument>> arrivals) {
        ready = new IntVar[c.subtaskCount()];
        for (int id = 0; id < c.subtaskCount(); id++) {
            ready[id] = model.newIntVar(0, horizon, "ready_s" + id);
            List<LinearArgument> in = arrivals.get(id);
            if (in.size() == 1) {
                model.addEquality(ready[id], in.get(0));
            } else {
                model.addMaxEquality(ready[id], in);
            }
            model.addGreaterOrEqual(start[id], ready[id]);
        }
    }

    /**
     * Each subtask starts at its ready time or exactly when another subtask on its node ends. Together with no
     * overlap this is {@code start = max(ready, end of the queue predecessor)} in start order: the evaluator's
     * schedule. Zero-duration subtasks may only justify each other in (layer, id) order, the extraction's
     * tie-break, so the extracted queue order reproduces the justification.
     */
    private void buildSemiActiveNodes(long[] minDur) {
        long[] maxDur = new long[c.subtaskCount()];
        for (int id = 0; id < c.subtaskCount(); id++) {
            for (int node : d.candidates(id)) {
                maxDur[id] = Math.max(maxDur[id], duration[id][node]);
            }
        }
        for (int v = 0; v < c.subtaskCount(); v++) {
            BoolVar atReady = model.newBoolVar("atready_s" + v);
            model.addEquality(start[v], ready[v]).onlyEnforceIf(atReady);
            List<Literal> reasons = new ArrayList<>();
            reasons.add(atReady);
            for (int u = 0; u < c.subtaskCount(); u++) {
                if (u == v || !shareCandidate(u, v)) {
                    continue;
                }
                if (c.isAncestor(v, u) && minDur[v] > 0) {
                    continue; // u runs after v ends, so it cannot end when v starts
                }
                if (maxDur[u] == 0 && maxDur[v] == 0 && (c.layerOf(u) > c.layerOf(v)
                        || (c.layerOf(u) == c.layerOf(v) && u > v))) {
                    continue;
                }
                BoolVar follows = model.newBoolVar("follows_s" + v + "_s" + u);
                model.addEquality(end[u], start[v]).onlyEnforceIf(follows);
                for (int node : d.candidates(v)) {
                    if (d.isCandidate(u, node)) {
                        model.addBoolOr(new Literal[] {follows.not(), x(v, node).not(), x(u, node)});
                    } else {
                        model.addBoolOr(new Literal[] {follows.not(), x(v, node).not()});
                    }
                }
                reasons.add(follows);
            }
            model.addBoolOr(reasons);
        }
    }

    private boolean shareCandidate(int u, int v) {
        for (int node : d.candidates(v)) {
            if (d.isCandidate(u, node)) {
                return true;
            }
        }
        return false;
    }

    /** A transfer of the exclusive-link model. */
    private static final class Transfer {
        final int index;
        final long consumerKey;
        final long producerKey;
        final LinearExpr available;
        final List<long[]> channels = new ArrayList<>();  // {from, to, duration}
        final List<Literal> present = new ArrayList<>();
        IntVar begin;
        IntVar finish;
        BoolVar cross;
        LinearArgument arrival;

        Transfer(int index, long consumerKey, long producerKey, LinearExpr available) {
            this.index = index;
            this.consumerKey = consumerKey;
            this.producerKey = producerKey;
            this.available = available;
        }

        /** A channel this transfer may use, its duration there, and the literal "it uses this channel". */
        void addChannel(long from, long to, long durationUnits, Literal uses) {
            channels.add(new long[] {from, to, durationUnits});
            present.add(uses);
        }

        boolean before(Transfer o) {
            return consumerKey != o.consumerKey ? consumerKey < o.consumerKey : producerKey < o.producerKey;
        }
    }

    /** Exclusive links: FIFO channel queues (see the class comment); returns why it was not built, or null. */
    private String buildExclusiveTransfers() {
        List<Transfer> transfers = new ArrayList<>();
        Map<Integer, List<Transfer>> byChannel = new HashMap<>();
        Map<Integer, List<Literal>> presentByChannel = new HashMap<>();
        List<List<LinearArgument>> arrivals = new ArrayList<>();
        for (int id = 0; id < c.subtaskCount(); id++) {
            arrivals.add(new ArrayList<>());
        }
        for (int j = 0; j < c.edgeCount(); j++) {
            int u = c.producer(j);
            int v = c.consumer(j);
            Transfer t = new Transfer(transfers.size(), v, u + 1L, LinearExpr.affine(end[u], 1, 0));
            for (int a : d.candidates(u)) {
                for (int b : d.candidates(v)) {
                    if (a == b || !c.instance().connected(a, b)) {
                        continue;
                    }
                    BoolVar both = model.newBoolVar("on_e" + j + "_" + a + "_" + b);
                    model.addImplication(both, x(u, a));
                    model.addImplication(both, x(v, b));
                    model.addBoolOr(new Literal[] {x(u, a).not(), x(v, b).not(), both});
                    t.addChannel(a, b, edgeUnits(j, a, b), both);
                }
            }
            transfers.add(t);
            arrivals.get(v).add(finishTransfer(t));
        }
        for (int id = 0; id < c.subtaskCount(); id++) {
            if (!c.isSource(id)) {
                continue;
            }
            int device = c.deviceOfRequest(c.requestOf(id));
            Transfer t = new Transfer(transfers.size(), id, 0, LinearExpr.constant(releaseUnits[c.requestOf(id)]));
            for (int b : d.candidates(id)) {
                if (b != device) {
                    t.addChannel(device, b, inputUnits(id, b), x(id, b));
                }
            }
            transfers.add(t);
            arrivals.get(id).add(finishTransfer(t));
        }
        for (int r = 0; r < c.requestCount(); r++) {
            int sink = c.sinkOf(r);
            int device = c.deviceOfRequest(r);
            Transfer t = new Transfer(transfers.size(), (long) c.subtaskCount() + r, sink + 1L,
                    LinearExpr.affine(end[sink], 1, 0));
            for (int a : d.candidates(sink)) {
                if (a != device) {
                    t.addChannel(a, device, resultUnits(r, a), x(sink, a));
                }
            }
            transfers.add(t);
            model.addEquality(completion[r], finishTransfer(t));
        }
        for (Transfer t : transfers) {
            for (int ch = 0; ch < t.channels.size(); ch++) {
                int key = (int) (t.channels.get(ch)[0] * c.nodeCount() + t.channels.get(ch)[1]);
                byChannel.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
                presentByChannel.computeIfAbsent(key, k -> new ArrayList<>()).add(t.present.get(ch));
            }
        }
        long pairs = 0;
        for (List<Transfer> list : byChannel.values()) {
            pairs += (long) list.size() * (list.size() - 1) / 2;
        }
        if (pairs > MAX_TRANSFER_PAIRS) {
            return "exclusive links: " + pairs + " pairs of transfers may share a channel, more than the "
                    + MAX_TRANSFER_PAIRS + " this exact FIFO model builds";
        }
        // No overlap per channel; FIFO order between every two transfers that may share a channel.
        Map<Long, BoolVar> firstOf = new HashMap<>();
        Map<Transfer, Set<Transfer>> neighbours = new HashMap<>();
        for (Map.Entry<Integer, List<Transfer>> entry : byChannel.entrySet()) {
            List<Transfer> list = entry.getValue();
            List<Literal> lits = presentByChannel.get(entry.getKey());
            List<IntervalVar> intervals = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Transfer t = list.get(i);
                int ch = channelIndex(t, entry.getKey());
                intervals.add(model.newOptionalIntervalVar(t.begin, LinearExpr.constant(t.channels.get(ch)[2]), t.finish,
                        lits.get(i), "tx" + t.index + "_c" + entry.getKey()));
            }
            if (intervals.size() > 1) {
                model.addNoOverlap(intervals);
            }
            for (int i = 0; i < list.size(); i++) {
                for (int k = i + 1; k < list.size(); k++) {
                    Transfer a = list.get(i);
                    Transfer b = list.get(k);
                    Transfer lo = a.before(b) ? a : b;
                    Transfer hi = lo == a ? b : a;
                    Literal pLo = lo == a ? lits.get(i) : lits.get(k);
                    Literal pHi = lo == a ? lits.get(k) : lits.get(i);
                    BoolVar loFirst = firstOf.computeIfAbsent((long) lo.index * transfers.size() + hi.index, key -> {
                        BoolVar f = model.newBoolVar("fifo_t" + lo.index + "_t" + hi.index);
                        model.addLessOrEqual(lo.available, hi.available).onlyEnforceIf(f);
                        model.addGreaterOrEqual(lo.available, LinearExpr.newBuilder().add(hi.available).add(1).build())
                                .onlyEnforceIf(f.not());
                        return f;
                    });
                    model.addLessOrEqual(lo.finish, hi.begin).onlyEnforceIf(new Literal[] {pLo, pHi, loFirst});
                    model.addLessOrEqual(hi.finish, lo.begin).onlyEnforceIf(new Literal[] {pLo, pHi, loFirst.not()});
                    neighbours.computeIfAbsent(a, z -> new HashSet<>()).add(b);
                    neighbours.computeIfAbsent(b, z -> new HashSet<>()).add(a);
                }
            }
        }
        orderingLiterals = firstOf.size();
        // Semi-active channels: a transfer starts when its data is available or when another on its channel ends.
        for (Transfer t : transfers) {
            if (t.channels.isEmpty()) {
                continue;
            }
            BoolVar atAvailable = model.newBoolVar("txatavail_t" + t.index);
            model.addEquality(t.begin, t.available).onlyEnforceIf(atAvailable);
            List<Literal> reasons = new ArrayList<>();
            reasons.add(t.cross.not());
            reasons.add(atAvailable);
            for (Transfer o : neighbours.getOrDefault(t, Set.of())) {
                BoolVar follows = model.newBoolVar("txfollows_t" + t.index + "_t" + o.index);
                model.addEquality(o.finish, t.begin).onlyEnforceIf(follows);
                for (int ch = 0; ch < t.channels.size(); ch++) {
                    int key = (int) (t.channels.get(ch)[0] * c.nodeCount() + t.channels.get(ch)[1]);
                    int oc = channelIndex(o, key);
                    if (oc >= 0) {
                        model.addBoolOr(new Literal[] {follows.not(), t.present.get(ch).not(), o.present.get(oc)});
                    } else {
                        model.addBoolOr(new Literal[] {follows.not(), t.present.get(ch).not()});
                    }
                }
                reasons.add(follows);
            }
            model.addBoolOr(reasons);
        }
        defineReady(arrivals);
        return null;
    }

    private int channelIndex(Transfer t, int key) {
        for (int ch = 0; ch < t.channels.size(); ch++) {
            if (t.channels.get(ch)[0] * c.nodeCount() + t.channels.get(ch)[1] == key) {
                return ch;
            }
        }
        return -1;
    }

    /** Creates start/end of a transfer; returns its arrival (the availability itself when it never crosses). */
    private LinearArgument finishTransfer(Transfer t) {
        if (t.channels.isEmpty()) {
            t.arrival = t.available;
            return t.arrival;
        }
        long maxDur = 0;
        for (long[] ch : t.channels) {
            maxDur = Math.max(maxDur, ch[2]);
        }
        t.begin = model.newIntVar(0, horizon, "txstart_t" + t.index);
        t.finish = model.newIntVar(0, horizon + maxDur, "txend_t" + t.index);
        t.cross = model.newBoolVar("txcross_t" + t.index);
        model.addEquality(t.cross, LinearExpr.sum(t.present.toArray(new Literal[0])));
        model.addGreaterOrEqual(t.begin, t.available);
        model.addEquality(t.begin, t.available).onlyEnforceIf(t.cross.not());
        model.addEquality(t.finish, t.available).onlyEnforceIf(t.cross.not());
        t.arrival = t.finish;
        return t.finish;
    }

    private void buildMemory() {
        for (int node = 0; node < c.nodeCount(); node++) {
            long capacity = c.memoryLimitBytes(node);
            if (capacity < 0) {
                continue;
            }
            Map<Integer, BoolVar> held = new HashMap<>();
            for (int id = 0; id < c.subtaskCount(); id++) {
                int key = c.layerKeyOf(id);
                if (!d.isCandidate(id, node) || c.layerKeyWeightBytes(key) <= 0) {
                    continue;
                }
                BoolVar lit = x(id, node);
                if (!c.dynamic()) {
                    held.put(key, lit);
                    continue;
                }
                int where = node;
                BoolVar y = held.computeIfAbsent(key, k -> model.newBoolVar("holds_k" + k + "_n" + where));
                model.addImplication(lit, y);
            }
            if (held.isEmpty()) {
                continue;
            }
            LinearExprBuilder sum = LinearExpr.newBuilder();
            for (Map.Entry<Integer, BoolVar> e : held.entrySet()) {
                // Weights are bytes; a fractional byte count is rounded up (conservative).
                sum.addTerm(e.getValue(), (long) Math.ceil(c.layerKeyWeightBytes(e.getKey())));
            }
            model.addLessOrEqual(sum, capacity);
        }
    }

    private void buildQueueLimits() {
        for (int node = 0; node < c.nodeCount(); node++) {
            int limit = c.queueLimit(node);
            if (limit < 0) {
                continue;
            }
            CumulativeConstraint waiting = limit > 0 ? model.addCumulative(limit) : null;
            for (int id = 0; id < c.subtaskCount(); id++) {
                if (!d.isCandidate(id, node)) {
                    continue;
                }
                if (limit == 0) {
                    model.addEquality(start[id], ready[id]).onlyEnforceIf(x(id, node));
                } else {
                    // CP-SAT wants an interval size with at most one variable: the waiting time gets its own.
                    IntVar waited = waitingTime(id);
                    IntervalVar wait = model.newOptionalIntervalVar(ready[id], waited, start[id], x(id, node),
                            "wait_s" + id + "_n" + node);
                    waiting.addDemand(wait, 1);
                }
            }
        }
    }

    private final Map<Integer, IntVar> waitingTimes = new HashMap<>();

    /** start − ready of a subtask, one variable shared by its waiting intervals. */
    private IntVar waitingTime(int id) {
        return waitingTimes.computeIfAbsent(id, k -> {
            IntVar w = model.newIntVar(0, horizon, "waited_s" + k);
            model.addEquality(LinearExpr.newBuilder().add(w).add(ready[k]).build(), start[k]);
            return w;
        });
    }

    private void buildObjective() {
        if (c.instance().objective() == PipelineObjective.MAKESPAN) {
            long lo = 0;
            for (long rel : releaseUnits) {
                lo = Math.max(lo, rel);
            }
            makespan = model.newIntVar(lo, Math.max(lo, horizon), "makespan");
            for (IntVar done : completion) {
                model.addGreaterOrEqual(makespan, done);
            }
            // Redundant load cuts: a node finishes no earlier than the total work placed on it, so the linear
            // relaxation sees Σ work / nodes on identical machines (the P|prec|Cmax load bound).
            for (int node = 0; node < c.nodeCount(); node++) {
                LinearExprBuilder load = LinearExpr.newBuilder();
                boolean any = false;
                for (int id = 0; id < c.subtaskCount(); id++) {
                    if (d.isCandidate(id, node) && duration[id][node] > 0) {
                        load.addTerm(x(id, node), duration[id][node]);
                        any = true;
                    }
                }
                if (any) {
                    model.addGreaterOrEqual(makespan, load);
                }
            }
            model.minimize(makespan);
            objectiveOffsetUnits = 0;
        } else {
            model.minimize(LinearExpr.sum(completion));
            long offset = 0;
            for (long rel : releaseUnits) {
                offset += rel;
            }
            objectiveOffsetUnits = offset;
        }
    }

    /**
     * Interchangeable nodes (see {@link ExactModelInput#interchangeableGroups()}): the i-th decision that may use a
     * group (in decision order) may only use its first i + 1 members. Any plan can be relabelled to meet this
     * (members ranked by the first decision that uses them), so no optimum is lost.
     */
    private void breakSymmetry() {
        for (int[] group : symmetricGroups) {
            int i = 0;
            for (int decision = 0; decision < c.decisionCount(); decision++) {
                if (decisionLiteral[decision][group[0]] == null) {
                    continue;
                }
                for (int k = i + 1; k < group.length; k++) {
                    model.addEquality(decisionLiteral[decision][group[k]], 0);
                }
                i++;
                if (i >= group.length) {
                    break;
                }
            }
        }
    }
}
