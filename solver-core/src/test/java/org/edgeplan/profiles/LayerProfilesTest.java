package org.edgeplan.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.junit.jupiter.api.Test;

class LayerProfilesTest {

    @Test
    void vgg16MultiExitHas13LayersAndInputFromRowZero() {
        MultiExitDnn dnn = LayerProfiles.multiExit("vgg16-224");
        assertThat(dnn.layerCount()).isEqualTo(13);
        assertThat(dnn.outputBytes(0)).isEqualTo(150528);
        assertThat(dnn.layerFlops(1)).isEqualTo(173408256);
        assertThat(dnn.exitBranchFlops(13)).isZero();
        assertThat(dnn.layerName(13)).isEqualTo("conv13+pool+fc");
        assertThat(dnn).isEqualTo(LayerProfiles.multiExit("vgg16-224"));
    }

    @Test
    void vgg16DagIsAChainWithTheStandardParameterCount() {
        DnnGraph g = LayerProfiles.dag("vgg16-224");
        assertThat(g.layerCount()).isEqualTo(13);
        assertThat(g.resultBytes()).isEqualTo(LayerProfiles.RESULT_BYTES);
        double params = g.layers().stream().mapToDouble(DnnLayer::weightBytes).sum() / 4;
        assertThat(params).isEqualTo(138_357_544); // VGG16 as usually quoted
    }

    @Test
    void vgg5UsesTwiceTheMacsAndComputesFp32Weights() {
        DnnGraph g = LayerProfiles.dag("vgg5-cifar10");
        assertThat(g.layerCount()).isEqualTo(7);
        assertThat(g.inputBytes()).isEqualTo(12288);
        assertThat(g.layers()).extracting(DnnLayer::name)
                .containsExactly("conv1", "pool1", "conv2", "pool2", "conv3", "fc1", "fc2");
        assertThat(g.layer(0).flops()).isEqualTo(2 * 884736.0);
        assertThat(g.layer(0).weightBytes()).isEqualTo(4 * (3 * 3 * 3 * 32 + 32));
        assertThat(g.layer(1).weightBytes()).isZero();
        assertThat(g.layer(5).weightBytes()).isEqualTo(4 * (4096 * 128 + 128));
        assertThat(g.layer(5).outputBytes()).isEqualTo(512);
        assertThat(g.layer(6).weightBytes()).isEqualTo(4 * (128 * 10 + 10));
    }

    @Test
    void resnet18MatchesTheKnownTotals() {
        assertThat(ResNet18Profile.totalMacs()).isEqualTo(1_814_073_344L);
        assertThat(ResNet18Profile.totalMacs()).isBetween(1_800_000_000L, 1_830_000_000L);
        assertThat(ResNet18Profile.totalParameters()).isEqualTo(11_689_512L);
        DnnGraph g = LayerProfiles.dag("resnet18-224");
        assertThat(g.layerCount()).isEqualTo(31);
        assertThat(g.layer(g.sink()).name()).isEqualTo("fc");
        assertThat(g.layer(g.sink()).outputBytes()).isEqualTo(4000);
        // branching: the stem's pool feeds the first block's conv and its shortcut addition
        assertThat(g.successorCount(g.indexOf("maxpool"))).isEqualTo(2);
        assertThat(g.predecessorCount(g.indexOf("layer2.0.add"))).isEqualTo(2);
        assertThat(g.layer(g.indexOf("layer2.0.add")).inputs()).containsExactly("layer2.0.conv2", "layer2.0.downsample");
        assertThat(g.layer(g.indexOf("conv1")).outputBytes()).isEqualTo(4.0 * 64 * 112 * 112);
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> LayerProfiles.dag("vgg19"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("unknown profile 'vgg19', known profiles: [resnet18-224, vgg16-224, vgg5-cifar10]");
        assertThatThrownBy(() -> LayerProfiles.multiExit("vgg5-cifar10"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("multi-exit profiles: [vgg16-224]");
    }
}
