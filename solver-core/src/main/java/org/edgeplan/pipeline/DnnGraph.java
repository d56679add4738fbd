package org.edgeplan.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.edgeplan.core.InvalidInputException;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * A DNN as a DAG of layers (chains, ResNet or Inception blocks alike), validated once: layer names unique,
 * inputs that exist, no cycle, exactly one sink (the output layer), and no dangling layer. Layers are kept in
 * a topological order, so index {@code v} only depends on indices {@code < v}.
 */
public final class DnnGraph {
    private final String name;
    private final double inputBytes;
    private final double resultBytes;
    private final List<DnnLayer> layers;     // topological order
    private final int[][] predecessors;
    private final int[][] successors;
    /** Bit u of ancestors[v] is set when layer u is a transitive predecessor of layer v. */
    private final long[][] ancestors;
    private final Map<String, Integer> indexByName;

    /**
     * @param name        model name
     * @param inputBytes  d_in, born on the endpoint's device
     * @param resultBytes bytes of the result returned from the sink to the device
     * @param layers      the layers in any order
     */
    public DnnGraph(String name, double inputBytes, double resultBytes, List<DnnLayer> layers) {
        this.name = Objects.requireNonNull(name, "name");
        String who = "model '" + name + "'";
        if (!(inputBytes >= 0) || Double.isInfinite(inputBytes)) {
            throw new InvalidInputException(who + ": inputBytes must be >= 0, got " + inputBytes);
        }
        if (!(resultBytes >= 0) || Double.isInfinite(resultBytes)) {
            throw new InvalidInputException(who + ": resultBytes must be >= 0, got " + resultBytes);
        }
        if (layers.isEmpty()) {
            throw new InvalidInputException(who + ": has no layers");
        }
        this.inputBytes = inputBytes;
        this.resultBytes = resultBytes;
        Map<String, DnnLayer> byName = new HashMap<>();
        Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        for (DnnLayer layer : layers) {
            if (byName.put(layer.name(), layer) != null) {
                throw new InvalidInputException(who + ": layer name '" + layer.name() + "' is used twice");
            }
            graph.addVertex(layer.name());
        }
        for (DnnLayer layer : layers) {
            for (String input : layer.inputs()) {
                if (!byName.containsKey(input)) {
                    throw new InvalidInputException(who + ": layer '" + layer.name() + "' reads input '" + input
                            + "', which is not a layer of the model");
                }
                if (input.equals(layer.name())) {
                    throw new InvalidInputException(who + ": layer '" + input + "' reads its own output (cycle)");
                }
                if (graph.containsEdge(input, layer.name())) {
                    throw new InvalidInputException(who + ": layer '" + layer.name() + "' lists input '" + input
                            + "' twice");
                }
                graph.addEdge(input, layer.name());
            }
        }
        CycleDetector<String, DefaultEdge> cycles = new CycleDetector<>(graph);
        if (cycles.detectCycles()) {
            Set<String> inCycle = new java.util.TreeSet<>(cycles.findCycles());
            throw new InvalidInputException(who + ": layers form a cycle through " + inCycle);
        }
        List<String> sinks = graph.vertexSet().stream().filter(v -> graph.outDegreeOf(v) == 0).sorted().toList();
        if (sinks.size() != 1) {
            throw new InvalidInputException(who + ": needs exactly one output layer (a layer nobody reads), found "
                    + sinks.size() + ": " + sinks + "; dangling layers must feed the output");
        }
        List<DnnLayer> ordered = new ArrayList<>(layers.size());
        // Ties in the topological order are broken by the order of the input list, for stable indices.
        Map<String, Integer> given = new HashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            given.put(layers.get(i).name(), i);
        }
        TopologicalOrderIterator<String, DefaultEdge> topo =
                new TopologicalOrderIterator<>(graph, java.util.Comparator.comparingInt(given::get));
        topo.forEachRemaining(v -> ordered.add(byName.get(v)));
        this.layers = List.copyOf(ordered);
        this.indexByName = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            indexByName.put(ordered.get(i).name(), i);
        }
        int size = ordered.size();
        this.predecessors = new int[size][];
        List<List<Integer>> succ = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            succ.add(new ArrayList<>());
        }
        for (int v = 0; v < size; v++) {
            List<String> inputs = ordered.get(v).inputs();
            predecessors[v] = new int[inputs.size()];
            for (int p = 0; p < inputs.size(); p++) {
                int u = indexByName.get(inputs.get(p));
                predecessors[v][p] = u;
                succ.get(u).add(v);
            }
        }
        this.successors = new int[size][];
        for (int u = 0; u < size; u++) {
            successors[u] = succ.get(u).stream().mapToInt(Integer::intValue).toArray();
        }
        this.ancestors = new long[size][];
        for (int v = 0; v < size; v++) {
            long[] bits = new long[(size + 63) / 64];
            for (int u : predecessors[v]) {
                bits[u >>> 6] |= 1L << (u & 63);
                long[] inherited = ancestors[u]; // u precedes v in topological order
                for (int w = 0; w < bits.length; w++) {
                    bits[w] |= inherited[w];
                }
            }
            ancestors[v] = bits;
        }
    }

    /** A chain: each layer reads the previous one, the first reads the input. */
    public static DnnGraph chain(String name, double inputBytes, double resultBytes, List<String> names,
                                 double[] flops, double[] outputBytes, double[] weightBytes) {
        List<DnnLayer> layers = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            layers.add(new DnnLayer(names.get(i), flops[i], outputBytes[i], weightBytes == null ? 0 : weightBytes[i],
                    i == 0 ? List.of() : List.of(names.get(i - 1))));
        }
        return new DnnGraph(name, inputBytes, resultBytes, layers);
    }

    public String name() {
        return name;
    }

    public double inputBytes() {
        return inputBytes;
    }

    public double resultBytes() {
        return resultBytes;
    }

    /** Layers in topological order. */
    public List<DnnLayer> layers() {
        return layers;
    }

    public int layerCount() {
        return layers.size();
    }

    public DnnLayer layer(int v) {
        return layers.get(v);
    }

    /** Topological index of a layer, or -1. */
    public int indexOf(String layerName) {
        return indexByName.getOrDefault(layerName, -1);
    }

    /** Indices of v's predecessors (a copy). */
    public int[] predecessors(int v) {
        return predecessors[v].clone();
    }

    /** Indices of v's successors (a copy). */
    public int[] successors(int v) {
        return successors[v].clone();
    }

    public int predecessorCount(int v) {
        return predecessors[v].length;
    }

    public int predecessor(int v, int p) {
        return predecessors[v][p];
    }

    public int successorCount(int v) {
        return successors[v].length;
    }

    public int successor(int v, int s) {
        return successors[v][s];
    }

    /** Whether layer {@code u} is a transitive predecessor of layer {@code v} (so it must finish before v starts). */
    public boolean isAncestor(int u, int v) {
        return (ancestors[v][u >>> 6] & (1L << (u & 63))) != 0;
    }

    /** Whether v reads the model input. */
    public boolean isSource(int v) {
        return predecessors[v].length == 0;
    }

    /** The index of the output layer (always the last in topological order). */
    public int sink() {
        return layers.size() - 1;
    }

    public double totalFlops() {
        return layers.stream().mapToDouble(DnnLayer::flops).sum();
    }
}
