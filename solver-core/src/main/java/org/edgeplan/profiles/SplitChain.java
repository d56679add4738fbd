package org.edgeplan.profiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitDnn;

/**
 * A network as problem A sees it: a chain of N split points computed from its architecture ({@link AlexNetProfile},
 * {@link ResNet50Profile}, {@link MobileNetV2Profile}), each with its FLOPs, the tensor it sends and the cost of an
 * early-exit branch after it; plus the split points that carry a branch in the network's early-exit variant.
 *
 * <p>{@link #multiExit} turns it into the {@link MultiExitDnn} of problem A for an activation precision and an
 * optional {@link Bottleneck}: w_j = 2 × the point's multiply-accumulates, D_j = its output elements × the
 * precision's bytes (D_0 = the input image as 8-bit pixels, 3 × 224 × 224 = 150 528 bytes, whatever the precision),
 * c_j = 2 × the branch's multiply-accumulates.
 */
public final class SplitChain {
    /** Bytes of the input image: 3 × 224 × 224 pixels of one byte. */
    public static final double INPUT_BYTES = 3 * 224 * 224;

    private final String name;
    private final List<SplitPoint> points;
    private final List<Integer> earlyExits;

    /**
     * @param name       e.g. {@code resnet50-224}
     * @param points     the N split points in order
     * @param earlyExits the 1-based split points (below N) that carry an exit branch in the early-exit variant
     */
    public SplitChain(String name, List<SplitPoint> points, List<Integer> earlyExits) {
        this.name = Objects.requireNonNull(name, "name");
        this.points = List.copyOf(points);
        if (this.points.isEmpty()) {
            throw new IllegalArgumentException("chain '" + name + "': needs at least one split point");
        }
        for (int e : earlyExits) {
            if (e < 1 || e >= this.points.size()) {
                throw new IllegalArgumentException("chain '" + name + "': early exit " + e + " is outside 1.."
                        + (this.points.size() - 1));
            }
        }
        this.earlyExits = List.copyOf(earlyExits);
    }

    public String name() {
        return name;
    }

    /** N. */
    public int splitPointCount() {
        return points.size();
    }

    /** Split point j, 1-based. */
    public SplitPoint point(int j) {
        if (j < 1 || j > points.size()) {
            throw new IllegalArgumentException("split point " + j + " is outside 1.." + points.size() + " of " + name);
        }
        return points.get(j - 1);
    }

    public List<SplitPoint> points() {
        return points;
    }

    /** The split points with an exit branch in the early-exit variant. */
    public List<Integer> earlyExits() {
        return earlyExits;
    }

    /** The early-exit variant's exit set: {@link #earlyExits} and N. */
    public ExitSet earlyExitSet() {
        return ExitSet.of(points.size(), earlyExits.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Multiply-accumulates of the whole network (no exit branches). */
    public long totalMacs() {
        return points.stream().mapToLong(SplitPoint::macs).sum();
    }

    /** Trainable parameters of the whole network (no exit branches). */
    public long totalParameters() {
        return points.stream().mapToLong(SplitPoint::parameters).sum();
    }

    /** The problem-A model with activations of the given precision and no bottleneck. */
    public MultiExitDnn multiExit(ActivationPrecision precision) {
        return multiExit(precision, null);
    }

    /**
     * The problem-A model with activations of the given precision and, when {@code bottleneck} is not null, that
     * bottleneck (its ratio divides D_k, its encoder FLOPs are added to w_k and its decoder FLOPs to w_{k+1}). The
     * model is named {@code <chain>-<precision>} or {@code <chain>-<precision>-<bottleneck label>}.
     *
     * @throws IllegalArgumentException when the precision is null or the bottleneck is not below the last point
     */
    public MultiExitDnn multiExit(ActivationPrecision precision, Bottleneck bottleneck) {
        if (precision == null) {
            throw new IllegalArgumentException("chain '" + name + "': activation precision is null; known: fp32, fp16,"
                    + " int8");
        }
        int n = points.size();
        if (bottleneck != null && bottleneck.afterSplitPoint() >= n) {
            throw new IllegalArgumentException("chain '" + name + "': a bottleneck must follow a split point in 1.."
                    + (n - 1) + ", got " + bottleneck.afterSplitPoint());
        }
        List<String> names = new ArrayList<>();
        double[] flops = new double[n];
        double[] out = new double[n];
        double[] exit = new double[n];
        for (int j = 1; j <= n; j++) {
            SplitPoint p = points.get(j - 1);
            names.add(p.name());
            flops[j - 1] = p.flops();
            out[j - 1] = (double) p.outputElements() * precision.bytesPerElement();
            exit[j - 1] = j == n ? 0 : p.exitBranchFlops();
        }
        String modelName = name + "-" + precision.label();
        if (bottleneck != null) {
            int k = bottleneck.afterSplitPoint();
            flops[k - 1] += bottleneck.encoderFlops();
            flops[k] += bottleneck.decoderFlops();
            out[k - 1] /= bottleneck.compressionRatio();
            modelName += "-" + bottleneck.label();
        }
        return new MultiExitDnn(modelName, INPUT_BYTES, names, flops, out, exit);
    }

    /** The exit branch after a tensor of {@code features} channels: global average pooling + fc to 1000 classes. */
    static long exitBranchMacs(int features) {
        return (long) features * CLASSES;
    }

    /** Parameters of that branch: the fc's weights and biases. */
    static long exitBranchParameters(int features) {
        return (long) features * CLASSES + CLASSES;
    }

    /** ImageNet classes of every classifier here. */
    static final int CLASSES = 1000;
}
