package org.edgeplan.formulations.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the directory holding {@code instances/}) for tests. */
public final class ProjectPaths {
    private ProjectPaths() {
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

    public static boolean longTests() {
        return "true".equals(System.getProperty("edgeplan.longTests"));
    }
}
