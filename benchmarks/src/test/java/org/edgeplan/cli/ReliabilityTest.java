package org.edgeplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgeplan.cli.CliTest.assertBadInput;
import static org.edgeplan.cli.CliTest.instance;
import static org.edgeplan.cli.CliTest.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, the data-loss cases, replayed through the command line as a user meets them: each refused case is exit
 * status 2 with one line, and nothing already on disk is changed. (The README's table "Failures and exit status"
 * states what these tests assert.)
 */
class ReliabilityTest {
    @TempDir
    Path tmp;

    private Path copyOf(String shipped, String name) throws IOException {
        return Files.copy(Path.of(instance(shipped)), tmp.resolve(name));
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- item 2: --out replaces only a regular file that is no input, never through a link ----

    @Test
    void solveOutOntoItsOwnInstanceIsRefusedAndTheInstanceUntouched() throws IOException {
        Path x = copyOf("multi-exit/ma2025-image.json", "x.json");
        byte[] before = Files.readAllBytes(x);
        assertBadInput(run("solve", x.toString(), "--solver", "device-only", "--out", x.toString()),
                "refusing to write", "x.json", "input of this command");
        // The same file by another name, and a hard link to it.
        assertBadInput(run("solve", x.toString(), "--solver", "device-only", "--out",
                tmp.resolve(".").resolve("x.json").toString()), "input of this command");
        Path hard = Files.createLink(tmp.resolve("hard.json"), x);
        assertBadInput(run("solve", x.toString(), "--solver", "device-only", "--out", hard.toString()),
                "input of this command");
        assertThat(Files.readAllBytes(x)).isEqualTo(before);
        assertThat(names(tmp)).containsExactly("hard.json", "x.json");
    }

    @Test
    void outOntoAFifoIsRefused() throws IOException, InterruptedException {
        Path fifo = tmp.resolve("plan.fifo");
        assumeTrue(mkfifo(fifo), "mkfifo not available");
        assertBadInput(run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "device-only", "--out",
                fifo.toString()), "refusing to write", "not a regular file");
        assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(names(tmp)).containsExactly("plan.fifo");
        // A directory, and a folder option naming a file.
        Path dir = Files.createDirectory(tmp.resolve("plan.json"));
        assertBadInput(run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "device-only", "--out",
                dir.toString()), "it is a directory");
        Path file = Files.writeString(tmp.resolve("notes.txt"), "mine");
        assertBadInput(run("compare", instance("multi-exit/ma2025-image.json"), "--solvers", "device-only", "--out",
                file.toString()), "not a directory");
        assertThat(file).hasContent("mine");
    }

    static boolean mkfifo(Path fifo) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void outThroughASymbolicLinkIsRefusedAndTheLinkTargetUntouched() throws IOException {
        Path target = Files.writeString(tmp.resolve("precious.json"), "precious");
        Path link = Files.createSymbolicLink(tmp.resolve("plan.json"), target);
        assertBadInput(run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "device-only", "--out",
                link.toString()), "symbolic link");
        assertThat(target).hasContent("precious");
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void writtenFilesFollowTheUmask() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe")));
        Path plan = tmp.resolve("plan.json");
        CliTest.Run r = run("solve", instance("multi-exit/ma2025-image.json"), "--solver", "device-only", "--out",
                plan.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.getPosixFilePermissions(plan)).isEqualTo(umask);
        Path out = tmp.resolve("compare");
        r = run("compare", instance("multi-exit/ma2025-image.json"), "--solvers", "device-only", "--out",
                out.toString());
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(Files.getPosixFilePermissions(out.resolve("results.csv"))).isEqualTo(umask);
        assertThat(names(out)).containsExactly("results.csv", "results.md");
    }
}
