package org.edgeplan.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The deadline on a clock the test moves itself: no wall-clock time involved. */
class DeadlineTest {
    @Test
    void expiresWhenItsClockPassesTheBudget() {
        AtomicLong now = new AtomicLong(1_000);
        Deadline d = Deadline.of(2.0, now::get);
        assertThat(d.expired()).isFalse();
        now.addAndGet(1_500_000_000L);
        assertThat(d.elapsedSeconds()).isEqualTo(1.5);
        assertThat(d.remainingSeconds()).isEqualTo(0.5);
        assertThat(d.remainingMillis()).isEqualTo(500);
        assertThat(d.expired()).isFalse();
        now.addAndGet(500_000_000L);
        assertThat(d.expired()).isTrue();
        assertThat(d.remainingSeconds()).isZero();
    }

    @Test
    void aFractionSharesTheStartAndEndsEarlier() {
        AtomicLong now = new AtomicLong(0);
        Deadline d = Deadline.of(10.0, now::get);
        Deadline fifth = d.fraction(0.2);
        now.set(2_000_000_000L);
        assertThat(fifth.expired()).isTrue();
        assertThat(d.expired()).isFalse();
        assertThatThrownBy(() -> d.fraction(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anInfiniteBudgetIsCappedAndANegativeOneRefused() {
        AtomicLong now = new AtomicLong(0);
        Deadline d = Deadline.of(Double.POSITIVE_INFINITY, now::get);
        now.set(Long.MAX_VALUE / 8);
        assertThat(d.expired()).isFalse();
        assertThat(d.remainingSeconds()).isPositive();
        assertThatThrownBy(() -> Deadline.of(-1, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Deadline.of(Double.NaN, now::get)).isInstanceOf(IllegalArgumentException.class);
    }
}
