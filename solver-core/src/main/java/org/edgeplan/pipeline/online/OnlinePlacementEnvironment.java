package org.edgeplan.pipeline.online;

import java.util.SplittableRandom;

import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.rl.Environment;

/**
 * {@link OnlinePlacement} as an {@link Environment} of the problem-independent PPO core: one categorical head over the
 * {@link OnlinePlacement#candidateCount()} candidates, masked by {@link OnlinePlacement#mask()}; one step per
 * request; the reward is the online process's, so an episode's return is minus the evaluator's objective of the
 * final plan.
 *
 * <p>Observation (fixed length {@code N + K + 2} for an instance of N nodes and K candidates), in units of the next
 * request's time alone on its device ({@code s} = its model's FLOPs / its device's speed):
 * <ul>
 *   <li>per node: how long after the request's release the node's queue so far ends (0 when it is already idle),
 *   from the evaluator's schedule of the requests placed so far;</li>
 *   <li>per candidate: its reward, {@code −(f_t − f_{t−1}) / s} (0 when closed): what a greedy placement would
 *   read; a policy can learn when to depart from it;</li>
 *   <li>the share of requests placed, and the time to the next request's release after this one, / s.</li>
 * </ul>
 * One instance per environment for now: {@link #reset} replays it (the random generator is not needed).
 */
public final class OnlinePlacementEnvironment implements Environment {
    private final PipelineInstance instance;
    private OnlinePlacement online;
    private boolean[] mask;

    public OnlinePlacementEnvironment(PipelineInstance instance) {
        this.instance = instance;
        this.online = new OnlinePlacement(instance);
    }

    /** Observation length. */
    public int observationSize() {
        return instance.nodeCount() + online.candidateCount() + 2;
    }

    /** Number of options of the one head. */
    public int actionCount() {
        return online.candidateCount();
    }

    /** The process behind the environment (its plan once an episode is done). */
    public OnlinePlacement process() {
        return online;
    }

    @Override
    public void reset(SplittableRandom random) {
        online = new OnlinePlacement(instance);
        mask = null;
    }

    @Override
    public double[] observation() {
        boolean[] open = actionMask();
        int nodes = instance.nodeCount();
        double[] x = new double[observationSize()];
        int e = online.endpoint();
        int r = online.request();
        double release = instance.releaseSeconds(e, r);
        double scale = instance.model(e).totalFlops() / instance.node(instance.deviceOf(e)).speedFlopsPerSecond();
        for (int n = 0; n < nodes; n++) {
            x[n] = Math.max(0, online.nodeEndSeconds(n) - release) / scale;
        }
        for (int k = 0; k < online.candidateCount(); k++) {
            x[nodes + k] = open[k] ? online.rewardOf(k) / scale : 0;
        }
        x[nodes + online.candidateCount()] = online.placed() / (double) online.requestCount();
        x[nodes + online.candidateCount() + 1] = OnlineFeatures.nextReleaseGap(instance, release) / scale;
        return x;
    }

    @Override
    public boolean[] actionMask() {
        if (mask == null) {
            mask = online.mask();
        }
        return mask;
    }

    @Override
    public Step step(int[] choices, double[] continuous) {
        actionMask();
        double reward = online.place(choices[0]);
        mask = null;
        return new Step(reward, online.done());
    }
}
