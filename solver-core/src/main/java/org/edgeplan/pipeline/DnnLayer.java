package org.edgeplan.pipeline;

import java.util.List;
import java.util.Objects;

import org.edgeplan.core.InvalidInputException;

/**
 * One layer (subtask type) of a DNN DAG.
 *
 * @param name        unique within its model
 * @param flops       w_v
 * @param outputBytes d_v, bytes sent to each consumer on another node
 * @param weightBytes bytes of parameters deployed with the layer (for memory capacity; 0 if unknown)
 * @param inputs      names of the predecessor layers; empty for a source layer, which reads the model input
 */
public record DnnLayer(String name, double flops, double outputBytes, double weightBytes, List<String> inputs) {
    public DnnLayer {
        Objects.requireNonNull(name, "name");
        inputs = List.copyOf(inputs);
        if (!(flops >= 0) || Double.isInfinite(flops)) {
            throw new InvalidInputException("layer '" + name + "': flops must be >= 0, got " + flops);
        }
        if (!(outputBytes >= 0) || Double.isInfinite(outputBytes)) {
            throw new InvalidInputException("layer '" + name + "': outputBytes must be >= 0, got " + outputBytes);
        }
        if (!(weightBytes >= 0) || Double.isInfinite(weightBytes)) {
            throw new InvalidInputException("layer '" + name + "': weightBytes must be >= 0, got " + weightBytes);
        }
    }
}
