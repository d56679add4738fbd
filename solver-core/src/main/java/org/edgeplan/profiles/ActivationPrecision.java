package org.edgeplan.profiles;

import java.util.Arrays;
import java.util.Locale;

/**
 * The number format of the activations sent at a split point: fp32 (4 bytes per element), fp16 (2) or int8 (1).
 * Only the bytes on the wire change; the FLOP counts and the devices' speeds stay as they are (a stated simplification:
 * on real hardware fp16 and int8 also run faster). The input image is sent as 8-bit pixels whatever the precision.
 */
public enum ActivationPrecision {
    /** 32-bit floating point, 4 bytes per element. */
    FP32(4),
    /** 16-bit floating point, 2 bytes per element. */
    FP16(2),
    /** 8-bit integers (quantised activations), 1 byte per element. */
    INT8(1);

    private final int bytesPerElement;

    ActivationPrecision(int bytesPerElement) {
        this.bytesPerElement = bytesPerElement;
    }

    /** Bytes of one activation element. */
    public int bytesPerElement() {
        return bytesPerElement;
    }

    /** The lower-case label used in names and JSON: {@code fp32}, {@code fp16}, {@code int8}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The precision of a label ({@code fp32}, {@code fp16}, {@code int8}, any case).
     *
     * @throws IllegalArgumentException naming the label and the known ones when it is none of them
     */
    public static ActivationPrecision parse(String label) {
        if (label != null) {
            for (ActivationPrecision p : values()) {
                if (p.label().equals(label.trim().toLowerCase(Locale.ROOT))) {
                    return p;
                }
            }
        }
        throw new IllegalArgumentException("unknown activation precision '" + label + "', known: "
                + Arrays.stream(values()).map(ActivationPrecision::label).toList());
    }
}
