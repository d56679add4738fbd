/**
 * Reading and writing instance and plan files of both problems (strict JSON with one clear error per fault), atomic
 * file writes, and the generated part of {@code instances/}.
 */
package org.edgeplan.io;
