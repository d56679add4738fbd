package org.edgeplan.pipeline;

import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.edgeplan.core.InvalidInputException;

/**
 * A compute node: runs one subtask at a time, without preemption, in the order of its queue.
 *
 * @param name                identifier
 * @param kind                device, edge or cloud
 * @param speedFlopsPerSecond f_n
 * @param memoryBytes         capacity for layer weights, if limited
 * @param queueLimit          Q_n: most subtasks that may wait ready but not started, if limited
 */
public record Node(String name, NodeKind kind, double speedFlopsPerSecond, OptionalLong memoryBytes,
                   OptionalInt queueLimit) {
    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (!(speedFlopsPerSecond > 0) || Double.isInfinite(speedFlopsPerSecond)) {
            throw new InvalidInputException("node '" + name + "': speedFlopsPerSecond must be positive, got "
                    + speedFlopsPerSecond);
        }
        memoryBytes = memoryBytes == null ? OptionalLong.empty() : memoryBytes;
        queueLimit = queueLimit == null ? OptionalInt.empty() : queueLimit;
        if (memoryBytes.isPresent() && memoryBytes.getAsLong() < 0) {
            throw new InvalidInputException("node '" + name + "': memoryBytes must be >= 0, got " + memoryBytes.getAsLong());
        }
        if (queueLimit.isPresent() && queueLimit.getAsInt() < 0) {
            throw new InvalidInputException("node '" + name + "': queueLimit must be >= 0, got " + queueLimit.getAsInt());
        }
    }

    /** A node with no memory or queue limit. */
    public static Node of(String name, NodeKind kind, double speedFlopsPerSecond) {
        return new Node(name, kind, speedFlopsPerSecond, OptionalLong.empty(), OptionalInt.empty());
    }
}
