package org.edgeplan.bench.batch;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.edgeplan.core.InvalidInputException;

/** The runs of a batch on a pool of {@link RunSetup#parallel()} threads in this JVM, each run in it or in a child. */
final class LocalEngine implements RunEngine {
    private volatile RunExecution execution;

    @Override
    public String name() {
        return LOCAL;
    }

    @Override
    public void run(List<RunSpec> runs, RunSetup setup, Consumer<FinishedRun> sink) throws InterruptedException {
        RunExecution exec = new RunExecution(setup);
        execution = exec;
        RunExecution.removeStaleScratchFiles(Path.of(System.getProperty("java.io.tmpdir")));
        ExecutorService pool = Executors.newFixedThreadPool(setup.parallel(), r -> {
            Thread t = new Thread(r, "edgeplan-bench");
            t.setDaemon(true);
            return t;
        });
        boolean[] over = {false};
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (RunSpec spec : runs) {
                futures.add(pool.submit(() -> {
                    FinishedRun done = exec.execute(spec);
                    synchronized (over) {
                        if (over[0]) {
                            return; // killed by the end of the batch, not finished: no record
                        }
                    }
                    sink.accept(done);
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidInputException || e.getCause() instanceof UncheckedIOException) {
                throw (RuntimeException) e.getCause(); // a log that cannot be written: one line, not a stack trace
            }
            throw new IllegalStateException("batch runner failed: " + e.getCause(), e.getCause());
        } finally {
            synchronized (over) {
                over[0] = true; // before the kill: a run that ends because of it is not a result
            }
            pool.shutdownNow();
            exec.cancel();
        }
    }

    @Override
    public void cancel() {
        RunExecution exec = execution;
        if (exec != null) {
            exec.cancel();
        }
    }
}
