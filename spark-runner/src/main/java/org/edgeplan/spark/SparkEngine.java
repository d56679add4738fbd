package org.edgeplan.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.spark.SparkConf;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import org.edgeplan.bench.batch.FinishedRun;
import org.edgeplan.bench.batch.RunEngine;
import org.edgeplan.bench.batch.RunSetup;
import org.edgeplan.bench.batch.RunSpec;
import org.edgeplan.bench.batch.Suite;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.InstanceIo;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * The runs of a batch as the tasks of one Spark job: one partition, hence one task, per run, so that Spark schedules,
 * retries and (with {@code spark.speculation}) duplicates runs one by one, and each run's result reaches the driver as
 * soon as its task ends. The instances travel once per executor as a broadcast; a task carries only its run's key.
 *
 * <p>Results come back through {@link org.apache.spark.SparkContext#submitJob}'s result handler, which Spark calls
 * once per partition on the driver, as each task succeeds, whatever attempts (retries after a lost executor,
 * speculative copies) ran it. The handler only queues the result: it runs on Spark's scheduler thread, which must not
 * wait for a disk. The thread that called {@link #run} takes results from the queue and hands them to the batch
 * runner's sink, which appends and forces each record to disk (and appends a run key once, should a result ever
 * come twice). A run in progress on an executor that is lost is run again elsewhere; what finished is on disk.
 */
public final class SparkEngine implements RunEngine {
    /** How long the driver waits for a result before it looks whether the job has ended. */
    private static final long POLL_MILLISECONDS = 100;
    /** Driver threads that write records (plan files and log lines, each forced to disk). */
    private static final int RECORD_WRITERS = 4;
    /** The application jar for executors when the driver does not run from it (set by bin/edgeplan). */
    static final String APP_JAR = "edgeplan.sparkJar";

    private final JavaSparkContext spark;
    private volatile SimpleFutureAction<BoxedUnit> job;
    /** Set by {@link #cancel()} while a job runs: its end is a stop, not a failure. */
    private volatile boolean stopped;

    /**
     * Starts a Spark application for a suite: the master and everything else from {@code conf} (spark-submit's
     * settings and {@code -Dspark.*} properties are in a new {@link SparkConf}); each task takes the suite's threads
     * as {@code spark.task.cpus} unless that is set.
     *
     * @throws InvalidInputException one line when there is no master or Spark cannot start (a malformed master URL,
     *                               fewer cores per executor than threads per run)
     */
    public static SparkEngine start(SparkConf conf, Suite suite) {
        if (!conf.contains("spark.master")) {
            throw new InvalidInputException("--engine spark: no master; give --master URL (local[N], spark://HOST:PORT,"
                    + " yarn, k8s://...) or run through spark-submit --master");
        }
        conf.setIfMissing("spark.app.name", "edgeplan bench " + suite.name());
        conf.setIfMissing("spark.task.cpus", Integer.toString(suite.threads()));
        // bin/edgeplan runs the driver from the module's classes; executors on a cluster get the application jar.
        String appJar = System.getProperty(APP_JAR);
        if (appJar != null && !conf.contains("spark.jars") && !conf.get("spark.master").startsWith("local")) {
            conf.set("spark.jars", appJar);
        }
        try {
            return new SparkEngine(new JavaSparkContext(conf));
        } catch (Exception e) { // Spark throws its checked SparkException undeclared
            throw new InvalidInputException("--engine spark: cannot start Spark on master '" + conf.get("spark.master")
                    + "': " + firstLine(e));
        }
    }

    SparkEngine(JavaSparkContext spark) {
        this.spark = spark;
    }

    @Override
    public String name() {
        return SPARK;
    }

    @Override
    public String concurrency(int parallel) {
        return "on Spark (master " + spark.master() + ", application " + spark.sc().applicationId()
                + ", runs at once: executor cores / spark.task.cpus = " + spark.getConf().get("spark.task.cpus") + ")";
    }

    @Override
    public void run(List<RunSpec> runs, RunSetup setup, Consumer<FinishedRun> sink) throws InterruptedException {
        if (runs.isEmpty()) {
            return;
        }
        HashMap<String, String> instances = new HashMap<>();
        List<RunTask> tasks = new ArrayList<>(runs.size());
        for (RunSpec spec : runs) {
            instances.computeIfAbsent(spec.instanceHash(), h -> InstanceIo.toJson(spec.instance()));
            tasks.add(RunTask.of(spec));
        }
        Broadcast<HashMap<String, String>> shared = spark.broadcast(instances);
        RDD<RunTask> rdd = spark.parallelize(tasks, tasks.size()).rdd();
        List<Object> partitions = new ArrayList<>(tasks.size());
        for (int p = 0; p < tasks.size(); p++) {
            partitions.add(p);
        }
        BlockingQueue<TaskResult> arrived = new LinkedBlockingQueue<>();
        // Cancelling the job (Ctrl-C, an error on the driver) interrupts its tasks, which kill their child JVMs.
        spark.setJobGroup("edgeplan-" + setup.suite(), "edgeplan bench " + setup.suite() + ": " + tasks.size()
                + " runs", true);
        SimpleFutureAction<BoxedUnit> action = spark.sc().submitJob(rdd, new RunPartition(shared, setup),
                CollectionConverters.asScala(partitions).toList(), new Arrived(arrived), new Nothing());
        job = action;
        // Records are written by a few driver threads, as the local engine's threads write theirs: each problem-B
        // run's plan file and each record are forced to disk, and the disk takes several at once.
        ExecutorService writers = Executors.newFixedThreadPool(RECORD_WRITERS, r -> {
            Thread t = new Thread(r, "edgeplan-records");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Void> written = new ExecutorCompletionService<>(writers);
        int submitted = 0;
        int done = 0;
        try {
            while (true) {
                for (Future<Void> f = written.poll(); f != null; f = written.poll()) {
                    f.get(); // a record that could not be written ends the batch now
                    done++;
                }
                TaskResult result = arrived.poll(POLL_MILLISECONDS, TimeUnit.MILLISECONDS);
                if (result != null) {
                    written.submit(() -> sink.accept(result.finished()), null);
                    submitted++;
                } else if (action.isCompleted()) {
                    // Spark calls the handler before it completes the job: every result is in the queue by now.
                    for (TaskResult rest = arrived.poll(); rest != null; rest = arrived.poll()) {
                        TaskResult last = rest;
                        written.submit(() -> sink.accept(last.finished()), null);
                        submitted++;
                    }
                    for (; done < submitted; done++) {
                        written.take().get();
                    }
                    scala.util.Try<BoxedUnit> outcome = action.value().get();
                    if (outcome.isSuccess()) {
                        shared.destroy(); // tasks still running would fail on a destroyed broadcast: only now
                    }
                    if (outcome.isFailure() && (stopped || shuttingDown())) {
                        throw new InvalidInputException("stopped (Ctrl-C, SIGTERM): the runs in progress were"
                                + " cancelled; every run that finished is in the records, and the same command resumes");
                    }
                    if (outcome.isFailure()) {
                        throw new InvalidInputException("the Spark job failed: " + firstLine(outcome.failed().get())
                                + " (every run that finished is in the records; the same command resumes)");
                    }
                    return;
                }
            }
        } catch (ExecutionException e) {
            action.cancel();
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // the log cannot be written: one line
            }
            throw new IllegalStateException("writing a record failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | RuntimeException e) {
            action.cancel();
            throw e;
        } finally {
            job = null;
            writers.shutdownNow();
            writers.awaitTermination(10, TimeUnit.SECONDS); // no record is written after the batch has ended
        }
    }

    @Override
    public void cancel() {
        SimpleFutureAction<BoxedUnit> action = job;
        if (action != null) {
            stopped = true;
            try {
                action.cancel();
            } catch (RuntimeException alreadyStopped) {
                // Spark's own shutdown hook may have stopped the context first; the tasks end with it
            }
        }
    }

    @Override
    public void close() {
        spark.stop();
    }

    /**
     * Whether this JVM is exiting (Ctrl-C, SIGTERM): Spark's own shutdown hook may stop the context, and end the job,
     * before the batch runner's hook has cancelled it.
     */
    static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** The first line of an exception's message (Spark's carry stage and stack details below it). */
    static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).trim();
    }

    /** The task: the run of its partition's one run key, on the executor. */
    private static final class RunPartition extends AbstractFunction1<Iterator<RunTask>, TaskResult>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<HashMap<String, String>> instances;
        private final RunSetup setup;

        RunPartition(Broadcast<HashMap<String, String>> instances, RunSetup setup) {
            this.instances = instances;
            this.setup = setup;
        }

        @Override
        public TaskResult apply(Iterator<RunTask> partition) {
            RunTask task = partition.next();
            Map<String, String> all = instances.value();
            return ExecutorRuns.run(task, all, setup);
        }
    }

    /** On the driver, on Spark's scheduler thread, once per partition: queues the result. */
    private static final class Arrived extends AbstractFunction2<Object, TaskResult, BoxedUnit> {
        private final BlockingQueue<TaskResult> queue;

        Arrived(BlockingQueue<TaskResult> queue) {
            this.queue = queue;
        }

        @Override
        public BoxedUnit apply(Object partition, TaskResult result) {
            queue.add(result);
            return BoxedUnit.UNIT;
        }
    }

    /** The job's overall result: none, the results went to {@link Arrived}. */
    private static final class Nothing extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }
}
