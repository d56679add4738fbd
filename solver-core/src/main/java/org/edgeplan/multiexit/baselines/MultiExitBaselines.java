package org.edgeplan.multiexit.baselines;

import java.util.Arrays;

/** Plan parts shared by the problem-A baselines. */
final class MultiExitBaselines {
    private MultiExitBaselines() {
    }

    /** EAR: {@code 1/M} of the edge for every device. */
    static double[] equalShares(int deviceCount) {
        double[] shares = new double[deviceCount];
        Arrays.fill(shares, 1.0 / deviceCount);
        return shares;
    }

    /** The same split for every device. */
    static int[] sameSplit(int deviceCount, int split) {
        int[] splits = new int[deviceCount];
        Arrays.fill(splits, split);
        return splits;
    }
}
