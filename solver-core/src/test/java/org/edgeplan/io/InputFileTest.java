package org.edgeplan.io;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, item 6: every instance, plan, policy, suite and records file is read by {@link JsonOut#readFile}, which
 * reads only regular files and only what the heap can hold, refusing the rest with one line before reading.
 */
class InputFileTest {
    @TempDir
    Path tmp;

    /** A file of {@code bytes} that takes no disk space (nothing is written into it). */
    private Path sparse(String name, long bytes) throws IOException {
        Path p = tmp.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    @Test
    void aDeviceADirectoryAndAFifoAreRefused() throws Exception {
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero));
        assertThatThrownBy(() -> InstanceIo.read(zero)).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot read /dev/zero: it is not a regular file (a FIFO, socket or device)");
        assertThatThrownBy(() -> InstanceIo.read(tmp)).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot read " + tmp + ": it is a directory, expected a file");
        Path fifo = tmp.resolve("x.json");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo not available");
        // Without the check this would wait for a writer for ever.
        assertThatThrownBy(() -> InstanceIo.read(fifo)).isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot read " + fifo + ": it is not a regular file (a FIFO, socket or device)");
    }

    @Test
    void aFileLargerThanAJavaStringIsRefusedBeforeReading() throws IOException {
        Path big = sparse("big.json", 3_000_000_000L);
        assertThatThrownBy(() -> InstanceIo.read(big)).isInstanceOf(InvalidInputException.class)
                .hasMessage(big + ": 3.0 GB is more than the 2.1 GB a file read whole may have");
    }

    @Test
    void aFileTooLargeForTheHeapIsRefusedBeforeReading() throws IOException {
        long bytes = 2_000_000_000L;
        assumeTrue(bytes * JsonOut.HEAP_BYTES_PER_FILE_BYTE > MemoryBudget.budgetBytes(), "a heap over 21 GB");
        Path big = sparse("big.json", bytes);
        assertThatThrownBy(() -> InstanceIo.read(big)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(big + ": reading and parsing this 2.0 GB file takes 8 times its size, about 16 GB;"
                        + " this JVM can spare ");
    }
}
