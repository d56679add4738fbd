package org.edgeplan.pipeline.heuristics;

import java.util.Arrays;

/**
 * The busy intervals of one node while a schedule is built by insertion (HEFT, and the constructive prescheduling
 * of {@link PrescheduleRetrievalSolver}): sorted by start, and so by finish, since they never overlap.
 */
final class NodeTimeline {
    private double[] starts = new double[16];
    private double[] finishes = new double[16];
    private int[] ids = new int[16];
    private int size;

    /** The earliest start at or after {@code ready} of a gap at least {@code duration} long. */
    double earliestStart(double ready, double duration) {
        int i = firstFinishingAfter(ready);
        double t = ready;
        while (i < size && t + duration > starts[i]) {
            t = Math.max(t, finishes[i]);
            i++;
        }
        return t;
    }

    void insert(double start, double finish, int id) {
        int i = firstFinishingAfter(start);
        while (i < size && starts[i] < start) {
            i++;
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            finishes = Arrays.copyOf(finishes, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        System.arraycopy(starts, i, starts, i + 1, size - i);
        System.arraycopy(finishes, i, finishes, i + 1, size - i);
        System.arraycopy(ids, i, ids, i + 1, size - i);
        starts[i] = start;
        finishes[i] = finish;
        ids[i] = id;
        size++;
    }

    /** First index whose finish is after t (finishes are sorted). */
    private int firstFinishingAfter(double t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (finishes[mid] > t) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** The queue: ids by start time, ties by HEFT's placement step. */
    int[] queue(double[] start, int[] sequence) {
        Integer[] boxed = new Integer[size];
        for (int i = 0; i < size; i++) {
            boxed[i] = ids[i];
        }
        Arrays.sort(boxed, (x, y) -> {
            int byStart = Double.compare(start[x], start[y]);
            return byStart != 0 ? byStart : Integer.compare(sequence[x], sequence[y]);
        });
        int[] out = new int[size];
        for (int i = 0; i < size; i++) {
            out[i] = boxed[i];
        }
        return out;
    }
}
