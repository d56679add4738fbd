package org.edgeplan.profiles;

import java.util.ArrayList;
import java.util.List;

/**
 * AlexNet, the torchvision variant (Krizhevsky's "one weird trick" single-tower network, 64-192-384-256-256
 * channels), at 224×224×3, as a chain of 8 split points computed from its architecture.
 *
 * <p>Split points: {@code conv1+pool1} (11×11/4 conv, padding 2, 3→64, + ReLU, 55×55; 3×3/2 max pool → 64×27×27),
 * {@code conv2+pool2} (5×5 conv, 64→192, + ReLU, 27×27; max pool → 192×13×13), {@code conv3} (3×3, 192→384,
 * 13×13), {@code conv4} (3×3, 384→256), {@code conv5+pool5} (3×3, 256→256; max pool and the 6×6 adaptive average
 * pool → 256×6×6 = 9 216 values), {@code fc6} (9216→4096 + ReLU), {@code fc7} (4096→4096 + ReLU), {@code fc8}
 * (4096→1000, the classifier). Dropout is inactive at inference.
 *
 * <p>Counting rules ({@link LayerCounts}): multiply-accumulates (MACs) of the convolutions and fully connected
 * layers only (ReLU and pooling: 0); FLOPs = 2 × MACs. Parameters: weights and biases (AlexNet has no batch norm).
 * Totals: {@value #MACS} MACs (0.714 GMACs, 1.43 GFLOPs) and {@value #PARAMETERS} parameters. Reference figures:
 * torchvision's model documentation for {@code AlexNet_Weights.IMAGENET1K_V1} lists num_params 61 100 840 and
 * "GFLOPS 0.71" (torchvision's "GFLOPS" column counts multiply-accumulates), see
 * https://pytorch.org/vision/stable/models/generated/torchvision.models.alexnet.html.
 *
 * <p>Exit branch after point j < 8: global average pooling + fc(C_j → 1000) (for {@code fc6} and {@code fc7} the
 * tensor is already a vector: just the fc), C_j · 1000 MACs. The early-exit variant has branches after
 * {@code conv2+pool2} and {@code conv5+pool5} (points 2 and 5).
 */
public final class AlexNetProfile {
    /** The chain's name. */
    public static final String NAME = "alexnet-224";
    /** Multiply-accumulates of the network, counted as above. */
    public static final long MACS = 714_188_480L;
    /** Trainable parameters. */
    public static final long PARAMETERS = 61_100_840L;
    /** Split points with an exit branch in the early-exit variant. */
    public static final List<Integer> EARLY_EXITS = List.of(2, 5);

    private AlexNetProfile() {
    }

    /** The 8 split points and the early-exit variant. */
    public static SplitChain chain() {
        List<SplitPoint> p = new ArrayList<>();
        p.add(conv("conv1+pool1", 3, 64, 11, 55, 27));
        p.add(conv("conv2+pool2", 64, 192, 5, 27, 13));
        p.add(conv("conv3", 192, 384, 3, 13, 13));
        p.add(conv("conv4", 384, 256, 3, 13, 13));
        p.add(conv("conv5+pool5", 256, 256, 3, 13, 6));
        p.add(fc("fc6", 256 * 6 * 6, 4096, false));
        p.add(fc("fc7", 4096, 4096, false));
        p.add(fc("fc8", 4096, 1000, true));
        return new SplitChain(NAME, p, EARLY_EXITS);
    }

    private static SplitPoint conv(String name, int in, int out, int kernel, int convSize, int outSize) {
        return LayerCounts.point(name, LayerCounts.convMacs(in, out, kernel, convSize, 1),
                LayerCounts.convParameters(in, out, kernel, 1, true, false), out, outSize, false);
    }

    private static SplitPoint fc(String name, int in, int out, boolean last) {
        return LayerCounts.point(name, LayerCounts.fcMacs(in, out), LayerCounts.fcParameters(in, out), out, 1, last);
    }
}
