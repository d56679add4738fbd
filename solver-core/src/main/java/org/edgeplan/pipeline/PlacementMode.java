package org.edgeplan.pipeline;

import org.edgeplan.core.InvalidInputException;

/** Whether each request may be placed on its own ({@code dynamic}) or all requests of an endpoint share one placement ({@code static}). */
public enum PlacementMode {
    STATIC, DYNAMIC;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static PlacementMode fromLabel(String label) {
        for (PlacementMode m : values()) {
            if (m.label().equals(label)) {
                return m;
            }
        }
        throw new InvalidInputException("unknown placement mode '" + label + "', expected static or dynamic");
    }
}
