package org.edgeplan.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.edgeplan.multiexit.MultiExitDnn;
import org.junit.jupiter.api.Test;

/**
 * The computed chain profiles against torchvision's published figures (model documentation pages, "num_params" and
 * "GFLOPS", the latter counting multiply-accumulates): AlexNet 61 100 840 / 0.71, ResNet-50 25 557 032 / 4.09,
 * MobileNetV2 3 504 872 / 0.30; and the precision and bottleneck arithmetic.
 */
class NetworkProfilesTest {

    @Test
    void alexnetMatchesTorchvision() {
        SplitChain c = AlexNetProfile.chain();
        assertThat(c.splitPointCount()).isEqualTo(8);
        assertThat(c.totalParameters()).isEqualTo(61_100_840L);
        // torchvision's 0.71 GFLOPS (MACs), rounded to two decimals
        assertThat(c.totalMacs() / 1e9).isCloseTo(0.71, within(0.005));
        assertThat(c.totalMacs()).isEqualTo(AlexNetProfile.MACS);
        assertThat(c.point(1).macs()).isEqualTo(55L * 55 * 64 * 3 * 11 * 11);
        assertThat(c.point(5).outputElements()).isEqualTo(256 * 6 * 6);
        assertThat(c.point(6).parameters()).isEqualTo(9216L * 4096 + 4096);
        assertThat(c.points()).extracting(SplitPoint::name).containsExactly("conv1+pool1", "conv2+pool2", "conv3",
                "conv4", "conv5+pool5", "fc6", "fc7", "fc8");
    }

    @Test
    void resnet50MatchesTorchvision() {
        SplitChain c = ResNet50Profile.chain();
        assertThat(c.splitPointCount()).isEqualTo(17);
        assertThat(c.totalParameters()).isEqualTo(25_557_032L);
        assertThat(c.totalMacs() / 1e9).isCloseTo(4.09, within(0.005));
        assertThat(c.totalMacs()).isEqualTo(ResNet50Profile.MACS);
        // block boundaries: stage outputs 256x56x56, 512x28x28, 1024x14x14, then the logits
        assertThat(c.point(4).name()).isEqualTo("layer1.2");
        assertThat(c.point(4).outputElements()).isEqualTo(256L * 56 * 56);
        assertThat(c.point(8).outputElements()).isEqualTo(512L * 28 * 28);
        assertThat(c.point(14).outputElements()).isEqualTo(1024L * 14 * 14);
        assertThat(c.point(17).name()).isEqualTo("layer4.2+avgpool+fc");
        assertThat(c.point(17).outputElements()).isEqualTo(1000);
        // an identity block of stage 2: 1x1 512->128 at 28, 3x3 128->128, 1x1 128->512
        assertThat(c.point(6).macs()).isEqualTo(28L * 28 * (512 * 128 + 9 * 128 * 128 + 128 * 512));
    }

    @Test
    void mobilenetV2MatchesTorchvision() {
        SplitChain c = MobileNetV2Profile.chain();
        assertThat(c.splitPointCount()).isEqualTo(19);
        assertThat(c.totalParameters()).isEqualTo(3_504_872L);
        assertThat(c.totalMacs() / 1e9).isCloseTo(0.30, within(0.005));
        assertThat(c.totalMacs()).isEqualTo(MobileNetV2Profile.MACS);
        // features.1 (t = 1): depthwise 3x3 on 32 channels at 112, projection 32 -> 16
        assertThat(c.point(2).macs()).isEqualTo(112L * 112 * 32 * 9 + 112L * 112 * 32 * 16);
        assertThat(c.point(7).outputElements()).isEqualTo(32L * 28 * 28);
        assertThat(c.point(18).outputElements()).isEqualTo(320L * 7 * 7);
    }

    @Test
    void exitBranchesArePoolPlusFcAndNoneAfterTheLastPoint() {
        for (SplitChain c : List.of(AlexNetProfile.chain(), ResNet50Profile.chain(), MobileNetV2Profile.chain())) {
            int n = c.splitPointCount();
            for (int j = 1; j < n; j++) {
                SplitPoint p = c.point(j);
                assertThat(p.exitBranchMacs()).as(c.name() + " " + p.name()).isEqualTo(p.channels() * 1000L);
                assertThat(p.exitBranchParameters()).isEqualTo(p.channels() * 1000L + 1000);
            }
            assertThat(c.point(n).exitBranchMacs()).isZero();
            assertThat(c.earlyExitSet().layers()).containsExactlyElementsOf(
                    java.util.stream.Stream.concat(c.earlyExits().stream(), java.util.stream.Stream.of(n)).toList());
        }
    }

