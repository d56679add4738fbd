package org.edgeplan.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A long or large test (a test class or method): it runs only with {@code -Dedgeplan.longTests=true}
 * ({@link LongTests}), and carries the tag {@code long}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@EnabledIfSystemProperty(named = LongTests.PROPERTY, matches = "true")
@Tag("long")
public @interface LongTest {
}
