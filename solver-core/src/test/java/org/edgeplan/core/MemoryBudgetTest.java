package org.edgeplan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    @Test
    void sizesForPeople() {
        assertThat(MemoryBudget.size(160_000_000_000L)).isEqualTo("160 GB");
        assertThat(MemoryBudget.size(3_900_000_000L)).isEqualTo("3.9 GB");
        assertThat(MemoryBudget.size(250_000_000L)).isEqualTo("0.25 GB");
    }

    @Test
    void estimatesOfAbsurdInputsSaturateInsteadOfWrapping() {
        assertThat(MemoryBudget.product(Integer.MAX_VALUE, Integer.MAX_VALUE, 16)).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryBudget.product(100_000, 100_000, 16)).isEqualTo(160_000_000_000L);
        assertThat(MemoryBudget.product(5, 0)).isZero();
        assertThat(MemoryBudget.sum(Long.MAX_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void refusesWithOneLineThatSaysHowMuchAndHowToGetMore() {
        assertThatCode(() -> MemoryBudget.require("small", 1_000)).doesNotThrowAnyException();
        assertThat(MemoryBudget.budgetBytes()).isLessThan(Runtime.getRuntime().maxMemory());
        assertThatThrownBy(() -> MemoryBudget.require("instance 'x': 100000 nodes need two link tables", Long.MAX_VALUE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("instance 'x': 100000 nodes need two link tables, about ")
                .hasMessageContaining(" GB heap (set EDGEPLAN_JAVA_OPTS=-Xmx<size> to give it more)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
