package org.edgeplan.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * All solvers on the class path, found with {@link ServiceLoader} and looked up by problem and name. A name is
 * unique within a problem family, so {@code device-only} can mean the device-only baseline of either problem.
 */
public final class SolverRegistry {
    private final Map<String, Solver<?, ?>> byKey;

    private SolverRegistry(Map<String, Solver<?, ?>> byKey) {
        this.byKey = Collections.unmodifiableMap(byKey);
    }

    private static String key(ProblemKind kind, String name) {
        return kind.label() + "\u0000" + name;
    }

    /** Loads every registered solver; two solvers with one name for one problem are a packaging error. */
    @SuppressWarnings("rawtypes")
    public static SolverRegistry load() {
        List<Solver<?, ?>> found = new ArrayList<>();
        for (Solver solver : ServiceLoader.load(Solver.class)) {
            found.add(solver);
        }
        return of(found);
    }

    /** A registry of exactly these solvers (for tests and embedding). */
    public static SolverRegistry of(List<? extends Solver<?, ?>> solvers) {
        List<Solver<?, ?>> sorted = new ArrayList<>(solvers);
        sorted.sort(Comparator.comparing((Solver<?, ?> s) -> s.problem()).thenComparing(Solver::name));
        Map<String, Solver<?, ?>> map = new LinkedHashMap<>();
        for (Solver<?, ?> solver : sorted) {
            Solver<?, ?> previous = map.put(key(solver.problem(), solver.name()), solver);
            if (previous != null) {
                throw new IllegalStateException("two " + solver.problem().label() + " solvers are named '"
                        + solver.name() + "': " + previous.getClass().getName() + " and " + solver.getClass().getName());
            }
        }
        return new SolverRegistry(map);
    }

    /** Every solver, ordered by problem then name. */
    public List<Solver<?, ?>> all() {
        return List.copyOf(byKey.values());
    }

    /** The solvers of one problem family, by name. */
    public List<Solver<?, ?>> forProblem(ProblemKind kind) {
        return byKey.values().stream().filter(s -> s.problem() == kind).toList();
    }

    /** The solver of this problem with this name, or an {@link InvalidInputException} listing the known names. */
    public Solver<?, ?> find(ProblemKind kind, String name) {
        Solver<?, ?> solver = byKey.get(key(kind, name));
        if (solver == null) {
            throw new InvalidInputException("unknown solver '" + name + "' for " + kind.label()
                    + " instances; known: " + String.join(", ", forProblem(kind).stream().map(Solver::name).toList()));
        }
        return solver;
    }
}
