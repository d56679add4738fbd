package org.edgeplan.core;

import java.util.Locale;

/**
 * Refuses, with one line, work whose tables cannot fit in this JVM's heap, before they are allocated: a
 * {@link OutOfMemoryError} half way through loading or solving is no way to learn that an instance is too large.
 *
 * <p>Estimates are simple and documented where they are made (bytes per entry times entries, for the tables that
 * grow fastest); they are lower bounds of what the work needs, so a refused instance could not have been handled.
 * The budget is {@value #SHARE_PERCENT} % of the maximum heap ({@link Runtime#maxMemory()}): the rest is for the
 * JVM, the instance's smaller parts and the solver. The heap is set with {@code EDGEPLAN_JAVA_OPTS=-Xmx<size>} for
 * {@code bin/edgeplan} (or {@code -Xmx} on any {@code java} command line).
 */
public final class MemoryBudget {
    /** Share of the maximum heap one estimate may take, in percent. */
    public static final int SHARE_PERCENT = 75;
    private static final double GB = 1e9;

    private MemoryBudget() {
    }

    /** The bytes one estimate may take: {@value #SHARE_PERCENT} % of the maximum heap. */
    public static long budgetBytes() {
        return Runtime.getRuntime().maxMemory() / 100 * SHARE_PERCENT;
    }

    /**
     * Throws an {@link InvalidInputException} when {@code bytes} exceed the budget: {@code what} (e.g. "instance
     * 'x': 100000 nodes need two 100000 x 100000 link tables"), then the size in GB, the budget and how to raise it.
     */
    public static void require(String what, long bytes) {
        long budget = budgetBytes();
        if (bytes <= budget) {
            return;
        }
        throw new InvalidInputException(what + ", about " + size(bytes) + "; this JVM can spare " + size(budget)
                + " of its " + size(Runtime.getRuntime().maxMemory()) + " heap (" + HOW_TO_RAISE + ")");
    }

    /** How to give the JVM more heap, for messages. */
    public static final String HOW_TO_RAISE = "set EDGEPLAN_JAVA_OPTS=-Xmx<size> to give it more";

    /** {@code a × b × …}, saturating at {@link Long#MAX_VALUE} (estimates of absurd inputs must not wrap). */
    public static long product(long... factors) {
        long p = 1;
        for (long f : factors) {
            if (f <= 0) {
                return 0;
            }
            if (p > Long.MAX_VALUE / f) {
                return Long.MAX_VALUE;
            }
            p *= f;
        }
        return p;
    }

    /** {@code a + b + …}, saturating at {@link Long#MAX_VALUE}. */
    public static long sum(long... terms) {
        long s = 0;
        for (long t : terms) {
            s = t > Long.MAX_VALUE - s ? Long.MAX_VALUE : s + t;
        }
        return s;
    }

    /** A size for people: {@code 160 GB}, {@code 3.9 GB}, {@code 0.25 GB} (decimal gigabytes). */
    public static String size(long bytes) {
        double gb = bytes / GB;
        if (gb >= 10) {
            return String.format(Locale.ROOT, "%.0f GB", gb);
        }
        if (gb >= 1) {
            return String.format(Locale.ROOT, "%.1f GB", gb);
        }
        return String.format(Locale.ROOT, "%.2f GB", gb);
    }
}
