package org.edgeplan.multiexit.baselines;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.testing.MultiExitFixtures;

class MultiExitBaselinesTest {
    private final SolverSettings settings = SolverSettings.defaults();

    @Test
    void deviceOnlyRunsEverythingLocally() {
        MultiExitInstance inst = MultiExitFixtures.random(1, 4, 6);
        SolveResult<MultiExitPlan> r = new MultiExitDeviceOnlySolver().solve(inst, settings);
        assertThat(r.status()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(r.plan().splits()).containsOnly(6);
        assertThat(r.plan().exits()).isEqualTo(inst.defaultExits());
    }

    @Test
    void edgeOnlyOffloadsEverythingWithEqualShares() {
        MultiExitInstance inst = MultiExitFixtures.random(2, 4, 6);
        SolveResult<MultiExitPlan> r = new MultiExitEdgeOnlySolver().solve(inst, settings);
        assertThat(r.status()).isEqualTo(SolveStatus.FEASIBLE);
        assertThat(r.plan().splits()).containsOnly(0);
        assertThat(r.plan().shares()).containsOnly(0.25);
    }

    @Test
    void edgeOnlyIsInfeasibleWhenTheEdgeIsUnreachable() {
        MultiExitInstance offline = MultiExitFixtures.random(3, 2, 5).withBandwidth("offline", 0);
        SolveResult<MultiExitPlan> r = new MultiExitEdgeOnlySolver().solve(offline, settings);
        assertThat(r.status()).isEqualTo(SolveStatus.UNKNOWN);
        assertThat(r.plan()).isNull();
        assertThat(r.message()).contains("bandwidth is 0");
        assertThat(new MultiExitDeviceOnlySolver().solve(offline, settings).status()).isEqualTo(SolveStatus.FEASIBLE);
    }
}
