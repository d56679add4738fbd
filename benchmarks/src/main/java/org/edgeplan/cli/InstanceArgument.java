package org.edgeplan.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import org.edgeplan.core.Instance;

/**
 * The instance argument shared by {@code solve}, {@code evaluate} and {@code bound} (a picocli mixin): the first
 * positional parameter, an instance JSON file or an STG graph, with {@code --processors} for STG graphs.
 */
final class InstanceArgument {
    @Parameters(index = "0", paramLabel = "INSTANCE", description = "instance JSON file, or an STG graph (.stg)")
    Path path;

    @Option(names = "--processors", paramLabel = "N", description = "processors, for STG graphs")
    Integer processors;

    /** The instance, validated; bad input is one {@link org.edgeplan.core.InvalidInputException}. */
    Instance load() {
        return InstanceFiles.load(path, processors);
    }
}
