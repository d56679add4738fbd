package org.edgeplan.formulations.pipeline.timefold;

/**
 * A data edge between two subtasks of one request (producer's output read by consumer), a problem fact so that the
 * missing-channel constraint can join both ends and be re-evaluated when either of them moves.
 */
public record DataEdge(int producer, int consumer) {
}
