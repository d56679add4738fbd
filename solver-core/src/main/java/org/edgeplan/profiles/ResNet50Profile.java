package org.edgeplan.profiles;

import java.util.ArrayList;
import java.util.List;

/**
 * ResNet-50 (He et al. 2016, the torchvision variant "V1.5", stride in the 3×3 convolution of the bottleneck) at
 * 224×224×3, as a chain of 17 split points at block boundaries, computed from its architecture.
 *
 * <p>Split points: {@code stem} (7×7/2 conv, 3→64, + BN + ReLU, 112×112; 3×3/2 max pool → 64×56×56); then the 16
 * bottleneck blocks {@code layerS.B} (stages S = 1..4 with widths 64, 128, 256, 512, outputs 4 × width channels at
 * 56, 28, 14, 7 pixels, 3, 4, 6, 3 blocks), each 1×1 conv (in → width) + BN + ReLU, 3×3 conv (width → width, stride 2
 * in the first block of stages 2-4) + BN + ReLU, 1×1 conv (width → 4·width) + BN, and in the first block of every
 * stage a downsample shortcut (1×1 conv in → 4·width, same stride, + BN), then the addition and ReLU; the last block
 * also holds the global average pooling and {@code fc} (2048→1000): {@code layer4.2+avgpool+fc}.
 *
 * <p>Counting rules ({@link LayerCounts}): MACs of the convolutions and {@code fc} only (BN, ReLU, pooling and the
 * shortcut additions: 0); FLOPs = 2 × MACs. Parameters: convolution weights (no bias), BN scale and shift (2 per
 * channel), fc weights and bias. Totals: {@value #MACS} MACs (4.09 GMACs, 8.18 GFLOPs) and {@value #PARAMETERS}
 * parameters. Reference figures: torchvision's model documentation for {@code ResNet50_Weights.IMAGENET1K_V1} lists
 * num_params 25 557 032 and "GFLOPS 4.09" (multiply-accumulates), see
 * https://pytorch.org/vision/stable/models/generated/torchvision.models.resnet50.html.
 *
 * <p>Exit branch after point j < 17: global average pooling + fc(C_j → 1000), C_j · 1000 MACs (0.26-2.0 M, under
 * 1 % of a block). The early-exit variant has branches at the ends of stages 1, 2 and 3 ({@code layer1.2},
 * {@code layer2.3}, {@code layer3.5}: points 4, 8 and 14).
 */
public final class ResNet50Profile {
    /** The chain's name. */
    public static final String NAME = "resnet50-224";
    /** Multiply-accumulates of the network, counted as above. */
    public static final long MACS = 4_089_184_256L;
    /** Trainable parameters. */
    public static final long PARAMETERS = 25_557_032L;
    /** Split points with an exit branch in the early-exit variant. */
    public static final List<Integer> EARLY_EXITS = List.of(4, 8, 14);

    private ResNet50Profile() {
    }

    /** The 17 split points and the early-exit variant. */
    public static SplitChain chain() {
        List<SplitPoint> p = new ArrayList<>();
        p.add(LayerCounts.point("stem", LayerCounts.convMacs(3, 64, 7, 112, 1),
                LayerCounts.convParameters(3, 64, 7, 1, false, true), 64, 56, false));
        int[] widths = {64, 128, 256, 512};
        int[] blocks = {3, 4, 6, 3};
        int[] sizes = {56, 28, 14, 7};
        int in = 64;
        int inSize = 56;
        for (int s = 0; s < 4; s++) {
            int w = widths[s];
            int size = sizes[s];
            for (int b = 0; b < blocks[s]; b++) {
                int out = 4 * w;
                // conv1 runs at the block's input size, the strided conv2 and the rest at its output size
                long macs = LayerCounts.convMacs(in, w, 1, inSize, 1) + LayerCounts.convMacs(w, w, 3, size, 1)
                        + LayerCounts.convMacs(w, out, 1, size, 1);
                long params = LayerCounts.convParameters(in, w, 1, 1, false, true)
                        + LayerCounts.convParameters(w, w, 3, 1, false, true)
                        + LayerCounts.convParameters(w, out, 1, 1, false, true);
                if (b == 0) {
                    macs += LayerCounts.convMacs(in, out, 1, size, 1);
                    params += LayerCounts.convParameters(in, out, 1, 1, false, true);
                }
                String name = "layer" + (s + 1) + "." + b;
                boolean last = s == 3 && b == blocks[s] - 1;
                if (last) {
                    macs += LayerCounts.fcMacs(out, SplitChain.CLASSES);
                    params += LayerCounts.fcParameters(out, SplitChain.CLASSES);
                    p.add(LayerCounts.point(name + "+avgpool+fc", macs, params, SplitChain.CLASSES, 1, true));
                } else {
                    p.add(LayerCounts.point(name, macs, params, out, size, false));
                }
                in = out;
                inSize = size;
            }
        }
        return new SplitChain(NAME, p, EARLY_EXITS);
    }
}
