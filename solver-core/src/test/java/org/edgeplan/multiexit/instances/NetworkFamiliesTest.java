package org.edgeplan.multiexit.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolveStatus;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.multiexit.Device;
import org.edgeplan.multiexit.MultiExitEvaluator;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.multiexit.exact.JointExitSplitSolver;
import org.edgeplan.multiexit.exact.MultiExitBranchAndBoundSolver;
import org.edgeplan.profiles.AlexNetProfile;
import org.edgeplan.profiles.SplitChain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkFamiliesTest {

    static List<String> familyNames() {
        return NetworkFamilies.FAMILIES.stream().map(NetworkFamilies.Family::name).toList();
    }

    @Test
    void theSameSeedGivesTheSameInstanceAndAnotherSeedAnother() {
        NetworkFamilies.Family f = NetworkFamilies.family("mobilenetv2-int8-ee");
        MultiExitInstance a = NetworkFamilies.generate(f, 50, 7);
        MultiExitInstance b = NetworkFamilies.generate(f, 50, 7);
        MultiExitInstance c = NetworkFamilies.generate(f, 50, 8);
        assertThat(a).isEqualTo(b);
        assertThat(InstanceIo.toJson(a)).isEqualTo(InstanceIo.toJson(b));
        assertThat(c.devices()).isNotEqualTo(a.devices());
        assertThat(a.name()).isEqualTo("mobilenetv2-int8-ee-m0050-s7");
    }

    @Test
    void aSmallerMemberIsThePrefixOfALargerOne() {
        NetworkFamilies.Family f = NetworkFamilies.family("alexnet-int8-ee");
        MultiExitInstance small = NetworkFamilies.generate(f, 5, 3);
        MultiExitInstance large = NetworkFamilies.generate(f, 100, 3);
        assertThat(large.devices().subList(0, 5)).isEqualTo(small.devices());
        assertThat(large.edgeSpeedFlopsPerSecond()).isEqualTo(20 * small.edgeSpeedFlopsPerSecond());
    }

    @ParameterizedTest
    @MethodSource("familyNames")
    void devicesStayInTheirRanges(String name) {
        NetworkFamilies.Family f = NetworkFamilies.family(name);
        MultiExitInstance x = NetworkFamilies.generate(f, 1000, 11);
        assertThat(x.deviceCount()).isEqualTo(1000);
        assertThat(x.edgeSpeedFlopsPerSecond()).isEqualTo(1000 * f.edgeFlopsPerDevice());
        assertThat(x.defaultExits()).isEqualTo(f.chain().earlyExitSet());
        assertThat(x.dnn()).isEqualTo(f.dnn());
        double logMin = Math.log(f.minBandwidthBitsPerSecond());
        double logMax = Math.log(f.maxBandwidthBitsPerSecond());
        int lowerHalf = 0;
        List<DeviceClass> seen = new ArrayList<>();
        for (Device d : x.devices()) {
            DeviceClass c = DeviceClass.parse(d.name().substring(d.name().indexOf('-') + 1));
            assertThat(f.deviceClasses()).contains(c);
            if (!seen.contains(c)) {
                seen.add(c);
            }
            assertThat(d.speedFlopsPerSecond()).isBetween(0.8 * c.speedFlopsPerSecond() - 1e6,
                    1.2 * c.speedFlopsPerSecond() + 1e6);
            assertThat(d.computePowerWatts()).isEqualTo(c.computePowerWatts());
            assertThat(d.transmitPowerWatts()).isEqualTo(c.transmitPowerWatts());
            assertThat(d.bandwidthBitsPerSecond()).isBetween(f.minBandwidthBitsPerSecond(),
                    f.maxBandwidthBitsPerSecond());
            if (Math.log(d.bandwidthBitsPerSecond()) < (logMin + logMax) / 2) {
                lowerHalf++;
            }
            double sum = 0;
            for (double q : d.exitProbabilities()) {
                assertThat(q).isBetween(0.0, 1.0);
                sum += q;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-9));
            // the final classifier keeps at least the hard 20 % (easy share <= 0.8)
            assertThat(d.exitProbability(x.layerCount())).isGreaterThanOrEqualTo(0.2 - 1e-6);
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(f.deviceClasses());
        // log-uniform: about half the devices below the geometric middle of the range
        assertThat(lowerHalf).isBetween(440, 560);
    }

    @Test
    void exitProbabilitiesFollowTheStatedCurve() {
        SplitChain c = AlexNetProfile.chain();
        double[] q = ExitProbabilityModel.probabilities(c, 0.5, 1.0);
        // shape 1: F(j) = 0.5 x cumulative MACs share; q_1 = 0.5 x 70 276 800 / 714 188 480, rounded to millionths
        assertThat(q[0]).isEqualTo(Math.round(1e6 * 0.5 * 70_276_800.0 / 714_188_480) / 1e6);
        double early = 0;
        for (int j = 0; j < q.length - 1; j++) {
            early += q[j];
        }
        assertThat(early).isCloseTo(0.5 * (1 - 4_096_000.0 / 714_188_480), within(1e-6));
        assertThat(ExitProbabilityModel.probabilities(c, 0, 1.0)[7]).isEqualTo(1.0);
        double[] sampled = ExitProbabilityModel.DEFAULT.sample(c, new SplittableRandom(1));
        assertThat(sampled).isEqualTo(ExitProbabilityModel.DEFAULT.sample(c, new SplittableRandom(1)));
    }

    @ParameterizedTest
    @MethodSource("familyNames")
    void exactSolversProveASmallMemberOptimal(String name) {
        MultiExitInstance x = NetworkFamilies.generate(NetworkFamilies.family(name), 5, 1);
        SolverSettings settings = new SolverSettings(120, 0, 1);
        SolveResult<MultiExitPlan> joint = new JointExitSplitSolver().solve(x, settings);
        SolveResult<MultiExitPlan> bb = new MultiExitBranchAndBoundSolver().solve(x, settings);
        assertThat(joint.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(bb.status()).isEqualTo(SolveStatus.OPTIMAL);
        double jointCost = MultiExitEvaluator.evaluate(x, joint.plan()).objective();
        double bbCost = MultiExitEvaluator.evaluate(x, bb.plan()).objective();
        assertThat(jointCost).isCloseTo(joint.solverObjective(), within(1e-9 * jointCost));
        assertThat(bbCost).isCloseTo(bb.solverObjective(), within(1e-9 * bbCost));
        // exact-bb is optimal for the default exit set only, which exact-joint also considers
        assertThat(jointCost).isLessThanOrEqualTo(bbCost * (1 + 1e-9));
        assertThat(bb.plan().exits()).isEqualTo(x.defaultExits());
    }

    @Test
    void mostOptimalSplitsOfTheEmbeddedFamilyAreInterior() {
        MultiExitInstance x = NetworkFamilies.generate(NetworkFamilies.family("alexnet-int8-ee-embedded"), 100, 1);
        SolveResult<MultiExitPlan> r = new JointExitSplitSolver().solve(x, new SolverSettings(120, 0, 1));
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(interior(r.plan(), x.layerCount())).isGreaterThan(50);
    }

    @Test
    void onAllFourClassesFewerOptimalSplitsAreInterior() {
        // the contrast to the embedded family: the fast classes run AlexNet themselves
        MultiExitInstance x = NetworkFamilies.generate(NetworkFamilies.family("alexnet-int8-ee"), 100, 1);
        SolveResult<MultiExitPlan> r = new JointExitSplitSolver().solve(x, new SolverSettings(120, 0, 1));
        assertThat(r.status()).isEqualTo(SolveStatus.OPTIMAL);
        assertThat(interior(r.plan(), x.layerCount())).isLessThan(50);
    }

    private static int interior(MultiExitPlan plan, int n) {
        int count = 0;
        for (int s : plan.splits()) {
            if (s > 0 && s < n) {
                count++;
            }
        }
        return count;
    }

    @Test
    void badInputGetsOneClearIllegalArgumentException() {
        NetworkFamilies.Family f = NetworkFamilies.family("alexnet-int8-ee");
        assertThatThrownBy(() -> NetworkFamilies.generate(f, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("family 'alexnet-int8-ee': device count must lie in 1..100000, got 0");
        assertThatThrownBy(() -> NetworkFamilies.family("vgg19")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown family 'vgg19', known: [alexnet-int8-ee,");
        assertThatThrownBy(() -> DeviceClass.parse("tpu")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown device class 'tpu', known: rpi4, nano, xaviernx, phone");
        assertThatThrownBy(() -> new NetworkFamilies.Family("x", List.of(DeviceClass.PHONE), f.chain(),
                f.precision(), null, true, 1e9, 10e6, 1e6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("family 'x': bandwidths must satisfy 0 < min <= max, got 1.0E7, 1000000.0");
        assertThatThrownBy(() -> new NetworkFamilies.Family("x", List.of(), f.chain(), f.precision(), null, true,
                1e9, 1e6, 1e6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("family 'x': needs at least one device class");
        assertThatThrownBy(() -> new NetworkFamilies.Family("x", List.of(DeviceClass.PHONE), f.chain(), null, null,
                true, 1e9, 1e6, 1e6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("family 'x': activation precision is null");
        assertThatThrownBy(() -> new NetworkFamilies.Family("x", List.of(DeviceClass.PHONE), f.chain(),
                f.precision(), null, true, -1, 1e6, 1e6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edge FLOP/s per device must be positive, got -1.0");
        assertThatThrownBy(() -> new NetworkFamilies.Family("Bad Name", List.of(DeviceClass.PHONE), f.chain(),
                f.precision(), null, true, 1e9, 1e6, 1e6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("family name must be lower-case");
        assertThatThrownBy(() -> new ExitProbabilityModel(0.9, 0.5, 1, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exit model: easy shares must satisfy 0 <= min <= max <= 1, got 0.9, 0.5");
        assertThatThrownBy(() -> new ExitProbabilityModel(0.1, 0.5, 0, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shapes must satisfy 0 < min <= max");
        assertThatThrownBy(() -> ExitProbabilityModel.probabilities(f.chain(), 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exit model: easy share must lie in [0, 1], got 1.5");
        assertThatThrownBy(() -> ExitProbabilityModel.probabilities(f.chain(), 0.5, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("exit model: shape must be positive and finite, got -2.0");
    }
}
