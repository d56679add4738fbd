/** The {@code edgeplan} command line: solve, evaluate, bound, bench, report, compare, certify, sweep and train-ppo. */
package org.edgeplan.cli;
