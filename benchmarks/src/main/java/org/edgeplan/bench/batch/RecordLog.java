package org.edgeplan.bench.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.io.JsonOut;

/**
 * The append-only {@code runs.jsonl} of a batch: one {@link RunRecord} per line, each appended and forced to disk as
 * soon as its run ends. A line cut short by a crash or Ctrl-C (no final newline) is dropped when the log is opened
 * again, so a resumed batch reruns that run and the file stays valid JSON Lines.
 *
 * <p>One writer at a time: an open log holds the file's {@link RecordLock}, and a second writer is refused. The log
 * is a regular file opened without following links: a {@code runs.jsonl} that is a symbolic link (or a FIFO, a
 * device, a directory) is refused, its target untouched.
 */
public final class RecordLog implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final RecordLock lock;

    private RecordLog(Path file, FileChannel channel, RecordLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens (creating) the log for appending, first cutting off an unfinished last line.
     *
     * @throws InvalidInputException one line when another writer holds the log, or the path is a link or not a
     *                               regular file
     */
    public static RecordLog open(Path file) {
        RecordLock lock = RecordLock.acquire(file);
        try {
            checkFile(file);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try {
                ch.truncate(completeLength(ch));
                ch.position(ch.size());
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            return new RecordLog(file, ch, lock);
        } catch (IOException e) {
            lock.close();
            throw new InvalidInputException("cannot open " + file + ": " + AtomicFiles.reason(e));
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Refuses a records path that is a symbolic link, a directory or a special file (a missing file is fine): records
     * are never written through a link or into a FIFO.
     */
    public static void checkFile(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new InvalidInputException("cannot open " + file + ": " + AtomicFiles.reason(e));
        }
        if (a.isSymbolicLink()) {
            throw new InvalidInputException("refusing to write " + file + ": it is a symbolic link (records are"
                    + " never written through links; remove it or choose another --out)");
        }
        if (!a.isRegularFile()) {
            throw new InvalidInputException("refusing to write " + file + ": it is not a regular file");
        }
    }

    /**
     * Moves a finished log aside for {@code --fresh}: {@code runs.jsonl} becomes {@code runs-<stamp>.jsonl} (with
     * {@code -2}, {@code -3}, ... when that name is taken; an older log is never replaced). Call it holding the
     * log's {@link RecordLock}.
     *
     * @return the new name, or null when there was no log
     */
    public static Path setAside(Path file, String stamp) {
        checkFile(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int k = 1; ; k++) {
            Path target = file.resolveSibling(stem + "-" + stamp + (k == 1 ? "" : "-" + k) + extension);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                // No REPLACE_EXISTING (and no ATOMIC_MOVE, which replaces on Linux): an older log is never lost.
                Files.move(file, target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // taken meanwhile: try the next name
            } catch (IOException e) {
                throw new InvalidInputException("cannot move " + file + " aside: " + AtomicFiles.reason(e));
            }
        }
    }

    /**
     * Appends one record as one line and forces it to disk.
     *
     * @throws InvalidInputException one line when the disk refuses (full, gone); the records before stay whole
     */
    public synchronized void append(RunRecord record) {
        byte[] line = (record.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            // Whatever part of the line was written is cut off when the log is opened again.
            throw new InvalidInputException("cannot append a run record to " + file + ": " + AtomicFiles.reason(e));
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.close();
        }
    }

    /** Reads every complete record; an unfinished last line is ignored, a corrupt complete line is an error. */
    public static List<RunRecord> read(Path file) {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text = JsonOut.readFile(file);
        int end = text.lastIndexOf('\n') + 1;
        String[] lines = text.substring(0, end).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            try {
                out.add(RunRecord.fromJsonLine(lines[i]));
            } catch (InvalidInputException e) {
                throw new InvalidInputException(file.getFileName() + ": line " + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Length of the prefix that ends with the last newline. */
    private static long completeLength(FileChannel ch) throws IOException {
        long size = ch.size();
        ByteBuffer one = ByteBuffer.allocate(1);
        for (long pos = size - 1; pos >= 0; pos--) {
            one.clear();
            ch.read(one, pos);
            if (one.get(0) == '\n') {
                return pos + 1;
            }
        }
        return 0;
    }
}
