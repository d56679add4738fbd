package org.edgeplan.io;

import java.nio.file.Path;

/** Writing result files so that a failure or Ctrl-C never leaves a half-written or emptied file. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Replaces {@code target} with {@code content} (UTF-8): written to a temporary file in the same directory, then
     * moved over the target atomically. Parent directories are created.
     */
    public static void write(Path target, String content) {
        JsonOut.writeAtomically(target, content);
    }
}
