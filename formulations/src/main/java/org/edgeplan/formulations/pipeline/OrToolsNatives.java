package org.edgeplan.formulations.pipeline;

import com.google.ortools.Loader;

/** Loads the OR-Tools native libraries once per JVM (about half a second the first time). */
final class OrToolsNatives {
    private static boolean loaded;

    private OrToolsNatives() {
    }

    /** Idempotent and thread-safe. */
    static synchronized void load() {
        if (!loaded) {
            Loader.loadNativeLibraries();
            loaded = true;
        }
    }
}
