package org.edgeplan.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.Plan;
import org.edgeplan.multiexit.ExitSet;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.MultiExitJson;
import org.edgeplan.multiexit.MultiExitPlan;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelinePlan;

/**
 * Reads and writes plans as JSON, against the instance they belong to.
 *
 * <ul>
 *   <li>multi-exit: {@code {"problem":"multi-exit","instance":name,"exits":[...],"devices":[{"name","split","share"}]}};
 *       devices by name in any order, each exactly once; {@code exits} defaults to the instance's exit set.</li>
 *   <li>pipeline: {@code {"problem":"pipeline","instance":name,"queues":{"node":["endpoint/request/layer",...]}}};
 *       a node not listed has an empty queue.</li>
 * </ul>
 * Only structure is checked here (names, labels, types); whether a plan is feasible (split range, shares,
 * every subtask exactly once, precedence) is the evaluator's to say, so that a faulty plan can still be scored
 * and told what is wrong with it.
 */
public final class PlanIo {
    private PlanIo() {
    }

    /** Reads a plan file of {@code instance}; errors name the file. */
    public static Plan read(Path file, Instance instance) {
        return parse(JsonOut.readFile(file), instance, String.valueOf(file.getFileName()));
    }

    /** Parses a plan of {@code instance}; {@code sourceName} starts every error message. */
    public static Plan parse(String json, Instance instance, String sourceName) {
        JsonIn in = new JsonIn(sourceName);
        JsonNode root = in.object(in.parse(json), "$");
        String problem = in.choice(root, "$", "problem", null, List.of("multi-exit", "pipeline"));
        if (!problem.equals(instance.kind().label())) {
            throw in.error("$.problem", "plan is for a \"" + problem + "\" instance, but instance '" + instance.name()
                    + "' is \"" + instance.kind().label() + "\"");
        }
        String name = in.text(root, "$", "instance");
        if (!name.equals(instance.name())) {
            throw in.error("$.instance", "plan is for instance \"" + name + "\", not \"" + instance.name() + "\"");
        }
        if (instance instanceof MultiExitInstance m) {
            return readMultiExit(in, root, m);
        }
        return readPipeline(in, root, (PipelineInstance) instance);
    }

