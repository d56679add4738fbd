package org.edgeplan.multiexit.exact;

import java.util.Arrays;

/** Index permutations for the exact methods, which must not depend on the sort algorithm: ties go by index. */
final class IndexOrder {
    private IndexOrder() {
    }

    /** The indices {@code 0..count-1} in ascending order of {@code key} ({@link Double#compare}), ties by index. */
    static int[] ascending(double[] key, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> {
            int c = Double.compare(key[x], key[y]);
            return c != 0 ? c : Integer.compare(x, y);
        });
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
