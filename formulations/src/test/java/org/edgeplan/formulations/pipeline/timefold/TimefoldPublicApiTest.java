package org.edgeplan.formulations.pipeline.timefold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.edgeplan.testing.ProjectRoot;

/**
 * The formulations module uses Timefold only through its public API ({@code api}, {@code config}, the preview
 * {@code preview.api} and the test API), never its internal {@code impl} packages, which change without notice: no
 * source file imports them, and no compiled class (main or test) refers to them, by import, fully qualified name or
 * a class name in a string. The searched names are assembled at run time, so this test does not find itself.
 */
class TimefoldPublicApiTest {
    private static final String INTERNAL = String.join(".", "ai", "timefold", "solver", "core", "impl");
    private static final String PUBLIC = String.join("/", "ai", "timefold", "solver", "core", "api");

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> files(Path root, String suffix) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code haystack} contains {@code needle} (class-file names are ASCII, as modified UTF-8). */
    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void noCompiledClassRefersToTimefoldInternals() {
        List<Path> classes = new ArrayList<>(files(codeSource(TimefoldPipelineSolver.class), ".class"));
        classes.addAll(files(codeSource(TimefoldPublicApiTest.class), ".class"));
        String slashed = INTERNAL.replace('.', '/') + "/";
        String dotted = INTERNAL + ".";
        List<String> offenders = new ArrayList<>();
        int usingTimefold = 0;
        for (Path file : classes) {
            byte[] bytes = read(file);
            if (contains(bytes, slashed) || contains(bytes, dotted)) {
                offenders.add(file.getFileName().toString());
            }
            usingTimefold += contains(bytes, PUBLIC) ? 1 : 0;
        }
        // Not vacuous: the main and test classes were found, and many of them use Timefold's public API.
        assertThat(classes).hasSizeGreaterThan(50);
        assertThat(usingTimefold).isGreaterThan(10);
        assertThat(offenders).as("classes referring to %s", INTERNAL).isEmpty();
    }

    @Test
    void noSourceFileImportsTimefoldInternals() {
        Pattern internalImport = Pattern.compile("^\\s*import\\s+(static\\s+)?" + Pattern.quote(INTERNAL) + "\\.",
                Pattern.MULTILINE);
        Path module = ProjectRoot.root().resolve("formulations/src");
        List<Path> sources = files(module, ".java");
        List<String> offenders = new ArrayList<>();
        for (Path file : sources) {
            if (internalImport.matcher(new String(read(file), StandardCharsets.UTF_8)).find()) {
                offenders.add(module.relativize(file).toString());
            }
        }
        assertThat(sources).hasSizeGreaterThan(20);
        assertThat(offenders).as("sources importing %s", INTERNAL).isEmpty();
    }
}
