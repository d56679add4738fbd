package org.edgeplan.pipeline.online;

import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.rl.Environment;
import org.edgeplan.rl.PointerEnvironment;

/**
 * {@link OnlinePlacement} as a {@link PointerEnvironment}: each decision offers the open candidates of the next
 * request, each described by its {@link OnlineFeatures} row, so that one pointer policy serves any number of nodes,
 * endpoints and requests. {@link #reset} draws one instance of the pool (uniformly; the only one without drawing when
 * the pool has one). A request with a single open candidate (in static placement every later request of an endpoint)
 * is not offered: it is placed at once after the decision before it and its reward added to that decision's, so the
 * return of an episode is still exactly minus the evaluator's objective of the final plan. The first request of an
 * episode is always offered.
 *
 * <p>A dead end (a request with no feasible candidate after the placements before it: memory, queue limits, links)
 * ends the episode at once with a penalty of {@value #DEAD_END_PENALTY} × the time alone on its device of every request
 * not placed, so that a policy learns to avoid it; such an episode has no plan ({@link #deadEnd()}). An instance whose
 * first request has no candidate at all cannot be played: {@link #reset} throws {@link IllegalStateException}.
 */
public final class OnlineCandidateEnvironment implements PointerEnvironment {
    private final List<PipelineInstance> pool;
    private final double[] load;
    private OnlinePlacement online;
    private double currentLoad;
    private OnlineFeatures features;
    private boolean deadEnd;

    /** Penalty per unplaced request of a dead end, in units of that request's time alone on its device. */
    public static final double DEAD_END_PENALTY = 10.0;

    public OnlineCandidateEnvironment(List<PipelineInstance> pool) {
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("the environment needs at least one instance");
        }
        this.pool = List.copyOf(pool);
        this.load = new double[this.pool.size()];
        for (int i = 0; i < load.length; i++) {
            load[i] = OnlineFeatures.offeredLoad(this.pool.get(i));
        }
    }

    /** The process of the current episode (its plan once the episode is done). */
    public OnlinePlacement process() {
        return online;
    }

    @Override
    public void reset(SplittableRandom random) {
        int i = pool.size() == 1 ? 0 : random.nextInt(pool.size());
        online = new OnlinePlacement(pool.get(i));
        currentLoad = load[i];
        deadEnd = false;
        features = OnlineFeatures.of(online, online.mask(), currentLoad);
    }

    @Override
    public double[][] optionFeatures() {
        return features.rows();
    }

    @Override
    public double[] globalFeatures() {
        return features.global();
    }

    @Override
    public Environment.Step step(int option) {
        double reward = online.place(features.open()[option]);
        features = null;
        while (!online.done()) {
            boolean[] mask = online.mask();
            int open = 0;
            int only = -1;
            for (int k = 0; k < mask.length; k++) {
                if (mask[k]) {
                    open++;
                    only = k;
                }
            }
            if (open == 0) {
                deadEnd = true;
                return new Environment.Step(reward - unplacedPenalty(), true);
            }
            if (open > 1) {
                features = OnlineFeatures.of(online, mask, currentLoad);
                break;
            }
            reward += online.place(only); // forced: no features needed
        }
        return new Environment.Step(reward, online.done());
    }

    /** Whether the last episode ended at a dead end (then it has no plan). */
    public boolean deadEnd() {
        return deadEnd;
    }

    private double unplacedPenalty() {
        PipelineInstance instance = online.instance();
        double sum = 0;
        int[] left = new int[instance.endpointCount()];
        for (int e = 0; e < left.length; e++) {
            left[e] = instance.endpoint(e).requestCount();
        }
        // The requests placed so far are each endpoint's first ones; count what is left per endpoint.
        for (int id = 0; id < instance.subtaskCount(); id++) {
            if (online.nodeOf(id) >= 0 && instance.subtaskLayer(id) == 0) {
                left[instance.subtaskEndpoint(id)]--;
            }
        }
        for (int e = 0; e < left.length; e++) {
            sum += left[e] * instance.model(e).totalFlops()
                    / instance.node(instance.deviceOf(e)).speedFlopsPerSecond();
        }
        return DEAD_END_PENALTY * sum;
    }
}
