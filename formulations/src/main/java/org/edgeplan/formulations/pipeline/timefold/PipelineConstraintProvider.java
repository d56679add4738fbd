package org.edgeplan.formulations.pipeline.timefold;

import java.util.Set;

import ai.timefold.solver.core.api.score.buildin.hardsoftlong.HardSoftLongScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintCollectors;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import ai.timefold.solver.core.api.score.stream.Joiners;
import ai.timefold.solver.core.api.score.stream.common.ConnectedRange;
import ai.timefold.solver.core.api.score.stream.common.ConnectedRangeChain;

import org.edgeplan.pipeline.CompiledPipeline;
import org.edgeplan.pipeline.PipelineObjective;

/**
 * The score of a {@link PipelineSchedule}, one method per rule of {@link org.edgeplan.pipeline.PipelineEvaluator}.
 * {@link HardSoftLongScore}: a plan is feasible under the evaluator exactly when the hard score is 0 (for instances
 * without exclusive channels); the soft score is minus the objective in whole nanoseconds.
 *
 * <p>Hard (each counted in its own unit; any violation is infeasible, the magnitudes only guide the search):
 * <ul>
 * <li>{@value #NODE_NOT_ALLOWED}: 1 per subtask on a node its endpoint may not use;</li>
 * <li>{@value #MISSING_CHANNEL}: 1 per transfer (data edge, input, result) between nodes without a channel;</li>
 * <li>{@value #STATIC_PLACEMENT}: in static mode, per (endpoint, layer), the number of distinct nodes its requests
 * use beyond one;</li>
 * <li>{@value #MEMORY_CAPACITY}: per node with a capacity, the weight bytes of the distinct (endpoint, layer) pairs
 * on it beyond the capacity, in MiB rounded up;</li>
 * <li>{@value #QUEUE_LIMIT}: per node with a limit Q, how far the most subtasks waiting at once (ready but not
 * started, half-open intervals [ready, start)) exceed Q;</li>
 * <li>{@value #DEADLOCK}: 1 per subtask that never starts because the queue orders contradict precedence (see
 * {@link SubtaskJob#isDeadlocked()}).</li>
 * </ul>
 * Soft:
 * <ul>
 * <li>{@value #TOTAL_LATENCY} (instances minimising total latency): per request, completion − release, rounded to
 * whole nanoseconds, so the soft score is within 0.5 ns per request of the evaluator's objective;</li>
 * <li>{@value #MAKESPAN} (instances minimising makespan): the last completion, rounded to nanoseconds;</li>
 * <li>{@value #PIPELINE_STALL}: per node, (last finish − first start) − busy time, in nanoseconds (durations rounded
 * one by one). Its weight is set by {@link PipelineSchedule}'s constraint weight overrides and is 0 by default
 * (switched off), so the soft score is exactly the evaluator's objective; a weight w adds w × stall nanoseconds.</li>
 * </ul>
 * Subtasks on or behind a deadlock have no times; they count only in {@value #DEADLOCK} and the placement rules.
 */
public final class PipelineConstraintProvider implements ConstraintProvider {
    public static final String NODE_NOT_ALLOWED = "Node not allowed";
    public static final String MISSING_CHANNEL = "Missing channel";
    public static final String STATIC_PLACEMENT = "Static placement";
    public static final String MEMORY_CAPACITY = "Memory capacity";
    public static final String QUEUE_LIMIT = "Queue limit";
    public static final String DEADLOCK = "Deadlock";
    public static final String TOTAL_LATENCY = "Total latency";
    public static final String MAKESPAN = "Makespan";
    public static final String PIPELINE_STALL = "Pipeline stall time";

    @Override
    public Constraint[] defineConstraints(ConstraintFactory factory) {
        return new Constraint[] {
            nodeNotAllowed(factory),
            missingChannel(factory),
            staticPlacement(factory),
            memoryCapacity(factory),
            queueLimit(factory),
            deadlock(factory),
            totalLatency(factory),
            makespan(factory),
            pipelineStall(factory)
        };
    }

    Constraint nodeNotAllowed(ConstraintFactory factory) {
        return factory.forEachUnfiltered(SubtaskJob.class)
                .filter(job -> job.getQueue() != null && !job.model().allowed(job.id(), job.nodeIndex()))
                .penalize(HardSoftLongScore.ONE_HARD)
                .asConstraint(NODE_NOT_ALLOWED);
    }

    /** Data edges whose ends sit on unconnected nodes, plus inputs and results without a channel. */
    Constraint missingChannel(ConstraintFactory factory) {
        // One constraint, two parts: data edges join both ends (so a move of either re-evaluates them); a device's
        // own input and result channels depend only on the subtask's node. A data edge can miss a channel only
        // when its producer sits on a node without a channel to somewhere and its consumer on a node without a
        // channel from somewhere; other subtasks are filtered out before the joins (a move re-times hundreds of
        // subtasks, each of which would otherwise be re-joined with its data edges for nothing).
        return factory.forEach(DataEdge.class)
                .join(factory.forEachUnfiltered(SubtaskJob.class).filter(job -> job.getQueue() != null
                                && job.model().missesSomeChannelFrom(job.nodeIndex())),
                        Joiners.equal(DataEdge::producer, SubtaskJob::id))
                .join(factory.forEachUnfiltered(SubtaskJob.class).filter(job -> job.getQueue() != null
                                && job.model().missesSomeChannelTo(job.nodeIndex())),
                        Joiners.equal((edge, producer) -> edge.consumer(), SubtaskJob::id))
                .filter((edge, producer, consumer) ->
                        !producer.model().connected(producer.nodeIndex(), consumer.nodeIndex()))
                .map((edge, producer, consumer) -> consumer)
                .concat(factory.forEachUnfiltered(SubtaskJob.class)
                        .filter(job -> job.getQueue() != null && inputChannelMissing(job)))
                .concat(factory.forEachUnfiltered(SubtaskJob.class)
                        .filter(job -> job.getQueue() != null && resultChannelMissing(job)))
                .penalize(HardSoftLongScore.ONE_HARD)
                .asConstraint(MISSING_CHANNEL);
    }

