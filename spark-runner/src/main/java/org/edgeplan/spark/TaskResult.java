package org.edgeplan.spark;

import java.io.Serializable;

import org.edgeplan.bench.batch.FinishedRun;
import org.edgeplan.bench.batch.RunRecord;

/**
 * A finished run as a task returns it to the driver: its record as the line it will be in {@code runs.jsonl} (the
 * record's own JSON form, which the driver reads back exactly as a resume does) and its problem-B plan, if any.
 *
 * @param recordLine the record, {@link RunRecord#toJsonLine()}
 * @param planJson   the plan of a problem-B run, or null
 */
record TaskResult(String recordLine, String planJson) implements Serializable {
    private static final long serialVersionUID = 1L;

    static TaskResult of(FinishedRun run) {
        return new TaskResult(run.record().toJsonLine(), run.planJson());
    }

    FinishedRun finished() {
        return new FinishedRun(RunRecord.fromJsonLine(recordLine), planJson);
    }
}
