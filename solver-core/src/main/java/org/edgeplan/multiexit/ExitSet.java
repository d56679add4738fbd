package org.edgeplan.multiexit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.edgeplan.core.InvalidInputException;

/**
 * An exit set E ⊆ {1..N} that always contains N, stored as a bit mask (bit j set when layer j has an exit).
 */
public final class ExitSet {
    private final int layerCount;
    private final long mask;

    private ExitSet(int layerCount, long mask) {
        this.layerCount = layerCount;
        this.mask = mask;
    }

    /** Only the final classifier: no early exits. */
    public static ExitSet finalOnly(int layerCount) {
        return fromMask(layerCount, 1L << layerCount);
    }

    /** Every layer has an exit. */
    public static ExitSet all(int layerCount) {
        return fromMask(layerCount, ((1L << (layerCount + 1)) - 1) & ~1L);
    }

    /** The given 1-based layers plus N. */
    public static ExitSet of(int layerCount, int... layers) {
        long m = 1L << layerCount;
        for (int j : layers) {
            if (j < 1 || j > layerCount) {
                throw new InvalidInputException("exit layer " + j + " is outside 1.." + layerCount);
            }
            m |= 1L << j;
        }
        return new ExitSet(layerCount, m);
    }

    /** The given 1-based layers, which must include N. */
    public static ExitSet ofExactly(int layerCount, List<Integer> layers) {
        if (!layers.contains(layerCount)) {
            throw new InvalidInputException("exit set " + layers + " must contain the final layer " + layerCount);
        }
        return of(layerCount, layers.stream().mapToInt(Integer::intValue).toArray());
    }

    /** From a bit mask; bit N is added, bit 0 and bits above N are rejected. */
    public static ExitSet fromMask(int layerCount, long mask) {
        if (layerCount < 1 || layerCount > 62) {
            throw new InvalidInputException("layer count must lie in 1..62, got " + layerCount);
        }
        if ((mask & 1L) != 0 || (mask >>> (layerCount + 1)) != 0) {
            throw new InvalidInputException("exit mask " + Long.toBinaryString(mask) + " has bits outside 1.." + layerCount);
        }
        return new ExitSet(layerCount, mask | (1L << layerCount));
    }

    public int layerCount() {
        return layerCount;
    }

    public long mask() {
        return mask;
    }

    /** x_j: whether layer j (1-based) carries an exit. */
    public boolean contains(int j) {
        return j >= 1 && j <= layerCount && (mask & (1L << j)) != 0;
    }

    /** phi(j): the last exit at or before layer j, 0 if none. */
    public int lastExitAtOrBefore(int j) {
        for (int e = Math.min(j, layerCount); e >= 1; e--) {
            if (contains(e)) {
                return e;
            }
        }
        return 0;
    }

    /** The exit layers in increasing order. */
    public List<Integer> layers() {
        List<Integer> out = new ArrayList<>();
        for (int j = 1; j <= layerCount; j++) {
            if (contains(j)) {
                out.add(j);
            }
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExitSet e && e.layerCount == layerCount && e.mask == mask;
    }

    @Override
    public int hashCode() {
        return Objects.hash(layerCount, mask);
    }

    @Override
    public String toString() {
        return layers().toString();
    }
}
