package org.edgeplan.multiexit.exact;

import java.util.Arrays;

/**
 * The Lagrangian dual of {@code min Σ g + (Σ h)²} over a sequence of devices, from the lower convex hulls of their
 * {@code (h, g)} options. With {@code H² ≥ 2λH − λ²},
 * {@code L(λ) = C + 2λ·Hc − λ² + Σ_i min_k (g_ik + 2λ h_ik)} is a lower bound for every {@code λ ≥ 0}; it is
 * concave, and its maximum is found exactly by walking the hull breakpoints in increasing λ (the argmin of device
 * i moves from its largest-h hull vertex towards smaller h as λ grows; {@code L'(λ) = 2H(λ) − 2λ}).
 *
 * <p>Devices are addressed by position {@code 0..D-1}; {@link #maximise} can leave out the positions below a depth,
 * which is how branch and bound bounds a node whose first devices are fixed.
 */
final class HullEvents {
    private final int size;
    private final double[] lambda;   // breakpoints, ascending
    private final int[] position;    // device position of each event
    private final int[] toOption;    // option index chosen right of the breakpoint
    private final double[] dg;       // change of Σ g at the event (> 0)
    private final double[] dh;       // change of Σ h at the event (< 0)
    private final double[] suffixGAtZero; // Σ_{p ≥ d} g of the argmin at λ = 0 (the least-g option)
    private final double[] suffixHAtZero;
    private final int[] optionAtZero;

    // Outputs of the last maximise call (avoids allocation on the hot path).
    double lastLambda;
    double lastValue;
    double lastH;

    /** Events of devices {@code g[p], h[p]}, p = 0..D-1; each row sorted by h ascending with g strictly descending. */
    HullEvents(double[][] g, double[][] h) {
        int d = g.length;
        suffixGAtZero = new double[d + 1];
        suffixHAtZero = new double[d + 1];
        optionAtZero = new int[d];
        int total = 0;
        int[][] hulls = new int[d][];
        for (int p = 0; p < d; p++) {
            hulls[p] = lowerHull(g[p], h[p]);
            total += hulls[p].length - 1;
            optionAtZero[p] = g[p].length - 1;
        }
        for (int p = d - 1; p >= 0; p--) {
            suffixGAtZero[p] = suffixGAtZero[p + 1] + g[p][optionAtZero[p]];
            suffixHAtZero[p] = suffixHAtZero[p + 1] + h[p][optionAtZero[p]];
        }
        size = total;
        double[] lam = new double[total];
        int[] pos = new int[total];
        int[] to = new int[total];
        double[] dgs = new double[total];
        double[] dhs = new double[total];
        int e = 0;
        for (int p = 0; p < d; p++) {
            int[] hull = hulls[p];
            double previous = 0;
            // From the largest-h vertex leftwards, breakpoints grow with λ.
            for (int v = hull.length - 1; v >= 1; v--) {
                int b = hull[v];
                int a = hull[v - 1];
                double l = (g[p][a] - g[p][b]) / (2.0 * (h[p][b] - h[p][a]));
                l = Math.max(l, previous); // rounding must not reorder one device's breakpoints
                previous = l;
                lam[e] = l;
                pos[e] = p;
                to[e] = a;
                dgs[e] = g[p][a] - g[p][b];
                dhs[e] = h[p][a] - h[p][b];
                e++;
            }
        }
        // Sort by λ, ties by position then by event order (stable), so one device's events stay in order.
        int[] idx = IndexOrder.ascending(lam, total);
        lambda = new double[total];
        position = new int[total];
        toOption = new int[total];
        dg = new double[total];
        dh = new double[total];
        for (int i = 0; i < total; i++) {
            lambda[i] = lam[idx[i]];
            position[i] = pos[idx[i]];
            toOption[i] = to[idx[i]];
            dg[i] = dgs[idx[i]];
            dh[i] = dhs[idx[i]];
        }
    }

    /** Events of the devices of {@code options} in device order. */
    static HullEvents of(SplitOptions options) {
        return new HullEvents(options.gRows(), options.hRows());
    }

    /** Indices of the lower convex hull vertices of points (h[k], g[k]) sorted by h ascending, g descending. */
    static int[] lowerHull(double[] g, double[] h) {
        int n = g.length;
        int[] stack = new int[n];
        int top = 0;
        for (int k = 0; k < n; k++) {
            while (top >= 2) {
                int o = stack[top - 2];
                int a = stack[top - 1];
                // Drop a when it lies on or above the segment o-k.
                double cross = (h[a] - h[o]) * (g[k] - g[o]) - (g[a] - g[o]) * (h[k] - h[o]);
                if (cross <= 0) {
                    top--;
                } else {
                    break;
                }
            }
            stack[top++] = k;
        }
        return Arrays.copyOf(stack, top);
    }

    int size() {
        return size;
    }

    /**
     * Maximises {@code c + 2λ·hc − λ² + Σ_{p ≥ depth} min_k (g + 2λh)} over λ ≥ 0; the result is left in
     * {@link #lastLambda}, {@link #lastValue} and {@link #lastH} (Σ h of the argmin right of λ, plus hc).
     */
    void maximise(int depth, double c, double hc) {
        double gs = c + suffixGAtZero[depth];
        double hs = hc + suffixHAtZero[depth];
        double left = 0;
        for (int e = 0; e < size; e++) {
            if (position[e] < depth) {
                continue;
            }
            if (hs <= lambda[e]) {
                break;
            }
            left = lambda[e];
            gs += dg[e];
            hs += dh[e];
        }
        double l = Math.max(left, hs);
        lastLambda = l;
        lastValue = gs + 2 * l * hs - l * l;
        lastH = hs;
    }

    /**
     * The bound of {@link #maximise} for many partial states at once: state j has fixed part {@code (gp[j], hp[j])},
     * the devices from {@code depth} on are free; {@code hp} must be ascending over {@code 0..count-1}. Because the
     * maximising λ grows with {@code hp}, one sweep over the events serves every state: O(count + events).
     */
    void boundsSorted(int depth, double[] gp, double[] hp, int count, double[] out) {
        double gs = suffixGAtZero[depth];
        double hs = suffixHAtZero[depth];
        double left = 0;
        int e = 0;
        for (int j = 0; j < count; j++) {
            double hFixed = hp[j];
            while (e < size) {
                if (position[e] < depth) {
                    e++;
                    continue;
                }
                if (hFixed + hs <= lambda[e]) {
                    break;
                }
                left = lambda[e];
                gs += dg[e];
                hs += dh[e];
                e++;
            }
            double total = hFixed + hs;
            double l = Math.max(left, total);
            out[j] = gp[j] + gs + 2 * l * total - l * l;
        }
    }

    /**
     * Walks every event from λ = 0 upwards and returns the option vector (by position) with the least true cost
     * {@code Σ g + (Σ h)²} among all the Lagrangian argmin vectors met on the way: a cheap, good upper bound.
     */
    int[] bestArgminVector() {
        int d = optionAtZero.length;
        double gs = suffixGAtZero[0];
        double hs = suffixHAtZero[0];
        double best = gs + hs * hs;
        int bestEvent = -1;
        for (int e = 0; e < size; e++) {
            gs += dg[e];
            hs += dh[e];
            double cost = gs + hs * hs;
            if (cost < best) {
                best = cost;
                bestEvent = e;
            }
        }
        int[] options = Arrays.copyOf(optionAtZero, d);
        for (int e = 0; e <= bestEvent; e++) {
            options[position[e]] = toOption[e];
        }
        return options;
    }
}
