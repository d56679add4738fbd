package org.edgeplan.core;

import java.util.Locale;

/** The outcome of a solve. {@link #OPTIMAL} is used only with a proof (solver status, enumeration, matching bound). */
public enum SolveStatus {
    OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN, FAILED;

    /** Lower-case label used in JSON and tables. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean hasPlan() {
        return this == OPTIMAL || this == FEASIBLE;
    }
}
