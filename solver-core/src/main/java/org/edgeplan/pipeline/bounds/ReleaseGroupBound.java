package org.edgeplan.pipeline.bounds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.edgeplan.core.Deadline;
import org.edgeplan.core.SolverSettings;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineObjective;

/**
 * A total-latency lower bound by decomposition into release groups: the requests released at the same instant form
 * a group, each group is bounded alone (only its requests, released at 0) and the bounds are summed. Valid because
 * removing requests never delays the others: a plan of the whole instance, restricted to one group's subtasks (the
 * other subtasks dropped from the queues, the order kept), is a plan of the group alone in which every subtask
 * starts no later (the evaluator's timing of fixed queues is a longest path over data and queue edges, and removing
 * subtasks only removes paths), and it keeps the static and memory rules (fewer subtasks, fewer layers deployed).
 * Not with queue limits (a subtask ready earlier may wait where it did not) nor exclusive links (their FIFO
 * channels are ordered by readiness, not by the plan, and may reorder): there it is not computed. So each group's latency in an optimal plan of the instance is at least that group's optimum
 * alone, which is at least any lower bound of it; latency does not change when a group's releases are shifted to 0.
 * Groups with the same endpoints and release offsets are bounded once (a periodic instance whose endpoints release
 * together has one distinct group). Proof sketch in docs/models/pipeline-bounds.md; tested against enumeration.
 *
 * <p>Where it helps: many requests released together (the contended family: every endpoint's k-th request at the
 * same instant), where the contention inside a group is most of the queueing. On {@code scaled-vgg5-e16-s4-r45}
 * the 45 groups are one group of 16 requests; on {@code scaled-vgg5-e8-s2-r18} CP-SAT proves its group's optimum, so
 * the bound is 18 times that optimum (docs/pipeline-gaps.md). With requests released one at a time every group is
 * one request, and the bound is the contention-free bound ({@link #compute} says so and skips the work).
 */
public final class ReleaseGroupBound {
    /** A lower bound of one group alone (its own instance), found by its deadline; +Infinity when it has no plan. */
    @FunctionalInterface
    public interface GroupBound {
        double seconds(PipelineInstance group, Deadline deadline);
    }

    /**
     * One distinct group: its instance (releases shifted so that they start at 0) and how many groups of the
     * instance are the same up to that shift.
     */
    public record Group(PipelineInstance instance, int multiplicity) {
    }

    /**
     * The bound: the sum over groups of the groups' bounds (NaN when not computed, with the reason), the number of
     * groups and distinct groups, and each distinct group's bound.
     */
    public record Result(double seconds, int groups, List<Group> distinct, double[] groupSeconds, String skipped) {
        /** One line: the bound, how many groups, the largest group. */
        public String describe() {
            if (skipped != null) {
                return "not computed: " + skipped;
            }
            int largest = 0;
            for (Group g : distinct) {
                largest = Math.max(largest, g.instance().requestCount());
            }
            return String.format(Locale.ROOT, "%d release groups, %d distinct, up to %d requests each", groups,
                    distinct.size(), largest);
        }
    }

    private ReleaseGroupBound() {
    }

