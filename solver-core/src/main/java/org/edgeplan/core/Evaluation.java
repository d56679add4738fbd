package org.edgeplan.core;

import java.util.List;

/** What a problem's evaluator says about a plan: feasible or not (with reasons), and its objective. */
public interface Evaluation {
    /** True when the plan satisfies every constraint; then {@link #objective()} is finite. */
    boolean feasible();

    /** The objective to minimise; {@code +Infinity} for an infeasible plan. */
    double objective();

    /** Human-readable reasons why the plan is infeasible; empty when feasible. */
    List<String> violations();
}
