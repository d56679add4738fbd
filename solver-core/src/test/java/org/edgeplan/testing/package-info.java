/**
 * Test fixtures shared by every module's tests (solver-core's test-jar): the project root, the long-test switch,
 * tiny and random instances of both problems, exhaustive oracles, and per-problem invariants every solver's result
 * must keep.
 */
package org.edgeplan.testing;