    @Test
    void precisionChangesOnlyTheBytesSentAfterTheInput() {
        SplitChain c = MobileNetV2Profile.chain();
        MultiExitDnn fp32 = c.multiExit(ActivationPrecision.FP32);
        MultiExitDnn fp16 = c.multiExit(ActivationPrecision.FP16);
        MultiExitDnn int8 = c.multiExit(ActivationPrecision.INT8);
        assertThat(fp32.name()).isEqualTo("mobilenetv2-224-fp32");
        assertThat(int8.name()).isEqualTo("mobilenetv2-224-int8");
        for (MultiExitDnn d : List.of(fp32, fp16, int8)) {
            assertThat(d.outputBytes(0)).isEqualTo(150_528); // 8-bit pixels whatever the precision
            assertThat(d.totalFlops()).isEqualTo(2.0 * MobileNetV2Profile.MACS);
        }
        for (int j = 1; j <= c.splitPointCount(); j++) {
            double elements = c.point(j).outputElements();
            assertThat(int8.outputBytes(j)).isEqualTo(elements);
            assertThat(fp16.outputBytes(j)).isEqualTo(2 * elements);
            assertThat(fp32.outputBytes(j)).isEqualTo(4 * elements);
            assertThat(fp32.layerFlops(j)).isEqualTo(int8.layerFlops(j)).isEqualTo(2.0 * c.point(j).macs());
        }
        assertThat(fp32.exitBranchFlops(4)).isEqualTo(2.0 * 24 * 1000);
        assertThat(ActivationPrecision.parse("FP16")).isEqualTo(ActivationPrecision.FP16);
        assertThat(ActivationPrecision.parse(" int8 ").bytesPerElement()).isEqualTo(1);
    }

    @Test
    void bottleneckCompressesOneTensorAndAddsItsCoderFlops() {
        SplitChain c = ResNet50Profile.chain();
        Bottleneck b = Bottleneck.conv1x1(c, 8, 32);
        assertThat(b.compressionRatio()).isEqualTo(16.0);
        assertThat(b.encoderFlops()).isEqualTo(2.0 * 28 * 28 * 512 * 32);
        assertThat(b.decoderFlops()).isEqualTo(b.encoderFlops());
        assertThat(b.label()).isEqualTo("bn8x16");
        MultiExitDnn plain = c.multiExit(ActivationPrecision.FP16);
        MultiExitDnn squeezed = c.multiExit(ActivationPrecision.FP16, b);
        assertThat(squeezed.name()).isEqualTo("resnet50-224-fp16-bn8x16");
        assertThat(squeezed.outputBytes(8)).isEqualTo(2.0 * 512 * 28 * 28 / 16);
        assertThat(squeezed.layerFlops(8)).isEqualTo(plain.layerFlops(8) + b.encoderFlops());
        assertThat(squeezed.layerFlops(9)).isEqualTo(plain.layerFlops(9) + b.decoderFlops());
        for (int j = 1; j <= c.splitPointCount(); j++) {
            if (j != 8) {
                assertThat(squeezed.outputBytes(j)).isEqualTo(plain.outputBytes(j));
            }
            if (j != 8 && j != 9) {
                assertThat(squeezed.layerFlops(j)).isEqualTo(plain.layerFlops(j));
            }
        }
        Bottleneck stated = new Bottleneck(3, 2.5, 1e6, 0);
        assertThat(c.multiExit(ActivationPrecision.INT8, stated).outputBytes(3)).isEqualTo(256.0 * 56 * 56 / 2.5);
        assertThat(stated.label()).isEqualTo("bn3x2.50");
    }

    @Test
    void badInputGetsOneClearIllegalArgumentException() {
        SplitChain c = AlexNetProfile.chain();
        assertThatThrownBy(() -> ActivationPrecision.parse("bf16")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown activation precision 'bf16', known: [fp32, fp16, int8]");
        assertThatThrownBy(() -> ActivationPrecision.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown activation precision 'null'");
        assertThatThrownBy(() -> new Bottleneck(2, -4, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bottleneck: compression ratio must be a finite number >= 1, got -4.0");
        assertThatThrownBy(() -> new Bottleneck(2, 0.5, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compression ratio must be a finite number >= 1, got 0.5");
        assertThatThrownBy(() -> new Bottleneck(2, Double.NaN, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got NaN");
        assertThatThrownBy(() -> new Bottleneck(0, 2, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bottleneck: split point must be >= 1, got 0");
        assertThatThrownBy(() -> new Bottleneck(2, 2, -1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encoder FLOPs must be a finite number >= 0, got -1.0");
        assertThatThrownBy(() -> new Bottleneck(2, 2, 0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("decoder FLOPs");
        assertThatThrownBy(() -> c.multiExit(ActivationPrecision.INT8, new Bottleneck(8, 2, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chain 'alexnet-224': a bottleneck must follow a split point in 1..7, got 8");
        assertThatThrownBy(() -> c.multiExit(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("activation precision is null");
        assertThatThrownBy(() -> Bottleneck.conv1x1(c, 2, 192)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bottleneck: channels after split point 2 (conv2+pool2) must lie in 1..191, got 192");
        assertThatThrownBy(() -> Bottleneck.conv1x1(c, 8, 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("split point must lie in 1..7 of alexnet-224, got 8");
        assertThatThrownBy(() -> c.point(9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("split point 9 is outside 1..8 of alexnet-224");
        assertThatThrownBy(() -> new SplitChain("x", c.points(), List.of(8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("chain 'x': early exit 8 is outside 1..7");
        assertThatThrownBy(() -> new SplitPoint("p", -1, 0, 1, 1, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counts must be >= 0");
        assertThatThrownBy(() -> new SplitPoint("p", 1, 0, 0, 1, 1, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("output shape must be positive");
    }
}
