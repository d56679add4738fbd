package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edgeplan} command line. Bad input of any kind ends with one line on standard error and exit
 * status 2, and so does running out of heap (the input was too large for it); an internal failure with exit status 1.
 */
@Command(name = "edgeplan", mixinStandardHelpOptions = true, version = "edgeplan 0.1.0",
        description = "Optimal and heuristic plans for splitting DNN inference between devices and edge servers.",
        subcommands = {SolveCommand.class, EvaluateCommand.class, CompareCommand.class, BenchCommand.class,
                ReportCommand.class, SweepCommand.class, BestKnownCommand.class, SolversCommand.class,
                TrainPpoCommand.class, CertifyCommand.class,
                InstancesCommand.class, BoundCommand.class, CommandLine.HelpCommand.class})
public final class EdgePlanCli {
    /** Exit status for bad input (files, arguments, instances, plans). */
    public static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        if (Boolean.getBoolean(org.edgeplan.bench.batch.BatchRunner.EXIT_WITH_PARENT)) {
            exitWithParent();
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Exit status of a child whose parent has gone: 128 + SIGHUP, as a terminal hang-up would give. */
    static final int PARENT_GONE = 129;

    /**
     * Ends this JVM when its parent ends ({@link org.edgeplan.bench.batch.BatchRunner#EXIT_WITH_PARENT}): it reads
     * standard input, a pipe whose other end only the parent holds, which the operating system closes when the parent
     * ends in any way, SIGKILL included.
     */
    private static void exitWithParent() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // the parent writes nothing; anything read is ignored
                }
            } catch (java.io.IOException e) {
                // a broken pipe is the same as its end
            }
            Runtime.getRuntime().halt(PARENT_GONE);
        }, "edgeplan-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** Runs the CLI with the given streams and returns the exit status (for tests and embedding). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new EdgePlanCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("edgeplan: " + ex.getMessage());
            err.println("Try 'edgeplan " + (ex.getCommandLine().getCommandName().equals("edgeplan") ? ""
                    : ex.getCommandLine().getCommandName() + " ") + "--help'.");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (outOfMemory(ex)) {
                err.println("edgeplan: " + outOfMemoryMessage(commandLine.getCommandName()));
                return BAD_INPUT;
            }
            String message = describe(ex);
            if (message != null) {
                err.println("edgeplan: " + message);
                return BAD_INPUT;
            }
            err.println("edgeplan: internal error: " + ex);
            if (Boolean.getBoolean("edgeplan.debug")) {
                ex.printStackTrace(err);
            }
            return 1;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only exceptions to the handler above; an error ends here, its tables already unreachable.
            err.println("edgeplan: " + outOfMemoryMessage(commandName(cli)));
            return BAD_INPUT;
        }
    }

    /** The line for a command that ran out of heap: the input was too large for it (exit status 2). */
    static String outOfMemoryMessage(String command) {
        return "out of memory while running '" + command + "' (the input is too large for this JVM's heap of "
                + MemoryBudget.size(Runtime.getRuntime().maxMemory()) + "; " + MemoryBudget.HOW_TO_RAISE + ")";
    }

    /** Whether {@code ex} or one of its causes is an {@link OutOfMemoryError} (a solver's thread pool wraps it). */
    static boolean outOfMemory(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    private static String commandName(CommandLine cli) {
        CommandLine.ParseResult parsed = cli.getParseResult();
        while (parsed != null && parsed.subcommand() != null) {
            parsed = parsed.subcommand();
        }
        return parsed == null ? "edgeplan" : parsed.commandSpec().name();
    }

    /** The one-line message for a bad-input exception, or null for an internal error. */
    static String describe(Throwable ex) {
        if (ex instanceof InvalidInputException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException nsf) {
            return "no such file: " + nsf.getFile();
        }
        if (ex instanceof AccessDeniedException ade) {
            return "cannot access file: " + ade.getFile();
        }
        if (ex instanceof java.io.IOException io) {
            return "input/output error: " + io.getMessage();
        }
        if (ex instanceof java.io.UncheckedIOException uio) {
            return describe(uio.getCause());
        }
        return null;
    }
}
