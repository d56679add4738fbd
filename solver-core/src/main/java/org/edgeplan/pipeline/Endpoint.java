package org.edgeplan.pipeline;

import java.util.List;
import java.util.Objects;

import org.edgeplan.core.InvalidInputException;

/**
 * An endpoint: a device that streams inference requests of one DNN.
 *
 * @param name                identifier
 * @param device              name of its own device node, where inputs are born and results return
 * @param model               name of its DNN in the instance's model table
 * @param releaseTimesSeconds a_{e,k}, non-decreasing, one per request
 * @param allowedNodes        nodes its layers may run on; empty means the default rule (its own device and every
 *                            edge or cloud node)
 */
public record Endpoint(String name, String device, String model, List<Double> releaseTimesSeconds,
                       List<String> allowedNodes) {
    public Endpoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(model, "model");
        releaseTimesSeconds = List.copyOf(releaseTimesSeconds);
        allowedNodes = allowedNodes == null ? List.of() : List.copyOf(allowedNodes);
        if (releaseTimesSeconds.isEmpty()) {
            throw new InvalidInputException("endpoint '" + name + "': needs at least one request");
        }
        double previous = 0;
        for (int k = 0; k < releaseTimesSeconds.size(); k++) {
            double a = releaseTimesSeconds.get(k);
            if (!(a >= previous) || Double.isInfinite(a)) {
                throw new InvalidInputException("endpoint '" + name + "': release time of request " + k + " is " + a
                        + ", expected a finite number >= " + previous + " (release times are >= 0 and non-decreasing)");
            }
            previous = a;
        }
    }

    /** Periodic requests: {@code count} requests, one every {@code periodSeconds}, the first at {@code offsetSeconds}. */
    public static List<Double> periodic(int count, double periodSeconds, double offsetSeconds) {
        if (count < 1) {
            throw new InvalidInputException("request count must be at least 1, got " + count);
        }
        if (!(periodSeconds >= 0) || !(offsetSeconds >= 0)) {
            throw new InvalidInputException("request period and offset must be >= 0, got " + periodSeconds + " and "
                    + offsetSeconds);
        }
        return java.util.stream.IntStream.range(0, count).mapToObj(k -> offsetSeconds + k * periodSeconds).toList();
    }

    public int requestCount() {
        return releaseTimesSeconds.size();
    }
}
