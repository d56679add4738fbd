package org.edgeplan.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.edgeplan.core.InvalidInputException;

/**
 * Writing output files by one rule, whatever the command (plans, policies, instances, reports, CSV, plots):
 * <ul>
 *   <li>the content goes to a temporary file next to the target, is forced to disk, and is then moved over the
 *       target atomically, so a failure or Ctrl-C leaves either the old file or the new one, never half of one;</li>
 *   <li>the move happens only over a regular file or where there is no file: a symbolic link (never written
 *       through), a directory, a FIFO, a socket or a device node at the target is refused with one line;</li>
 *   <li>a file that is an input of a running command ({@link #protect}) is never replaced;</li>
 *   <li>new files get the user's umask (the temporary file is created with the default permissions, not the
 *       owner-only ones of {@code Files.createTempFile});</li>
 *   <li>temporary files are named {@code .<target>.edgeplan-<pid>-<n>.tmp}: deleted when the write fails, deleted by
 *       a shutdown hook on Ctrl-C, and, after a SIGKILL, deleted by the next process that writes into the same
 *       folder once the process that made them is gone (its first write there looks; later writes do not list the
 *       folder again, which would make a folder of n files cost n² to fill).</li>
 * </ul>
 */
public final class AtomicFiles {
    /** {@code .<name>.edgeplan-<pid>-<n>.tmp}; group 1 is the pid. */
    static final Pattern TEMPORARY = Pattern.compile("\\..*\\.edgeplan-(\\d+)-\\d+\\.tmp");
    private static final int NAME_PREFIX_LIMIT = 100;
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();
    /** Folders this process has cleaned of dead processes' temporary files. */
    private static final Set<Path> CLEANED = ConcurrentHashMap.newKeySet();
    private static final Map<Object, Integer> PROTECTED = new ConcurrentHashMap<>();
    private static volatile boolean hookInstalled;

    private AtomicFiles() {
    }

    /** What produces a file's bytes (a chart encoder, for example). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Replaces {@code target} with {@code content} (UTF-8) by the rules above; parent folders are created. */
    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code target} with {@code content} by the rules above; parent folders are created. */
    public static void write(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /**
     * Replaces {@code target} with what {@code content} writes, by the rules above; parent folders are created.
     *
     * @throws InvalidInputException one line naming the target when it is refused or cannot be written; the old
     *                               file is then untouched and no temporary file is left
     */
    public static void write(Path target, Content content) {
        Path absolute = target.toAbsolutePath();
        checkTarget(target);
        Path dir = absolute.getParent();
        createDirectories(target, dir);
        if (CLEANED.add(dir)) {
            removeStaleTemporaries(dir);
        }
        String name = absolute.getFileName().toString();
        String prefix = name.length() > NAME_PREFIX_LIMIT ? name.substring(0, NAME_PREFIX_LIMIT) : name;
        Path tmp = dir.resolve("." + prefix + ".edgeplan-" + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet() + ".tmp");
        installHook();
        IN_FLIGHT.add(tmp);
        boolean moved = false;
        try {
            // CREATE_NEW: never an existing file or link; no attributes: mode 0666 less the umask.
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            checkTarget(target); // again, just before the move: what is there now
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + target + ": " + reason(e));
        } finally {
            if (!moved) {
                deleteQuietly(tmp);
            }
            IN_FLIGHT.remove(tmp);
        }
    }

    /**
     * Checks what {@link #write} would check, without writing: commands call it before they spend time, so that
     * {@code solve x.json --out x.json} is refused at once. A missing target is fine.
     *
     * @throws InvalidInputException one line naming the target and why it is refused
     */
    public static void checkTarget(Path target) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + target + ": " + reason(e));
        }
        if (a.isSymbolicLink()) {
            throw new InvalidInputException("refusing to write " + target + ": it is a symbolic link (outputs are"
                    + " never written through links; remove it or choose another path)");
        }
        if (a.isDirectory()) {
            throw new InvalidInputException("refusing to write " + target + ": it is a directory, expected a file");
        }
        if (!a.isRegularFile()) {
            throw new InvalidInputException("refusing to write " + target + ": it is not a regular file (a FIFO,"
                    + " socket or device)");
        }
        if (PROTECTED.containsKey(identity(target, a))) {
            throw new InvalidInputException("refusing to write " + target + ": it is an input of this command;"
                    + " choose another output path");
        }
    }

    /**
     * Checks an output folder: missing, or a directory (a link to one is fine: the user made it); the files
     * inside are checked one by one when written.
     */
    public static void checkFolder(Path folder) {
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder)) {
            throw new InvalidInputException("refusing to write into " + folder + ": it is not a directory");
        }
    }

    /** Input files of a running command; closing the handle lifts the protection. */
    public static final class Inputs implements AutoCloseable {
        private final List<Object> keys;
        private boolean closed;

        private Inputs(List<Object> keys) {
            this.keys = keys;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                keys.forEach(k -> PROTECTED.computeIfPresent(k, (key, n) -> n > 1 ? n - 1 : null));
            }
        }
    }

    /**
     * Marks files as inputs of the running command: until the handle is closed, {@link #write} and
     * {@link #checkTarget} refuse to replace them, by whatever name (links, relative paths) they are reached.
     * Paths that do not exist (or are null) are ignored.
     */
    public static Inputs protect(Collection<Path> inputs) {
        List<Object> keys = new ArrayList<>();
        for (Path p : inputs) {
            if (p == null) {
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                if (a.isRegularFile()) {
                    keys.add(identity(p, a));
                }
            } catch (IOException e) {
                // not there (yet): nothing to protect; reading it will fail with its own message
            }
        }
        keys.forEach(k -> PROTECTED.merge(k, 1, Integer::sum));
        return new Inputs(keys);
    }

    /** The file's identity: device and inode where the file system has them, else its real path. */
    private static Object identity(Path p, BasicFileAttributes a) {
        if (a.fileKey() != null) {
            return a.fileKey();
        }
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }

    private static void createDirectories(Path target, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new InvalidInputException("cannot write " + target + ": " + e.getFile() + " is not a directory");
        } catch (IOException e) {
            throw new InvalidInputException("cannot write " + target + ": " + reason(e));
        }
    }

    /** Deletes temporary files of this kind in {@code dir} whose process is gone (left by a SIGKILL or a crash). */
    static void removeStaleTemporaries(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.edgeplan-*.tmp")) {
            for (Path f : files) {
                Matcher m = TEMPORARY.matcher(f.getFileName().toString());
                if (m.matches() && !alive(m.group(1)) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    deleteQuietly(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            // cleaning is a courtesy: a folder that cannot be listed still gets its file (or a clear error)
        }
    }

    private static boolean alive(String pid) {
        try {
            long id = Long.parseLong(pid);
            return id == ProcessHandle.current().pid() || ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void installHook() {
        if (!hookInstalled) {
            synchronized (AtomicFiles.class) {
                if (!hookInstalled) {
                    Runtime.getRuntime().addShutdownHook(new Thread(
                            () -> IN_FLIGHT.forEach(AtomicFiles::deleteQuietly), "edgeplan-temporary-files"));
                    hookInstalled = true;
                }
            }
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: the target is untouched either way
        }
    }

    /** The operating system's reason in a few words, without Java class names. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException nsf) {
            return "no such file or directory: " + nsf.getFile();
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
