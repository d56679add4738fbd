package org.edgeplan.multiexit.instances;

import java.util.Locale;

/**
 * The end-device classes of the generated problem-A families, with the figures assumed for them. The speeds are
 * <em>effective</em> DNN-inference throughputs (well below the vendors' peak figures, which count ideal fused
 * multiply-adds at the lowest precision), the compute power is the board's power while it computes, the transmit
 * power is the radio's while it sends. All are assumptions of this toolkit, chosen to span two orders of magnitude
 * of speed as real fleets do; where a vendor figure exists it is named, and none is a measurement of ours.
 *
 * <ul>
 *   <li>{@link #RASPBERRY_PI_4}: 4 × Cortex-A72 at 1.5 GHz, CPU inference; 10 GFLOP/s effective (assumed), 6 W
 *       (assumed; the board's official supply is 5 V / 3 A = 15 W), Wi-Fi 1 W.</li>
 *   <li>{@link #JETSON_NANO}: 128-core Maxwell GPU; NVIDIA quotes 472 GFLOPS (fp16 peak) and power modes of 5 W and
 *       10 W (MAXN, the default; L4T power-management guide); 100 GFLOP/s effective and 10 W assumed, Wi-Fi 1 W.</li>
 *   <li>{@link #JETSON_XAVIER_NX}: 384-core Volta GPU with tensor cores; NVIDIA quotes 21 TOPS (int8) and 10 W /
 *       15 W modes; 500 GFLOP/s effective and 15 W assumed, Wi-Fi 1 W.</li>
 *   <li>{@link #PHONE}: a recent smartphone SoC with an NPU; 200 GFLOP/s effective, 3 W while computing and 1.5 W
 *       for a cellular uplink, all assumed.</li>
 * </ul>
 */
public enum DeviceClass {
    /** Raspberry Pi 4 Model B, CPU inference. */
    RASPBERRY_PI_4("rpi4", 10e9, 6.0, 1.0),
    /** NVIDIA Jetson Nano in its 10 W mode. */
    JETSON_NANO("nano", 100e9, 10.0, 1.0),
    /** NVIDIA Jetson Xavier NX in its 15 W mode. */
    JETSON_XAVIER_NX("xaviernx", 500e9, 15.0, 1.0),
    /** A smartphone with an NPU, on a cellular uplink. */
    PHONE("phone", 200e9, 3.0, 1.5);

    private final String label;
    private final double speedFlopsPerSecond;
    private final double computePowerWatts;
    private final double transmitPowerWatts;

    DeviceClass(String label, double speedFlopsPerSecond, double computePowerWatts, double transmitPowerWatts) {
        this.label = label;
        this.speedFlopsPerSecond = speedFlopsPerSecond;
        this.computePowerWatts = computePowerWatts;
        this.transmitPowerWatts = transmitPowerWatts;
    }

    /** The short label used in device names, e.g. {@code rpi4}. */
    public String label() {
        return label;
    }

    /** Assumed effective inference speed, FLOP/s. */
    public double speedFlopsPerSecond() {
        return speedFlopsPerSecond;
    }

    /** Assumed power while computing, W. */
    public double computePowerWatts() {
        return computePowerWatts;
    }

    /** Assumed power while transmitting, W. */
    public double transmitPowerWatts() {
        return transmitPowerWatts;
    }

    /**
     * The class of a label ({@code rpi4}, {@code nano}, {@code xaviernx}, {@code phone}).
     *
     * @throws IllegalArgumentException naming the label and the known ones
     */
    public static DeviceClass parse(String label) {
        for (DeviceClass c : values()) {
            if (c.label.equals(label == null ? null : label.trim().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown device class '" + label + "', known: rpi4, nano, xaviernx, phone");
    }
}
