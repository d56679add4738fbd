package org.edgeplan.core;

/** An immutable, validated problem instance. */
public interface Instance {
    /** A short identifier, e.g. {@code ma2025-image}. */
    String name();

    /** Which problem family this instance belongs to. */
    ProblemKind kind();
}
