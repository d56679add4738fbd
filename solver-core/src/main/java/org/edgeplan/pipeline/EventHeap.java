package org.edgeplan.pipeline;

import java.util.Arrays;

/**
 * A binary min-heap of (time, key, value) triples in primitive arrays, ordered by time, then key. No object is
 * allocated per entry; the arrays grow by doubling and are reused after {@link #clear()}.
 */
final class EventHeap {
    private double[] times;
    private long[] keys;
    private int[] values;
    private int size;

    private double topTime;
    private long topKey;
    private int topValue;

    EventHeap(int capacity) {
        int c = Math.max(4, capacity);
        times = new double[c];
        keys = new long[c];
        values = new int[c];
    }

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    void push(double time, long key, int value) {
        if (size == times.length) {
            int c = times.length * 2;
            times = Arrays.copyOf(times, c);
            keys = Arrays.copyOf(keys, c);
            values = Arrays.copyOf(values, c);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            double pt = times[parent];
            if (pt < time || (pt == time && keys[parent] <= key)) {
                break;
            }
            times[i] = pt;
            keys[i] = keys[parent];
            values[i] = values[parent];
            i = parent;
        }
        times[i] = time;
        keys[i] = key;
        values[i] = value;
    }

    double peekTime() {
        return times[0];
    }

    /** Removes the smallest entry; read it with {@link #time()}, {@link #key()} and {@link #value()}. */
    void pop() {
        topTime = times[0];
        topKey = keys[0];
        topValue = values[0];
        int n = --size;
        if (n == 0) {
            return;
        }
        double time = times[n];
        long key = keys[n];
        int value = values[n];
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < n && (times[right] < times[child]
                    || (times[right] == times[child] && keys[right] < keys[child]))) {
                child = right;
            }
            if (time < times[child] || (time == times[child] && key <= keys[child])) {
                break;
            }
            times[i] = times[child];
            keys[i] = keys[child];
            values[i] = values[child];
            i = child;
        }
        times[i] = time;
        keys[i] = key;
        values[i] = value;
    }

    double time() {
        return topTime;
    }

    long key() {
        return topKey;
    }

    int value() {
        return topValue;
    }
}
