package org.edgeplan.cli;

import java.util.concurrent.Callable;

import org.edgeplan.core.Solver;
import org.edgeplan.core.SolverRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code edgeplan solvers}: every registered solver. */
@Command(name = "solvers", mixinStandardHelpOptions = true, description = "List the registered solvers.")
final class SolversCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TextTable table = new TextTable("problem", "solver", "description");
        for (Solver<?, ?> s : SolverRegistry.load().all()) {
            table.row(s.problem().label(), s.name(), s.description());
        }
        spec.commandLine().getOut().print(table.render());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
