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
 */
public final class OnlineCandidateEnvironment implements PointerEnvironment {
    private final List<PipelineInstance> pool;
    private final double[] load;
    private OnlinePlacement online;
    private double currentLoad;
    private OnlineFeatures features;

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
            OnlineFeatures next = OnlineFeatures.of(online, mask, currentLoad);
            if (next.open().length > 1) {
                features = next;
                break;
            }
            reward += online.place(next.open()[0]);
        }
        return new Environment.Step(reward, online.done());
    }
}
