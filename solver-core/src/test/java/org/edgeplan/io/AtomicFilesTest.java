package org.edgeplan.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.edgeplan.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one rule for output files: temporary file, move over a regular file only, inputs kept, umask applied. */
class AtomicFilesTest {
    @TempDir
    Path tmp;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void replacesARegularFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("out.json");
        Files.writeString(file, "old");
        AtomicFiles.write(file, "new");
        assertThat(Files.readString(file)).isEqualTo("new");
        AtomicFiles.write(tmp.resolve("sub/dir/fresh.csv"), "a,b\n");
        assertThat(tmp.resolve("sub/dir/fresh.csv")).hasContent("a,b");
        assertThat(names()).containsExactly("out.json", "sub");
    }

    @Test
    void aSymbolicLinkIsRefusedAndItsTargetUntouched() throws IOException {
        Path target = tmp.resolve("precious.txt");
        Files.writeString(target, "precious");
        Path link = Files.createSymbolicLink(tmp.resolve("plan.json"), target);
        assertThatThrownBy(() -> AtomicFiles.write(link, "x")).isInstanceOf(InvalidInputException.class)
                .hasMessage("refusing to write " + link + ": it is a symbolic link (outputs are never written through"
                        + " links; remove it or choose another path)");
        assertThat(target).hasContent("precious");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        // A dangling link is refused too: the write would create a file wherever it points.
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling.json"), tmp.resolve("elsewhere.json"));
        assertThatThrownBy(() -> AtomicFiles.write(dangling, "x")).hasMessageContaining("symbolic link");
        assertThat(tmp.resolve("elsewhere.json")).doesNotExist();
        assertThat(names()).containsExactly("dangling.json", "plan.json", "precious.txt");
    }

    @Test
    void aDirectoryOrAFifoIsRefused() throws IOException, InterruptedException {
        Path dir = Files.createDirectory(tmp.resolve("plan.json"));
        assertThatThrownBy(() -> AtomicFiles.write(dir, "x")).hasMessageContaining("it is a directory");
        Path fifo = tmp.resolve("fifo");
        assumeTrue(mkfifo(fifo), "mkfifo not available");
        assertThatThrownBy(() -> AtomicFiles.write(fifo, "x")).isInstanceOf(InvalidInputException.class)
                .hasMessage("refusing to write " + fifo + ": it is not a regular file (a FIFO, socket or device)");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(names()).containsExactly("fifo", "plan.json");
    }

    static boolean mkfifo(Path fifo) throws InterruptedException {
        try {
            return new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void anInputOfTheRunningCommandIsNeverReplaced() throws IOException {
        Path input = tmp.resolve("instance.json");
        Files.writeString(input, "instance");
        Path sameFileOtherName = tmp.resolve("sub/../instance.json");
        Files.createDirectories(tmp.resolve("sub"));
        AtomicFiles.Inputs inputs = AtomicFiles.protect(List.of(input));
        try {
            assertThatThrownBy(() -> AtomicFiles.checkTarget(sameFileOtherName))
                    .hasMessageContaining("it is an input of this command");
            assertThatThrownBy(() -> AtomicFiles.write(input, "plan")).hasMessageContaining("input of this command");
            // A hard link is the same file.
            Path hard = Files.createLink(tmp.resolve("hard.json"), input);
            assertThatThrownBy(() -> AtomicFiles.write(hard, "plan")).hasMessageContaining("input of this command");
            AtomicFiles.write(tmp.resolve("plan.json"), "plan");
        } finally {
            inputs.close();
        }
        assertThat(input).hasContent("instance");
        AtomicFiles.write(input, "replaced once the command is over");
        assertThat(input).hasContent("replaced once the command is over");
    }

    @Test
    void newFilesFollowTheUmask() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        // What this process's umask gives a new file, whatever the umask is.
        Set<PosixFilePermission> expected = Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe")));
        Path file = tmp.resolve("report.html");
        AtomicFiles.write(file, "<html/>");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(expected);
        Files.writeString(file, "old");
        AtomicFiles.write(file, "<html/>");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(expected);
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("plot.png");
        Files.writeString(file, "old");
        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("encoder failed");
        })).isInstanceOf(InvalidInputException.class).hasMessage("cannot write " + file + ": encoder failed");
        assertThat(file).hasContent("old");
        assertThat(names()).containsExactly("plot.png");
    }

    @Test
    void temporaryFilesOfDeadProcessesAreCleanedUpByTheNextWrite() throws IOException {
        // As a SIGKILL during a write leaves them: a process id that no process has.
        Path stale = Files.writeString(tmp.resolve(".summary.md.edgeplan-9999999999-1.tmp"), "half");
        Path mine = Files.writeString(tmp.resolve(".summary.md.edgeplan-" + ProcessHandle.current().pid()
                + "-1.tmp"), "in flight");
        Path unrelated = Files.writeString(tmp.resolve(".other.tmp"), "not ours");
        AtomicFiles.write(tmp.resolve("summary.csv"), "x");
        assertThat(stale).doesNotExist();
        assertThat(mine).exists();
        assertThat(unrelated).exists();
    }
}
