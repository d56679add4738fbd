/**
 * Layer profiles of real networks (FLOPs, output and weight bytes per layer), read from CSV or computed from an
 * architecture, shared by both problems.
 */
package org.edgeplan.profiles;