    /** The release groups of an instance, identical ones merged (in order of first release). */
    public static List<Group> groups(PipelineInstance instance) {
        // release time -> endpoint -> its requests' releases at that time (several when releases repeat)
        TreeMap<Double, Map<Integer, List<Double>>> byRelease = new TreeMap<>();
        for (int e = 0; e < instance.endpointCount(); e++) {
            for (double release : instance.endpoint(e).releaseTimesSeconds()) {
                byRelease.computeIfAbsent(release, t -> new TreeMap<>())
                        .computeIfAbsent(e, x -> new ArrayList<>()).add(0.0);
            }
        }
        Map<String, PipelineInstance> bySignature = new LinkedHashMap<>();
        Map<String, Integer> count = new LinkedHashMap<>();
        for (Map<Integer, List<Double>> group : byRelease.values()) {
            String signature = group.entrySet().toString();
            count.merge(signature, 1, Integer::sum);
            if (!bySignature.containsKey(signature)) {
                List<Endpoint> endpoints = new ArrayList<>();
                for (Map.Entry<Integer, List<Double>> entry : group.entrySet()) {
                    Endpoint original = instance.endpoint(entry.getKey());
                    endpoints.add(new Endpoint(original.name(), original.device(), original.model(), entry.getValue(),
                            original.allowedNodes()));
                }
                bySignature.put(signature, new PipelineInstance(instance.name() + "-group" + (bySignature.size() + 1),
                        "requests of '" + instance.name() + "' released together, alone", instance.nodes(),
                        instance.links(), instance.defaultLink(), instance.models(), endpoints, instance.mode(),
                        instance.objective(), instance.linkExclusive()));
            }
        }
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, PipelineInstance> entry : bySignature.entrySet()) {
            out.add(new Group(entry.getValue(), count.get(entry.getKey())));
        }
        return out;
    }

    /**
     * The bound with {@code groupBound} for each distinct group, the time left shared evenly among the groups not yet
     * bounded. Not computed (NaN, with the reason) for makespan, queue limits or exclusive links (where the proof does
     * not hold), when every group is a single request (the bound would be the contention-free one) or when there is
     * one group (the instance itself). A group whose bound is +Infinity (no plan) makes the bound +Infinity.
     */
    public static Result compute(PipelineInstance instance, GroupBound groupBound, Deadline deadline) {
        if (instance.objective() != PipelineObjective.TOTAL_LATENCY) {
            return new Result(Double.NaN, 0, List.of(), new double[0], "makespan is not decomposed by release");
        }
        if (instance.linkExclusive()) {
            return new Result(Double.NaN, 0, List.of(), new double[0], "exclusive links: their FIFO channels are not "
                    + "monotone when requests are removed (a transfer may overtake another), so the proof does not hold");
        }
        if (instance.nodes().stream().anyMatch(n -> n.queueLimit().isPresent())) {
            return new Result(Double.NaN, 0, List.of(), new double[0], "queue limits: without the other requests a "
                    + "subtask may be ready earlier and wait where it did not, so the proof does not hold");
        }
        List<Group> distinct = groups(instance);
        int groups = distinct.stream().mapToInt(Group::multiplicity).sum();
        if (groups == 1) {
            return new Result(Double.NaN, groups, distinct, new double[0],
                    "every request is released at once: the one group is the instance itself");
        }
        if (groups == instance.requestCount()) {
            return new Result(Double.NaN, groups, distinct, new double[0],
                    "every request is released alone: the groups' bounds would add up to the contention-free bound");
        }
        double[] groupSeconds = new double[distinct.size()];
        double total = 0;
        for (int g = 0; g < distinct.size(); g++) {
            Deadline share = Deadline.after(Math.max(0, deadline.remainingSeconds() / (distinct.size() - g)));
            groupSeconds[g] = groupBound.seconds(distinct.get(g).instance(), share);
            total += distinct.get(g).multiplicity() * groupSeconds[g];
        }
        return new Result(total, groups, distinct, groupSeconds, null);
    }

    /**
     * The bound of solver-core's own: for each group the larger of its relaxation bound (which for chain models
     * includes the first-block bound, exact where every request of the group runs whole on one server) and the
     * priced-capacity bound of the {@code lagrangian} method on it (which is exact where its plan meets the bound).
     */
    public static GroupBound priced() {
        return (group, deadline) -> {
            double relaxation = PipelineLowerBound.of(group).seconds();
            if (!Double.isFinite(relaxation) || deadline.remainingSeconds() <= 0) {
                return relaxation;
            }
            double priced = new LagrangianSolver().solve(group,
                    new SolverSettings(Math.max(1e-3, deadline.remainingSeconds()), 0, 1), deadline).bound();
            return Double.isNaN(priced) ? relaxation : Math.max(relaxation, priced);
        };
    }
}
