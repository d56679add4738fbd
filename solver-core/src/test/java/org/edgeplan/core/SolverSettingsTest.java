package org.edgeplan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SolverSettingsTest {
    @Test
    void nativeSeedIsTheSeedModuloTwoToTheThirtyFirst() {
        assertThat(SolverSettings.defaults().withSeed(0).nativeSeed()).isZero();
        assertThat(SolverSettings.defaults().withSeed(12345).nativeSeed()).isEqualTo(12345);
        assertThat(SolverSettings.defaults().withSeed(Integer.MAX_VALUE).nativeSeed()).isEqualTo(Integer.MAX_VALUE);
        assertThat(SolverSettings.defaults().withSeed(1L << 31).nativeSeed()).isZero();
        assertThat(SolverSettings.defaults().withSeed(-1).nativeSeed()).isEqualTo(Integer.MAX_VALUE);
        assertThat(SolverSettings.defaults().withSeed(Long.MIN_VALUE).nativeSeed()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void rejectsNonPositiveTimeLimitsAndThreads() {
        assertThatThrownBy(() -> SolverSettings.defaults().withTimeLimit(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("time limit");
        assertThatThrownBy(() -> SolverSettings.defaults().withThreads(0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("threads");
    }
}
