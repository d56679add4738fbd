package org.edgeplan.profiles;

/**
 * The counting rules shared by the computed chain profiles: multiply-accumulates and trainable parameters of
 * convolutions (optionally grouped, with bias or batch norm) and fully connected layers. Batch norm, activations,
 * pooling and residual additions cost 0 multiply-accumulates; a batch norm has 2 parameters per channel (scale and
 * shift; running statistics are buffers, not parameters).
 */
final class LayerCounts {
    private LayerCounts() {
    }

    /** out·H·W · (in / groups) · k² multiply-accumulates. */
    static long convMacs(int in, int out, int kernel, int outSize, int groups) {
        return (long) outSize * outSize * out * (in / groups) * kernel * kernel;
    }

    /** k² · (in / groups) · out weights, plus out biases or 2·out batch-norm parameters. */
    static long convParameters(int in, int out, int kernel, int groups, boolean bias, boolean batchNorm) {
        return (long) kernel * kernel * (in / groups) * out + (bias ? out : 0) + (batchNorm ? 2L * out : 0);
    }

    /** in · out multiply-accumulates. */
    static long fcMacs(int in, int out) {
        return (long) in * out;
    }

    /** in · out weights and out biases. */
    static long fcParameters(int in, int out) {
        return (long) in * out + out;
    }

    /** The exit branch after a point: global average pooling (0) + fc to 1000 classes; none after the last point. */
    static SplitPoint point(String name, long macs, long parameters, int channels, int size, boolean last) {
        return new SplitPoint(name, macs, parameters, channels, size, size,
                last ? 0 : SplitChain.exitBranchMacs(channels), last ? 0 : SplitChain.exitBranchParameters(channels));
    }
}
