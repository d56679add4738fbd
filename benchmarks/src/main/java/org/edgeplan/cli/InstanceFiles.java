package org.edgeplan.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.instances.StgImporter;

/** Where instances live and how a path on the command line becomes an {@link Instance}. */
final class InstanceFiles {
    private InstanceFiles() {
    }

    /** Reads a JSON instance, or an STG graph ({@code .stg}) on {@code processors} identical processors. */
    static Instance load(Path path, Integer processors) {
        if (!Files.exists(path)) {
            throw new InvalidInputException("no such file: " + path);
        }
        if (path.getFileName().toString().endsWith(".stg")) {
            if (processors == null) {
                throw new InvalidInputException(path + " is a Standard Task Graph: say on how many processors with"
                        + " --processors N");
            }
            return StgImporter.read(path, processors);
        }
        if (processors != null) {
            throw new InvalidInputException("--processors applies only to .stg files, not to " + path);
        }
        return InstanceIo.read(path);
    }

    /** The project's {@code instances/} folder: $EDGEPLAN_HOME/instances, else the nearest one above the working dir. */
    static Path root() {
        String home = System.getenv("EDGEPLAN_HOME");
        if (home != null && Files.isDirectory(Paths.get(home, "instances"))) {
            return Paths.get(home, "instances");
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("instances")) && Files.exists(dir.resolve("pom.xml"))) {
                return dir.resolve("instances");
            }
        }
        throw new InvalidInputException("cannot find the instances/ folder: set EDGEPLAN_HOME to the EdgePlan checkout");
    }

    /** Every JSON instance below {@code dir} (schemas and plans excluded), sorted by path. */
    static List<Path> jsonInstances(Path dir, boolean recursive) {
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !isMetadata(dir.relativize(p)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON files of the instances folder that are not instances: schemas, suites, plans, best-known values. */
    private static boolean isMetadata(Path relative) {
        String first = relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
        String file = relative.getFileName().toString();
        return first.equals("schema") || first.equals("suites") || file.equals("best-known.json")
                || file.contains("plan");
    }

    /** Every STG graph below {@code dir}, sorted by path. */
    static List<Path> stgGraphs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(".stg")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path as the user would type it from the checkout root. */
    static String display(Path path) {
        Path root = root().toAbsolutePath().getParent();
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(root) ? root.relativize(abs).toString() : path.toString();
    }
}
