package org.edgeplan.core;

/** An immutable solution candidate for an instance of {@link #kind()}; scored only by that problem's evaluator. */
public interface Plan {
    ProblemKind kind();
}
