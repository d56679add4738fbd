package org.edgeplan.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the repository root (the directory holding {@code instances/}) for tests. */
public final class ProjectRoot {
    private ProjectRoot() {
    }

    public static Path root() {
        String property = System.getProperty("edgeplan.projectRoot");
        if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property).resolve("instances"))) {
            return Path.of(property).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("instances"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no instances/ directory above " + Path.of("").toAbsolutePath());
    }

    public static Path instances() {
        return root().resolve("instances");
    }

    /** Every shipped instance JSON file (multi-exit, sweep and pipeline), sorted. */
    public static List<Path> instanceFiles() {
        try (Stream<Path> s = Files.walk(instances())) {
            return s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> p.startsWith(instances().resolve("multi-exit"))
                            || p.startsWith(instances().resolve("pipeline")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
