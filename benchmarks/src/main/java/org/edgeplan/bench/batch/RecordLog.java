package org.edgeplan.bench.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import org.edgeplan.core.InvalidInputException;

/**
 * The append-only {@code runs.jsonl} of a batch: one {@link RunRecord} per line, each appended and forced to disk as
 * soon as its run ends. A line cut short by a crash or Ctrl-C (no final newline) is dropped when the log is opened
 * again, so a resumed batch reruns that run and the file stays valid JSON Lines.
 */
public final class RecordLog implements AutoCloseable {
    private final FileChannel channel;

    private RecordLog(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (creating) the log for appending, first cutting off an unfinished last line. */
    public static RecordLog open(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            ch.truncate(completeLength(ch));
            ch.position(ch.size());
            return new RecordLog(ch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
    }

    /** Appends one record as one line and forces it to disk. */
    public synchronized void append(RunRecord record) {
        byte[] line = (record.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.wrap(line);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append a run record", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every complete record; an unfinished last line is ignored, a corrupt complete line is an error. */
    public static List<RunRecord> read(Path file) {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read: " + e.getMessage());
        }
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
