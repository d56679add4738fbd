package org.edgeplan.pipeline;

import org.edgeplan.core.InvalidInputException;

/** What problem B minimises. */
public enum PipelineObjective {
    /** Σ over requests of (completion − release); the default. */
    TOTAL_LATENCY("total-latency"),
    /** The last completion time. */
    MAKESPAN("makespan");

    private final String label;

    PipelineObjective(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static PipelineObjective fromLabel(String label) {
        for (PipelineObjective o : values()) {
            if (o.label.equals(label)) {
                return o;
            }
        }
        throw new InvalidInputException("unknown objective '" + label + "', expected total-latency or makespan");
    }
}
