package org.edgeplan.profiles;

/**
 * One split point of a {@link SplitChain}: the group of layers that ends at it, counted from the architecture, and
 * the tensor that leaves it (what is sent when the network is split there).
 *
 * @param name                  e.g. {@code layer2.3} or {@code conv5+pool5}
 * @param macs                  multiply-accumulates of the group's convolutions and fully connected layers
 * @param parameters            trainable parameters of the group
 * @param channels              channels of the output tensor (or features, for a fully connected output)
 * @param height                height of the output tensor (1 for a vector)
 * @param width                 width of the output tensor (1 for a vector)
 * @param exitBranchMacs        multiply-accumulates of the early-exit branch that may follow this point (0 after the
 *                              last point, whose classifier is the network's own)
 * @param exitBranchParameters  trainable parameters of that branch
 */
public record SplitPoint(String name, long macs, long parameters, int channels, int height, int width,
                         long exitBranchMacs, long exitBranchParameters) {
    public SplitPoint {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("split point needs a name");
        }
        if (macs < 0 || parameters < 0 || exitBranchMacs < 0 || exitBranchParameters < 0) {
            throw new IllegalArgumentException("split point '" + name + "': counts must be >= 0, got macs " + macs
                    + ", parameters " + parameters + ", exit branch " + exitBranchMacs + " / " + exitBranchParameters);
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("split point '" + name + "': output shape must be positive, got "
                    + channels + "x" + height + "x" + width);
        }
    }

    /** Elements of the output tensor, channels × height × width. */
    public long outputElements() {
        return (long) channels * height * width;
    }

    /** FLOPs of the group: 2 × multiply-accumulates. */
    public double flops() {
        return 2.0 * macs;
    }

    /** FLOPs of the exit branch: 2 × its multiply-accumulates. */
    public double exitBranchFlops() {
        return 2.0 * exitBranchMacs;
    }
}
