package org.edgeplan.core;

import java.util.Arrays;

/** The two problem families EdgePlan covers, with the names used in JSON files and on the CLI. */
public enum ProblemKind {
    /** Problem A: multi-exit DNN partitioning and edge resource allocation (Ma, Wang, Tang 2025). */
    MULTI_EXIT("multi-exit"),
    /** Problem B: multi-endpoint DAG partitioning-offloading and pipeline scheduling (Yan et al. 2025). */
    PIPELINE("pipeline");

    private final String label;

    ProblemKind(String label) {
        this.label = label;
    }

    /** The name used in files and on the command line. */
    public String label() {
        return label;
    }

    /** Parses a label such as {@code multi-exit}; throws {@link InvalidInputException} naming the value. */
    public static ProblemKind fromLabel(String label) {
        for (ProblemKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new InvalidInputException("unknown problem '" + label + "', expected one of "
                + Arrays.stream(values()).map(ProblemKind::label).toList());
    }
}
