package org.edgeplan.testing;

/**
 * The one switch of long or large tests: {@code -Dedgeplan.longTests=true} (Maven passes it to surefire; see the
 * parent POM). A whole test class or method that is long is annotated {@link LongTest}; a test that only runs more
 * cases when asked reads {@link #enabled()}.
 */
public final class LongTests {
    /** The system property that switches long tests on. */
    public static final String PROPERTY = "edgeplan.longTests";

    private LongTests() {
    }

    /** Whether long tests were asked for. */
    public static boolean enabled() {
        return Boolean.parseBoolean(System.getProperty(PROPERTY));
    }
}
