/**
 * Generated problem-A instances over networks computed from their architectures ({@code org.edgeplan.profiles}):
 * device classes, an exit-probability model and the deterministic {@code NetworkFamilies} generator.
 */
package org.edgeplan.multiexit.instances;
