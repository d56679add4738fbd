package org.edgeplan.pipeline;

import java.util.Objects;

import org.edgeplan.core.InvalidInputException;

/**
 * A directed network channel from one node to another: moving d bytes takes {@code latency + 8 d / bandwidth}.
 * A full-duplex link is two channels.
 */
public record Link(String from, String to, double bandwidthBitsPerSecond, double latencySeconds) {
    public Link {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(to)) {
            throw new InvalidInputException("link from '" + from + "' to itself: transfers on one node take no time");
        }
        if (!(bandwidthBitsPerSecond > 0)) {
            throw new InvalidInputException("link " + from + "->" + to + ": bandwidthBitsPerSecond must be positive, got "
                    + bandwidthBitsPerSecond);
        }
        if (!(latencySeconds >= 0) || Double.isInfinite(latencySeconds)) {
            throw new InvalidInputException("link " + from + "->" + to + ": latencySeconds must be >= 0, got "
                    + latencySeconds);
        }
    }

    /** Seconds to move {@code bytes} over this channel. */
    public double transferSeconds(double bytes) {
        return latencySeconds + 8.0 * bytes / bandwidthBitsPerSecond;
    }
}
