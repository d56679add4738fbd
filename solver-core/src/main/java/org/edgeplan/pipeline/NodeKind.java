package org.edgeplan.pipeline;

import java.util.Locale;

import org.edgeplan.core.InvalidInputException;

/** What a compute node is. Devices are endpoints' own hardware; edge servers and clouds are shared. */
public enum NodeKind {
    DEVICE, EDGE, CLOUD;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static NodeKind fromLabel(String label) {
        for (NodeKind k : values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new InvalidInputException("unknown node kind '" + label + "', expected device, edge or cloud");
    }
}
