package org.edgeplan.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** All solvers on the class path, found with {@link ServiceLoader} and looked up by name. */
public final class SolverRegistry {
    private final Map<String, Solver<?, ?>> byName;

    private SolverRegistry(Map<String, Solver<?, ?>> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** Loads every registered solver; two solvers with one name are a packaging error. */
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
            Solver<?, ?> previous = map.put(solver.name(), solver);
            if (previous != null) {
                throw new IllegalStateException("two solvers are named '" + solver.name() + "': "
                        + previous.getClass().getName() + " and " + solver.getClass().getName());
            }
        }
        return new SolverRegistry(map);
    }

    /** Every solver, ordered by problem then name. */
    public List<Solver<?, ?>> all() {
        return List.copyOf(byName.values());
    }

    /** The solvers of one problem family. */
    public List<Solver<?, ?>> forProblem(ProblemKind kind) {
        return byName.values().stream().filter(s -> s.problem() == kind).toList();
    }

    /** The solver with this name, or an {@link InvalidInputException} listing the known names. */
    public Solver<?, ?> find(String name) {
        Solver<?, ?> solver = byName.get(name);
        if (solver == null) {
            throw new InvalidInputException("unknown solver '" + name + "'; known solvers: "
                    + String.join(", ", byName.keySet()));
        }
        return solver;
    }
}
