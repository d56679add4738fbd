package org.edgeplan.profiles;

import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV2 (Sandler et al. 2018, the torchvision variant, width multiplier 1.0) at 224×224×3, as a chain of 19
 * split points at block boundaries, computed from its architecture.
 *
 * <p>Split points: {@code features.0} (3×3/2 conv, 3→32, + BN + ReLU6, 112×112); the 17 inverted-residual blocks
 * {@code features.1} .. {@code features.17} with the settings (expansion t, channels c, repeats n, stride s) =
 * (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1), each an
 * expansion 1×1 conv (in → t·in, omitted when t = 1) + BN + ReLU6, a depthwise 3×3 conv (stride s in a stage's first
 * block) + BN + ReLU6 and a projection 1×1 conv (t·in → c) + BN, with the residual addition when the stride is 1 and
 * in = c; and {@code features.18+avgpool+fc} (1×1 conv 320→1280 + BN + ReLU6 at 7×7, global average pooling,
 * fc 1280→1000).
 *
 * <p>Counting rules ({@link LayerCounts}): MACs of the convolutions (a depthwise 3×3 conv: 9 per output element)
 * and the fc only (BN, ReLU6, pooling and additions: 0); FLOPs = 2 × MACs. Parameters: convolution weights (no
 * bias), BN scale and shift, fc weights and bias. Totals: {@value #MACS} MACs (0.30 GMACs, 0.60 GFLOPs) and
 * {@value #PARAMETERS} parameters. Reference figures: torchvision's model documentation for
 * {@code MobileNet_V2_Weights.IMAGENET1K_V1} lists num_params 3 504 872 and "GFLOPS 0.30" (multiply-accumulates), see
 * https://pytorch.org/vision/stable/models/generated/torchvision.models.mobilenet_v2.html; the paper quotes 300 M
 * multiply-adds.
 *
 * <p>Exit branch after point j < 19: global average pooling + fc(C_j → 1000), C_j · 1000 MACs. The early-exit
 * variant has branches at the ends of the 56-, 28- and 14-pixel stages ({@code features.3}, {@code features.6},
 * {@code features.13}: points 4, 7 and 14).
 */
public final class MobileNetV2Profile {
    /** The chain's name. */
    public static final String NAME = "mobilenetv2-224";
    /** Multiply-accumulates of the network, counted as above. */
    public static final long MACS = 300_774_272L;
    /** Trainable parameters. */
    public static final long PARAMETERS = 3_504_872L;
    /** Split points with an exit branch in the early-exit variant. */
    public static final List<Integer> EARLY_EXITS = List.of(4, 7, 14);

    private static final int[][] SETTINGS = {{1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
        {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    private MobileNetV2Profile() {
    }

    /** The 19 split points and the early-exit variant. */
    public static SplitChain chain() {
        List<SplitPoint> p = new ArrayList<>();
        p.add(LayerCounts.point("features.0", LayerCounts.convMacs(3, 32, 3, 112, 1),
                LayerCounts.convParameters(3, 32, 3, 1, false, true), 32, 112, false));
        int in = 32;
        int size = 112;
        int index = 1;
        for (int[] setting : SETTINGS) {
            int t = setting[0];
            int c = setting[1];
            for (int r = 0; r < setting[2]; r++) {
                int stride = r == 0 ? setting[3] : 1;
                int hidden = in * t;
                int outSize = size / stride;
                long macs = 0;
                long params = 0;
                if (t != 1) {
                    macs += LayerCounts.convMacs(in, hidden, 1, size, 1);
                    params += LayerCounts.convParameters(in, hidden, 1, 1, false, true);
                }
                macs += LayerCounts.convMacs(hidden, hidden, 3, outSize, hidden);
                params += LayerCounts.convParameters(hidden, hidden, 3, hidden, false, true);
                macs += LayerCounts.convMacs(hidden, c, 1, outSize, 1);
                params += LayerCounts.convParameters(hidden, c, 1, 1, false, true);
                p.add(LayerCounts.point("features." + index, macs, params, c, outSize, false));
                index++;
                in = c;
                size = outSize;
            }
        }
        long macs = LayerCounts.convMacs(320, 1280, 1, 7, 1) + LayerCounts.fcMacs(1280, SplitChain.CLASSES);
        long params = LayerCounts.convParameters(320, 1280, 1, 1, false, true)
                + LayerCounts.fcParameters(1280, SplitChain.CLASSES);
        p.add(LayerCounts.point("features.18+avgpool+fc", macs, params, SplitChain.CLASSES, 1, true));
        return new SplitChain(NAME, p, EARLY_EXITS);
    }
}
