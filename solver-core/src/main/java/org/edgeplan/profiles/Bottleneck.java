package org.edgeplan.profiles;

import java.util.Locale;

/**
 * A learned bottleneck inserted at one split point (in the manner of BottleNet / BottleFit, but with the numbers
 * stated here rather than trained): an encoder after split point {@code k} shrinks the tensor sent there by
 * {@code compressionRatio}, and a decoder before point {@code k + 1} restores it. The pair becomes part of the
 * network, so it runs wherever its layers run: with a split at {@code k} the encoder's FLOPs are spent on the device
 * and the decoder's on the edge; with a split after {@code k} both run on the device, with a split before both on
 * the edge. Only the tensor after {@code k} is compressed.
 *
 * @param afterSplitPoint  k, 1-based, below the last split point
 * @param compressionRatio bytes of the original tensor / bytes sent, ≥ 1
 * @param encoderFlops     FLOPs of the encoder, added to split point k
 * @param decoderFlops     FLOPs of the decoder, added to split point k + 1
 */
public record Bottleneck(int afterSplitPoint, double compressionRatio, double encoderFlops, double decoderFlops) {
    public Bottleneck {
        if (afterSplitPoint < 1) {
            throw new IllegalArgumentException("bottleneck: split point must be >= 1, got " + afterSplitPoint);
        }
        if (!(compressionRatio >= 1) || Double.isInfinite(compressionRatio)) {
            throw new IllegalArgumentException("bottleneck: compression ratio must be a finite number >= 1, got "
                    + compressionRatio);
        }
        if (!(encoderFlops >= 0) || Double.isInfinite(encoderFlops)) {
            throw new IllegalArgumentException("bottleneck: encoder FLOPs must be a finite number >= 0, got "
                    + encoderFlops);
        }
        if (!(decoderFlops >= 0) || Double.isInfinite(decoderFlops)) {
            throw new IllegalArgumentException("bottleneck: decoder FLOPs must be a finite number >= 0, got "
                    + decoderFlops);
        }
    }

    /**
     * A 1×1-convolution bottleneck at split point {@code k} of a chain: the encoder maps the point's C channels to
     * {@code bottleneckChannels} C' (H·W·C·C' multiply-accumulates, no bias; its batch norm counted as 0 FLOPs), the
     * decoder maps them back (as many), and the compression ratio is C / C'.
     *
     * @throws IllegalArgumentException when k is not a split point below the last or C' is not in 1..C−1
     */
    public static Bottleneck conv1x1(SplitChain chain, int k, int bottleneckChannels) {
        if (k < 1 || k >= chain.splitPointCount()) {
            throw new IllegalArgumentException("bottleneck: split point must lie in 1.." + (chain.splitPointCount() - 1)
                    + " of " + chain.name() + ", got " + k);
        }
        SplitPoint p = chain.point(k);
        if (bottleneckChannels < 1 || bottleneckChannels >= p.channels()) {
            throw new IllegalArgumentException("bottleneck: channels after split point " + k + " (" + p.name()
                    + ") must lie in 1.." + (p.channels() - 1) + ", got " + bottleneckChannels);
        }
        double macs = (double) p.height() * p.width() * p.channels() * bottleneckChannels;
        return new Bottleneck(k, (double) p.channels() / bottleneckChannels, 2 * macs, 2 * macs);
    }

    /** A short label for model names, e.g. {@code bn5x8} (after point 5, ratio 8). */
    public String label() {
        return String.format(Locale.ROOT, "bn%dx%s", afterSplitPoint,
                compressionRatio == Math.rint(compressionRatio) ? String.valueOf((long) compressionRatio)
                        : String.format(Locale.ROOT, "%.3g", compressionRatio));
    }
}
