package org.edgeplan.rl;

import java.util.Locale;

import org.edgeplan.core.InvalidInputException;

/** Element-wise activation of a dense layer, with the derivative the backward pass needs. */
public enum Activation {
    /** Hyperbolic tangent; the usual choice for small PPO networks. */
    TANH,
    /** max(0, z). */
    RELU,
    /** No activation (output layers: logits, means, values). */
    IDENTITY;

    /** The activation of the pre-activation {@code z}. */
    public double apply(double z) {
        return switch (this) {
            case TANH -> Math.tanh(z);
            case RELU -> z > 0 ? z : 0.0;
            case IDENTITY -> z;
        };
    }

    /** d activation / dz, given the pre-activation {@code z} and the output {@code a = apply(z)}. */
    public double derivative(double z, double a) {
        return switch (this) {
            case TANH -> 1.0 - a * a;
            case RELU -> z > 0 ? 1.0 : 0.0;
            case IDENTITY -> 1.0;
        };
    }

    /** Lower-case name used in policy files. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The activation with this label. */
    public static Activation fromLabel(String label) {
        for (Activation a : values()) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        throw new InvalidInputException("unknown activation '" + label + "'; known: tanh, relu, identity");
    }
}
