package org.edgeplan.formulations;

import com.google.ortools.Loader;

/**
 * Loads OR-Tools' native libraries once per JVM. {@link Loader#loadNativeLibraries()} unpacks about 70 MB to the
 * temporary directory (about 0.5 s) and must not run again, so every formulation calls {@link #load()} first.
 */
public final class OrToolsNatives {
    private static volatile boolean loaded;

    private OrToolsNatives() {
    }

    /** Loads the libraries unless this JVM already did; thread-safe. */
    public static void load() {
        if (!loaded) {
            synchronized (OrToolsNatives.class) {
                if (!loaded) {
                    Loader.loadNativeLibraries();
                    loaded = true;
                }
            }
        }
    }
}