    private static boolean inputChannelMissing(SubtaskJob job) {
        CompiledPipeline model = job.model();
        return model.isSource(job.id()) && !model.connected(model.deviceOf(model.endpointOf(job.id())), job.nodeIndex());
    }

    private static boolean resultChannelMissing(SubtaskJob job) {
        CompiledPipeline model = job.model();
        return model.isSink(job.id()) && !model.connected(job.nodeIndex(), model.deviceOf(model.endpointOf(job.id())));
    }

    Constraint staticPlacement(ConstraintFactory factory) {
        return factory.forEachUnfiltered(SubtaskJob.class)
                .filter(job -> job.getQueue() != null && !job.model().dynamic())
                .groupBy(SubtaskJob::layerKey, ConstraintCollectors.countDistinct(SubtaskJob::getQueue))
                .filter((key, nodes) -> nodes > 1)
                .penalize(HardSoftLongScore.ONE_HARD, (key, nodes) -> nodes - 1)
                .asConstraint(STATIC_PLACEMENT);
    }

    Constraint memoryCapacity(ConstraintFactory factory) {
        return factory.forEachUnfiltered(SubtaskJob.class)
                .filter(job -> job.getQueue() != null && job.model().memoryLimitBytes(job.nodeIndex()) >= 0)
                .groupBy(SubtaskJob::getQueue, ConstraintCollectors.toSet(SubtaskJob::layerKey))
                .filter((queue, keys) -> memoryExcessBytes(queue, keys) > 0)
                .penalizeLong(HardSoftLongScore.ONE_HARD,
                        (queue, keys) -> (long) Math.ceil(memoryExcessBytes(queue, keys) / ScoreUnits.BYTES_PER_MIB))
                .asConstraint(MEMORY_CAPACITY);
    }

    private static double memoryExcessBytes(NodeQueue queue, Set<Integer> layerKeys) {
        double bytes = 0;
        for (int key : layerKeys) {
            bytes += queue.model().layerKeyWeightBytes(key);
        }
        return bytes - queue.model().memoryLimitBytes(queue.index());
    }

    Constraint queueLimit(ConstraintFactory factory) {
        return factory.forEach(SubtaskJob.class)
                .filter(job -> job.model().queueLimit(job.nodeIndex()) >= 0 && job.getStart() != null
                        && job.getStart() > job.getReady())
                .groupBy(SubtaskJob::getQueue, ConstraintCollectors.toConnectedRanges(SubtaskJob::getReady,
                        SubtaskJob::getStart, (Double from, Double to) -> to - from))
                .filter((queue, waits) -> mostWaiting(waits) > queue.model().queueLimit(queue.index()))
                .penalize(HardSoftLongScore.ONE_HARD,
                        (queue, waits) -> mostWaiting(waits) - queue.model().queueLimit(queue.index()))
                .asConstraint(QUEUE_LIMIT);
    }

    private static int mostWaiting(ConnectedRangeChain<SubtaskJob, Double, Double> waits) {
        int most = 0;
        for (ConnectedRange<SubtaskJob, Double, Double> range : waits.getConnectedRanges()) {
            most = Math.max(most, range.getMaximumOverlap());
        }
        return most;
    }

    Constraint deadlock(ConstraintFactory factory) {
        return factory.forEachUnfiltered(SubtaskJob.class)
                .filter(job -> job.getQueue() != null && job.isDeadlocked())
                .penalize(HardSoftLongScore.ONE_HARD)
                .asConstraint(DEADLOCK);
    }

    Constraint totalLatency(ConstraintFactory factory) {
        return factory.forEach(SubtaskJob.class)
                .filter(job -> job.isSink() && job.model().objective() == PipelineObjective.TOTAL_LATENCY
                        && job.getResultArrival() != null && Double.isFinite(job.getResultArrival()))
                .penalizeLong(HardSoftLongScore.ONE_SOFT,
                        job -> ScoreUnits.nanos(job.getResultArrival() - job.releaseSeconds()))
                .asConstraint(TOTAL_LATENCY);
    }

    Constraint makespan(ConstraintFactory factory) {
        return factory.forEach(SubtaskJob.class)
                .filter(job -> job.isSink() && job.model().objective() == PipelineObjective.MAKESPAN
                        && job.getResultArrival() != null && Double.isFinite(job.getResultArrival()))
                .groupBy(ConstraintCollectors.max(SubtaskJob::getResultArrival))
                .penalizeLong(HardSoftLongScore.ONE_SOFT, ScoreUnits::nanos)
                .asConstraint(MAKESPAN);
    }

    Constraint pipelineStall(ConstraintFactory factory) {
        return factory.forEach(SubtaskJob.class)
                .filter(job -> job.getStart() != null && Double.isFinite(job.getFinish()))
                .groupBy(SubtaskJob::getQueue,
                        ConstraintCollectors.min(SubtaskJob::getStart),
                        ConstraintCollectors.max(SubtaskJob::getFinish),
                        ConstraintCollectors.sumLong(job -> ScoreUnits.nanos(job.getFinish() - job.getStart())))
                .penalizeLong(HardSoftLongScore.ONE_SOFT,
                        (queue, first, last, busy) -> Math.max(0L, ScoreUnits.nanos(last - first) - busy))
                .asConstraint(PIPELINE_STALL);
    }
}
