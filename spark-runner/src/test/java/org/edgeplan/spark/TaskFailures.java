package org.edgeplan.spark;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts the task attempts that did not succeed ({@code spark.extraListeners}), so a test sees Spark retry. */
public final class TaskFailures extends SparkListener {
    static final AtomicInteger FAILED = new AtomicInteger();
    static final AtomicInteger SUCCEEDED = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.taskInfo().successful()) {
            SUCCEEDED.incrementAndGet();
        } else {
            FAILED.incrementAndGet();
        }
    }
}
