package org.edgeplan.formulations.pipeline;

import java.util.List;

import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Link;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.PipelineInstance;

/**
 * The same instance with every time multiplied by {@code k}: speeds and bandwidths divided by {@code k}, latencies
 * and release times multiplied by it. Plans (node queues) are time-free, so a plan of the scaled instance is a plan
 * of the original with every objective divided by {@code k}. The MILP solves in these units so that its absolute
 * feasibility tolerances (1e-6) are small against the horizon: in seconds, on instances of a few milliseconds, they
 * let a big-M row be violated by a relative 1e-4 and the reported optimum fall below the true one.
 */
public final class TimeScaledInstance {
    private TimeScaledInstance() {
    }

    /**
     * The power of ten {@code k >= 1} that puts {@code horizonSeconds} between 100 and 1000 units (1 for horizons
     * of 100 or more, so integral instances such as STG stay integral).
     */
    public static double factorFor(double horizonSeconds) {
        if (!(horizonSeconds > 0) || !Double.isFinite(horizonSeconds) || horizonSeconds >= 100) {
            return 1.0;
        }
        int power = 3 - (int) Math.ceil(Math.log10(horizonSeconds));
        return Math.pow(10, Math.max(0, power));
    }

    public static PipelineInstance of(PipelineInstance p, double k) {
        if (k == 1.0) {
            return p;
        }
        List<Node> nodes = p.nodes().stream().map(n -> new Node(n.name(), n.kind(), n.speedFlopsPerSecond() / k,
                n.memoryBytes(), n.queueLimit())).toList();
        List<Link> links = p.links().stream().map(l -> new Link(l.from(), l.to(), l.bandwidthBitsPerSecond() / k,
                l.latencySeconds() * k)).toList();
        List<Endpoint> endpoints = p.endpoints().stream().map(e -> new Endpoint(e.name(), e.device(), e.model(),
                e.releaseTimesSeconds().stream().map(t -> t * k).toList(), e.allowedNodes())).toList();
        return new PipelineInstance(p.name(), p.description(), nodes, links,
                p.defaultLink().map(l -> new PipelineInstance.LinkSpec(l.bandwidthBitsPerSecond() / k,
                        l.latencySeconds() * k)), p.models(), endpoints, p.mode(), p.objective(), p.linkExclusive());
    }
}
