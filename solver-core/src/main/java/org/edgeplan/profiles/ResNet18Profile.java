package org.edgeplan.profiles;

import java.util.ArrayList;
import java.util.List;

import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;

/**
 * ResNet-18 (He et al. 2016, the torchvision variant) at 224×224×3 as a branching DAG, computed from its
 * architecture rather than read from a file.
 *
 * <p>Layers (31): {@code conv1} (7×7/2 conv, 3→64, + BN + ReLU, 112×112), {@code maxpool} (3×3/2, 56×56);
 * then 8 basic blocks {@code layerS.B} (stages S = 1..4 with 64, 128, 256, 512 channels at 56, 28, 14, 7 pixels,
 * B = 0, 1), each with {@code .conv1} (3×3, stride 2 in the first block of stages 2-4, + BN + ReLU),
 * {@code .conv2} (3×3 + BN), in the first block of stages 2-4 a {@code .downsample} (1×1/2 conv + BN) that
 * reads the block input, and {@code .add} (shortcut addition + ReLU) that reads {@code .conv2} and the shortcut
 * (the block input or {@code .downsample}); finally {@code avgpool} (global average pooling, 512 values) and
 * {@code fc} (512→1000).
 *
 * <p>Counting rules: FLOPs = 2 × multiply-accumulates of the convolutions and the fully connected layer only;
 * batch norm, ReLU, max/average pooling and the shortcut additions are counted as 0 FLOPs (together they are
 * well under 1% of the total). Output bytes are fp32 (4 bytes per element) of the layer's output tensor.
 * Weight bytes are 4 × the trainable parameters: convolution weights (torchvision's convolutions have no bias),
 * batch-norm scale and shift (2 per channel, folded into the convolution at inference) and the fc weights and
 * bias. Totals: 1,814,073,344 MACs (about 1.8 GMACs, 3.63 GFLOPs) and 11,689,512 parameters (about 11.7 M),
 * the figures usually quoted for ResNet-18. Input: 3×224×224 fp32 = 602112 bytes.
 */
public final class ResNet18Profile {
    /** The profile name. */
    public static final String NAME = "resnet18-224";
    /** Bytes of one fp32 input image, 3×224×224×4. */
    public static final double INPUT_BYTES = 3 * 224 * 224 * 4;

    private ResNet18Profile() {
    }

    /** The 31 layers in a topological order (multiply-accumulates are {@code flops / 2}). */
    public static List<DnnLayer> layers() {
        List<DnnLayer> out = new ArrayList<>();
        // stem
        out.add(conv("conv1", 3, 64, 7, 112, List.of(), true));
        out.add(new DnnLayer("maxpool", 0, fp32(64L * 56 * 56), 0, List.of("conv1")));
        String blockInput = "maxpool";
        int inChannels = 64;
        int[] channels = {64, 128, 256, 512};
        int[] size = {56, 28, 14, 7};
        for (int s = 0; s < 4; s++) {
            for (int b = 0; b < 2; b++) {
                String p = "layer" + (s + 1) + "." + b;
                int c = channels[s];
                int hw = size[s];
                out.add(conv(p + ".conv1", inChannels, c, 3, hw, List.of(blockInput), true));
                out.add(conv(p + ".conv2", c, c, 3, hw, List.of(p + ".conv1"), true));
                String shortcut = blockInput;
                if (b == 0 && s > 0) {
                    out.add(conv(p + ".downsample", inChannels, c, 1, hw, List.of(blockInput), true));
                    shortcut = p + ".downsample";
                }
                out.add(new DnnLayer(p + ".add", 0, fp32((long) c * hw * hw), 0, List.of(p + ".conv2", shortcut)));
                blockInput = p + ".add";
                inChannels = c;
            }
        }
        out.add(new DnnLayer("avgpool", 0, fp32(512), 0, List.of(blockInput)));
        long fcMacs = 512L * 1000;
        out.add(new DnnLayer("fc", 2.0 * fcMacs, fp32(1000), fp32(512L * 1000 + 1000), List.of("avgpool")));
        return out;
    }

    /** The DAG with the given result bytes. */
    public static DnnGraph graph(double resultBytes) {
        return new DnnGraph(NAME, INPUT_BYTES, resultBytes, layers());
    }

    /** Multiply-accumulates of the whole network (conv and fc). */
    public static long totalMacs() {
        return Math.round(layers().stream().mapToDouble(DnnLayer::flops).sum() / 2);
    }

    /** Trainable parameters (conv weights, batch-norm scale and shift, fc weights and bias). */
    public static long totalParameters() {
        return Math.round(layers().stream().mapToDouble(DnnLayer::weightBytes).sum() / 4);
    }

    private static DnnLayer conv(String name, int in, int out, int kernel, int outSize, List<String> inputs,
                                 boolean batchNorm) {
        long macs = (long) outSize * outSize * out * in * kernel * kernel;
        long params = (long) kernel * kernel * in * out + (batchNorm ? 2L * out : 0);
        return new DnnLayer(name, 2.0 * macs, fp32((long) out * outSize * outSize), fp32(params), inputs);
    }

    private static double fp32(long elements) {
        return 4.0 * elements;
    }
}
