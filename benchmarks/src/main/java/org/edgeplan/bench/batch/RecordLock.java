package org.edgeplan.bench.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;

/**
 * One writer per records file: an exclusive operating-system lock ({@link FileChannel#tryLock()}) on a lock file
 * {@code .<name>.lock} beside the records file, held as long as the writer works. A second writer, in another process
 * or another thread, is refused at once with one line naming the holder; it never writes. The operating system drops
 * the lock when its process ends, however it ends (SIGKILL included), so there are no stale locks to clean up.
 *
 * <p>Refused rather than queued: a batch holds its lock for minutes or hours, a waiting second batch would only
 * repeat its runs or mix another suite into the folder, and a script is better told at once (exit status 2).
 *
 * <p>Within one JVM the lock is reentrant for the thread that holds it (the bench command holds it for the whole
 * command, the record log again while it appends). The lock file is opened by nothing else in the JVM: on POSIX
 * systems closing any descriptor of a locked file drops the process's lock on it.
 */
public final class RecordLock implements AutoCloseable {
    private static final Map<Path, Holder> HELD = new HashMap<>();

    private static final class Holder {
        final Thread owner;
        final FileChannel channel;
        final FileLock lock;
        int count = 1;

        Holder(Thread owner, FileChannel channel, FileLock lock) {
            this.owner = owner;
            this.channel = channel;
            this.lock = lock;
        }
    }

    private final Path key;
    private boolean closed;

    private RecordLock(Path key) {
        this.key = key;
    }

    /** The lock file of a records file: {@code .<name>.lock} in the same folder. */
    public static Path lockFile(Path recordsFile) {
        Path absolute = recordsFile.toAbsolutePath();
        return absolute.resolveSibling("." + absolute.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code recordsFile} (creating its folder and lock file when missing).
     *
     * @throws InvalidInputException when another process or thread holds it (one line naming the holder), or when
     *                               the lock file is a link or not a regular file
     */
    public static RecordLock acquire(Path recordsFile) {
        return acquire(recordsFile, false);
    }

    /**
     * Takes the lock of {@code recordsFile}, waiting while another process or thread holds it: for short
     * read-merge-write updates (the best-known file), where waiting a moment beats refusing.
     */
    public static RecordLock acquireWaiting(Path recordsFile) {
        return acquire(recordsFile, true);
    }

    private static RecordLock acquire(Path recordsFile, boolean wait) {
        Path lockFile = lockFile(recordsFile);
        Path key;
        try {
            Files.createDirectories(lockFile.getParent());
            // One key per file, however the folder is spelled (links, "..").
            key = lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
        } catch (IOException e) {
            throw new InvalidInputException("cannot lock " + recordsFile + ": " + AtomicFiles.reason(e));
        }
        Holder reserved = new Holder(Thread.currentThread(), null, null);
        synchronized (HELD) {
            while (true) {
                Holder h = HELD.get(key);
                if (h == null) {
                    break;
                }
                if (h.owner == Thread.currentThread()) {
                    h.count++;
                    return new RecordLock(key);
                }
                if (!wait) {
                    throw busy(recordsFile, "another bench in this process");
                }
                try {
                    HELD.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InvalidInputException("interrupted while waiting for the lock of " + recordsFile);
                }
            }
            HELD.put(key, reserved); // this thread's from now on; the file lock is taken outside the monitor
        }
        FileChannel channel = null;
        try {
            AtomicFiles.checkTarget(lockFile); // a regular file or nothing: never a link or a FIFO
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            FileLock lock = wait ? channel.lock() : channel.tryLock();
            if (lock == null) {
                String holder = holder(channel);
                throw busy(recordsFile, holder.isEmpty() ? "another process" : holder);
            }
            byte[] who = ("process " + ProcessHandle.current().pid() + ", since " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(who), 0);
            synchronized (HELD) {
                HELD.put(key, new Holder(Thread.currentThread(), channel, lock));
            }
            return new RecordLock(key);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            synchronized (HELD) {
                HELD.remove(key);
                HELD.notifyAll();
            }
            if (e instanceof IOException io) {
                throw new InvalidInputException("cannot lock " + recordsFile + ": " + AtomicFiles.reason(io));
            }
            throw (RuntimeException) e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked through it
            }
        }
    }

    private static InvalidInputException busy(Path recordsFile, String holder) {
        return new InvalidInputException(recordsFile + " is being written by " + holder
                + "; wait until it ends or choose another --out");
    }

    /** What the holder wrote into the lock file, read through the channel that failed to lock it. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(200);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
            return text.startsWith("process ") && !text.contains("\n") ? text : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Releases this hold; the lock itself goes when the last hold of its thread is released. */
    @Override
    public void close() {
        Holder h;
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            h = HELD.get(key);
            if (h == null || --h.count > 0) {
                return;
            }
            try {
                h.channel.truncate(0);
                h.lock.release();
            } catch (IOException e) {
                // closing the channel below releases the lock anyway
            } finally {
                closeQuietly(h.channel);
                HELD.remove(key);
                HELD.notifyAll();
            }
        }
    }
}
