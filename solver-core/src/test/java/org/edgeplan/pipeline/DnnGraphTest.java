package org.edgeplan.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.edgeplan.core.InvalidInputException;
import org.junit.jupiter.api.Test;

class DnnGraphTest {
    private static DnnLayer layer(String name, String... inputs) {
        return new DnnLayer(name, 1e6, 100, 0, List.of(inputs));
    }

    @Test
    void layersAreKeptInTopologicalOrderWithOneSinkLast() {
        DnnGraph g = new DnnGraph("m", 10, 1, List.of(layer("d", "b", "c"), layer("b", "a"), layer("c", "a"),
                layer("a")));
        assertThat(g.layers()).extracting(DnnLayer::name).containsExactly("a", "b", "c", "d");
        assertThat(g.sink()).isEqualTo(3);
        assertThat(g.isSource(0)).isTrue();
        assertThat(g.predecessors(3)).containsExactly(1, 2);
        assertThat(g.successors(0)).containsExactly(1, 2);
    }

    @Test
    void cycleIsNamed() {
        assertThatThrownBy(() -> new DnnGraph("m", 10, 1, List.of(layer("a"), layer("b", "a", "c"),
                layer("c", "b"), layer("d", "c"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model 'm': layers form a cycle through [b, c]");
        assertThatThrownBy(() -> new DnnGraph("m", 10, 1, List.of(layer("a", "a"))))
                .hasMessage("model 'm': layer 'a' reads its own output (cycle)");
    }

    @Test
    void unknownInputIsNamed() {
        assertThatThrownBy(() -> new DnnGraph("m", 10, 1, List.of(layer("a"), layer("b", "x"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model 'm': layer 'b' reads input 'x', which is not a layer of the model");
    }

    @Test
    void danglingLayerMakesTwoSinks() {
        assertThatThrownBy(() -> new DnnGraph("m", 10, 1, List.of(layer("a"), layer("b", "a"), layer("c", "a"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model 'm': needs exactly one output layer (a layer nobody reads), found 2: [b, c]; "
                        + "dangling layers must feed the output");
    }

    @Test
    void duplicateNamesAreNamed() {
        assertThatThrownBy(() -> new DnnGraph("m", 10, 1, List.of(layer("a"), layer("a"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("model 'm': layer name 'a' is used twice");
        assertThatThrownBy(() -> new DnnGraph("m", 10, 1, List.of(layer("a"), layer("b", "a", "a"))))
                .hasMessage("model 'm': layer 'b' lists input 'a' twice");
    }
}