    private static MultiExitPlan readMultiExit(JsonIn in, JsonNode root, MultiExitInstance x) {
        in.allowOnly(root, "$", List.of("problem", "instance", "exits", "devices"));
        ExitSet exits = in.has(root, "exits") ? MultiExitJson.readExits(in, root, "$", x.layerCount()) : x.defaultExits();
        JsonNode devices = in.array(root, "$", "devices");
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < x.deviceCount(); i++) {
            index.put(x.devices().get(i).name(), i);
        }
        int m = x.deviceCount();
        int[] splits = new int[m];
        double[] shares = new double[m];
        String[] seenAt = new String[m];
        for (int k = 0; k < devices.size(); k++) {
            String p = JsonIn.index("$.devices", k);
            JsonNode d = in.object(devices.get(k), p);
            in.allowOnly(d, p, List.of("name", "split", "share"));
            String deviceName = in.text(d, p, "name");
            Integer i = index.get(deviceName);
            if (i == null) {
                throw in.error(p + ".name", "unknown device \"" + deviceName + "\"; devices: "
                        + x.devices().stream().map(dev -> dev.name()).toList());
            }
            if (seenAt[i] != null) {
                throw in.error(p + ".name", "device \"" + deviceName + "\" is already given at " + seenAt[i]);
            }
            seenAt[i] = p;
            splits[i] = in.integer(d, p, "split");
            shares[i] = in.number(d, p, "share");
        }
        for (int i = 0; i < m; i++) {
            if (seenAt[i] == null) {
                throw in.error("$.devices", "device \"" + x.devices().get(i).name() + "\" is missing");
            }
        }
        return new MultiExitPlan(exits, splits, shares);
    }

    private static PipelinePlan readPipeline(JsonIn in, JsonNode root, PipelineInstance x) {
        in.allowOnly(root, "$", List.of("problem", "instance", "queues"));
        JsonNode queues = in.object(in.required(root, "$", "queues"), "$.queues");
        List<int[]> out = new ArrayList<>();
        for (int n = 0; n < x.nodeCount(); n++) {
            out.add(new int[0]);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = queues.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = JsonIn.child("$.queues", e.getKey());
            int n = x.nodeIndex(e.getKey());
            if (n < 0) {
                throw in.error(p, "unknown node \"" + e.getKey() + "\"; nodes: "
                        + x.nodes().stream().map(node -> node.name()).toList());
            }
            if (!e.getValue().isArray()) {
                throw in.error(p, "expected an array, got " + JsonIn.typeOf(e.getValue()) + " " + JsonIn.show(e.getValue()));
            }
            JsonNode a = e.getValue();
            int[] q = new int[a.size()];
            for (int k = 0; k < a.size(); k++) {
                String label = in.textValue(a.get(k), JsonIn.index(p, k));
                int id = x.subtaskIdOf(label);
                if (id < 0) {
                    throw in.error(JsonIn.index(p, k), "unknown subtask \"" + label
                            + "\", expected endpoint/request/layer with an existing endpoint, request index and layer");
                }
                q[k] = id;
            }
            out.set(n, q);
        }
        return new PipelinePlan(out);
    }

    /** The JSON tree of a plan of {@code instance}. */
    public static JsonNode toJsonNode(Plan plan, Instance instance) {
        if (plan.kind() != instance.kind()) {
            throw new InvalidInputException("plan is for a " + plan.kind().label() + " instance, instance '"
                    + instance.name() + "' is " + instance.kind().label());
        }
        ObjectNode root = JsonOut.object();
        root.put("problem", instance.kind().label());
        root.put("instance", instance.name());
        if (plan instanceof MultiExitPlan p && instance instanceof MultiExitInstance x) {
            if (p.deviceCount() != x.deviceCount()) {
                throw new InvalidInputException("plan has " + p.deviceCount() + " devices, instance '" + x.name()
                        + "' has " + x.deviceCount());
            }
            ArrayNode exits = root.putArray("exits");
            p.exits().layers().forEach(exits::add);
            ArrayNode devices = root.putArray("devices");
            for (int i = 0; i < p.deviceCount(); i++) {
                ObjectNode d = devices.addObject();
                d.put("name", x.devices().get(i).name());
                d.put("split", p.split(i));
                d.set("share", JsonOut.number(p.share(i)));
            }
        } else if (plan instanceof PipelinePlan p && instance instanceof PipelineInstance x) {
            if (p.nodeCount() != x.nodeCount()) {
                throw new InvalidInputException("plan has " + p.nodeCount() + " queues, instance '" + x.name()
                        + "' has " + x.nodeCount() + " nodes");
            }
            ObjectNode queues = root.putObject("queues");
            for (int n = 0; n < x.nodeCount(); n++) {
                ArrayNode q = queues.putArray(x.node(n).name());
                for (int id : p.queue(n)) {
                    if (id < 0 || id >= x.subtaskCount()) {
                        throw new InvalidInputException("plan: queue of node '" + x.node(n).name()
                                + "' holds subtask id " + id + ", outside 0.." + (x.subtaskCount() - 1));
                    }
                    q.add(x.subtaskLabel(id));
                }
            }
        } else {
            throw new IllegalArgumentException("unsupported plan type " + plan.getClass().getName());
        }
        return root;
    }

    /** The JSON text of a plan (stable layout, final newline). */
    public static String toJson(Plan plan, Instance instance) {
        return JsonOut.pretty(toJsonNode(plan, instance));
    }

    /** Writes a plan; the file is replaced atomically, an existing file survives any failure. */
    public static void write(Plan plan, Instance instance, Path file) {
        JsonOut.writeAtomically(file, toJson(plan, instance));
    }
}
