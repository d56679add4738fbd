package org.edgeplan.pipeline.online;

import java.util.List;

import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;

/**
 * What the problem-B PPO policy sees of the next decision of an {@link OnlinePlacement}: one row per open candidate
 * (the options of a pointer policy) and a few global features, all relative (times in units of {@code s}, the next
 * request's time alone on its own device; speeds relative to that device) so that one policy serves instances of any
 * number of endpoints, nodes and requests. Built after {@link OnlinePlacement#mask()}; raw, the agent normalises them.
 */
public final class OnlineFeatures {
    /** Names of the per-candidate features, in row order (in policy files). */
    public static final List<String> OPTION_NAMES = List.of(
            "reward / s (minus what the candidate adds to the objective so far)",
            "(reward - best open reward) / s",
            "device share of the layers (cut j / layer count)",
            "all on the own device",
            "log2(speed of the candidate's node / device speed)",
            "candidate's node: its queue's end after the release / s",
            "candidate's node is a cloud",
            "compute time on the candidate's node / s");
    /** Names of the global features, in order. */
    public static final List<String> GLOBAL_NAMES = List.of(
            "share of requests placed",
            "time to the next release / s",
            "share of this endpoint's requests still to place (this one included)",
            "static placement",
            "makespan objective",
            "mean queue end after the release of the shared (non-device) nodes / s",
            "offered load: total work on the devices / (horizon x total speed)",
            "log2(open candidates)",
            "log2(1 + requests still to place)",
            "sum over all nodes of the queue's end after the release / s",
            "largest queue end after the release among the shared nodes / s",
            "mean queue end after the release of the devices / s",
            "largest queue end after the release among the devices / s");

    private final int[] open;
    private final double[][] rows;
    private final double[] global;

    private OnlineFeatures(int[] open, double[][] rows, double[] global) {
        this.open = open;
        this.rows = rows;
        this.global = global;
    }

    /** The open candidates (indices of {@link OnlinePlacement}) in increasing order; row i describes open()[i]. */
    public int[] open() {
        return open;
    }

    public double[][] rows() {
        return rows;
    }

    public double[] global() {
        return global;
    }

    /**
     * The features of the next decision of {@code online}, whose mask is {@code mask}; {@code load} is the instance's
     * {@link #offeredLoad}. Throws when no candidate is open.
     */
    public static OnlineFeatures of(OnlinePlacement online, boolean[] mask, double load) {
        PipelineInstance instance = online.instance();
        int count = 0;
        for (boolean b : mask) {
            if (b) {
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalStateException("no candidate placement of request " + online.request() + " of endpoint '"
                    + instance.endpoint(online.endpoint()).name() + "' is feasible after the requests before it");
        }
        int e = online.endpoint();
        int r = online.request();
        int device = instance.deviceOf(e);
        int layers = instance.model(e).layerCount();
        double deviceSpeed = instance.node(device).speedFlopsPerSecond();
        double s = instance.model(e).totalFlops() / deviceSpeed;
        double release = instance.releaseSeconds(e, r);
        int nodes = instance.nodeCount();
        int[] open = new int[count];
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0, i = 0; k < mask.length; k++) {
            if (mask[k]) {
                open[i++] = k;
                best = Math.max(best, online.rewardOf(k));
            }
        }
        double[][] rows = new double[count][];
        for (int i = 0; i < count; i++) {
            int k = open[i];
            int j = k / nodes;
            int b = k % nodes;
            double work = 0;
            for (int l = 0; l < layers; l++) {
                if (online.nodeFor(e, l, k) == b) {
                    work += instance.computeSeconds(instance.subtaskId(e, r, l), b);
                }
            }
            double reward = online.rewardOf(k);
            rows[i] = new double[] {
                    reward / s,
                    (reward - best) / s,
                    j / (double) layers,
                    b == device ? 1.0 : 0.0,
                    log2(instance.node(b).speedFlopsPerSecond() / deviceSpeed),
                    Math.max(0, online.nodeEndSeconds(b) - release) / s,
                    instance.node(b).kind() == NodeKind.CLOUD ? 1.0 : 0.0,
                    work / s};
        }
        double shared = 0;
        int sharedCount = 0;
        double sharedMax = 0;
        double devices = 0;
        int deviceCount = 0;
        double devicesMax = 0;
        for (int n = 0; n < nodes; n++) {
            double backlog = Math.max(0, online.nodeEndSeconds(n) - release) / s;
            if (instance.node(n).kind() != NodeKind.DEVICE) {
                shared += backlog;
                sharedCount++;
                sharedMax = Math.max(sharedMax, backlog);
            } else {
                devices += backlog;
                deviceCount++;
                devicesMax = Math.max(devicesMax, backlog);
            }
        }
        int endpointRequests = instance.endpoint(e).requestCount();
        double[] global = {
                online.placed() / (double) online.requestCount(),
                nextReleaseGap(instance, release) / s,
                (endpointRequests - r) / (double) endpointRequests,
                instance.mode() == PlacementMode.STATIC ? 1.0 : 0.0,
                instance.objective() == PipelineObjective.MAKESPAN ? 1.0 : 0.0,
                sharedCount == 0 ? 0.0 : shared / sharedCount,
                load,
                log2(count),
                log2(1 + online.requestCount() - online.placed()),
                shared + devices,
                sharedMax,
                deviceCount == 0 ? 0.0 : devices / deviceCount,
                devicesMax};
        return new OnlineFeatures(open, rows, global);
    }

    /**
     * The instance's offered load: the time of every request alone on its own device, summed, over the horizon (the
     * last release minus the first, plus the mean such time) times the total speed of all nodes relative to the
     * devices'. About 1 when the nodes together are just busy all the time.
     */
    public static double offeredLoad(PipelineInstance instance) {
        double work = 0;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        int requests = 0;
        double deviceSpeeds = 0;
        for (int e = 0; e < instance.endpointCount(); e++) {
            double speed = instance.node(instance.deviceOf(e)).speedFlopsPerSecond();
            deviceSpeeds += speed;
            int count = instance.endpoint(e).requestCount();
            work += count * instance.model(e).totalFlops() / speed;
            requests += count;
            for (int r = 0; r < count; r++) {
                first = Math.min(first, instance.releaseSeconds(e, r));
                last = Math.max(last, instance.releaseSeconds(e, r));
            }
        }
        double meanDeviceSpeed = deviceSpeeds / instance.endpointCount();
        double capacity = 0;
        for (int n = 0; n < instance.nodeCount(); n++) {
            capacity += instance.node(n).speedFlopsPerSecond() / meanDeviceSpeed;
        }
        double horizon = last - first + work / requests;
        return work / (horizon * capacity);
    }

    /** How long after {@code release} the next later release of any endpoint comes (0 when none does). */
    static double nextReleaseGap(PipelineInstance instance, double release) {
        double next = Double.POSITIVE_INFINITY;
        for (int e = 0; e < instance.endpointCount(); e++) {
            for (double a : instance.endpoint(e).releaseTimesSeconds()) {
                if (a > release) {
                    next = Math.min(next, a);
                    break;
                }
            }
        }
        return Double.isFinite(next) ? next - release : 0;
    }

    /**
     * The greedy teacher for imitation: the candidate with the largest reward (the first of equal ones), as
     * {@code online-greedy} chooses.
     */
    public static int greedyChoice(double[][] rows) {
        int best = 0;
        for (int i = 1; i < rows.length; i++) {
            if (rows[i][0] > rows[best][0]) {
                best = i;
            }
        }
        return best;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
