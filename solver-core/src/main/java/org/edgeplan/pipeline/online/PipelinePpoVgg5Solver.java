package org.edgeplan.pipeline.online;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolveResult;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;
import org.edgeplan.pipeline.PipelineSolver;

/**
 * Problem B's {@code ppo} with the policy shipped in this jar ({@value #RESOURCE}), solver {@code ppo-vgg5}: trained
 * once on the scaled vgg5 family by {@value #COMMAND} (seed 0, 5.3 minutes on one core; the command gives bitwise this
 * policy, which {@code ShippedPolicyLongTest} checks), so that suites and users can run the trained agent without a
 * policy file. Its features are relative, so it plays any problem-B instance; it was trained on dynamic total-latency
 * instances of one chain model, and what it does elsewhere is measured in docs/pipeline-online.md.
 */
public final class PipelinePpoVgg5Solver implements PipelineSolver {
    /** The policy's resource path in the jar. */
    public static final String RESOURCE = "/policies/ppo-vgg5.json";
    /** How the shipped policy was trained. */
    public static final String COMMAND = "edgeplan train-ppo --variant pipeline --family vgg5 --edges 1,4"
            + " --requests 6,12,24 --episodes 2048 --seed 0";

    /** The shipped policy, read once. */
    public static OnlinePolicy policy() {
        return Holder.POLICY;
    }

    private static final class Holder {
        static final OnlinePolicy POLICY = read();

        private static OnlinePolicy read() {
            try (InputStream in = PipelinePpoVgg5Solver.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the shipped policy " + RESOURCE + " is missing from the jar");
                }
                return OnlinePolicyIo.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public String name() {
        return "ppo-vgg5";
    }

    @Override
    public String description() {
        return "ppo with the shipped policy trained on the scaled vgg5 family (2-8 endpoints; " + COMMAND + ")";
    }

    @Override
    public SolveResult<PipelinePlan> solve(PipelineInstance instance, SolverSettings settings, Deadline deadline) {
        return PipelinePpoSolver.of(policy(), "shipped " + RESOURCE).solve(instance, settings, deadline);
    }
}
