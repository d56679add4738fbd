package org.edgeplan.pipeline.instances;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.core.MemoryBudget;
import org.edgeplan.io.JsonOut;
import org.edgeplan.pipeline.DnnGraph;
import org.edgeplan.pipeline.DnnLayer;
import org.edgeplan.pipeline.Endpoint;
import org.edgeplan.pipeline.Node;
import org.edgeplan.pipeline.NodeKind;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.PipelineInstance.LinkSpec;
import org.edgeplan.pipeline.PipelineObjective;
import org.edgeplan.pipeline.PlacementMode;

/**
 * Imports a Standard Task Graph (Tobita and Kasahara 2002; {@code instances/stg/README.md}) as the special
 * case of problem B that is {@code P|prec|Cmax}: one endpoint with one request released at 0, {@code processors}
 * identical nodes of speed 1 FLOP/s ({@code p0} is the endpoint's device, {@code p1..} are edge nodes, every
 * node allowed), task time = layer FLOPs (so seconds = time units), all bytes 0 and a zero-latency default link
 * (every transfer takes 0), objective makespan. The dummy entry and exit tasks (time 0) are kept as layers
 * {@code t0} and {@code t<n+1>}, so the DAG has one source and one sink; task j is layer {@code t<j>}.
 */
public final class StgImporter {
    private static final Pattern CP = Pattern.compile("#\\s*CP Length\\s*:\\s*(\\d+)");
    /** Bandwidth of the default link; irrelevant, since every byte count is 0. */
    static final double LINK_BITS_PER_SECOND = 1e9;

    /**
     * A parsed STG file.
     *
     * @param name                 e.g. {@code stg-50-rand0000}
     * @param times                processing time of tasks 0..n+1 (0 and n+1 are the dummies)
     * @param predecessors         predecessor task ids of each task
     * @param trailerCriticalPath  the "CP Length" of the {@code #} trailer, when present
     * @param exitReconstructed    whether the file lacked the dummy exit line and it was rebuilt (see {@link #parse})
     */
    public record TaskGraph(String name, long[] times, int[][] predecessors, OptionalLong trailerCriticalPath,
                            boolean exitReconstructed) {
        /** Number of tasks including the two dummies. */
        public int taskCount() {
            return times.length;
        }

        /** Sum of all processing times. */
        public long totalTime() {
            long sum = 0;
            for (long t : times) {
                sum += t;
            }
            return sum;
        }
    }

    private StgImporter() {
    }

    /** Reads an STG file as a problem-B instance on {@code processors} identical nodes. */
    public static PipelineInstance read(Path stgFile, int processors) {
        return toInstance(parse(stgFile), processors);
    }

    /** The instance of a parsed graph on {@code processors} identical nodes. */
    public static PipelineInstance toInstance(TaskGraph graph, int processors) {
        if (processors < 1) {
            throw new InvalidInputException(graph.name() + ": processors must be at least 1, got " + processors);
        }
        // Before the processors' nodes are made: the instance's node x node tables are what grows fastest.
        MemoryBudget.require(graph.name() + ": " + processors + " processors need two " + processors + " x "
                + processors + " link tables", PipelineInstance.linkTableBytes(processors, false));
        List<DnnLayer> layers = new ArrayList<>();
        for (int j = 0; j < graph.taskCount(); j++) {
            List<String> inputs = new ArrayList<>();
            for (int p : graph.predecessors()[j]) {
                inputs.add("t" + p);
            }
            layers.add(new DnnLayer("t" + j, graph.times()[j], 0, 0, inputs));
        }
        DnnGraph dag = new DnnGraph(graph.name(), 0, 0, layers);
        List<Node> nodes = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int p = 0; p < processors; p++) {
            nodes.add(Node.of("p" + p, p == 0 ? NodeKind.DEVICE : NodeKind.EDGE, 1.0));
            all.add("p" + p);
        }
        Endpoint endpoint = new Endpoint("stg", "p0", graph.name(), List.of(0.0), all);
        String name = graph.name() + "-p" + processors;
        return new PipelineInstance(name, "Standard Task Graph " + graph.name() + " on " + processors
                + " identical processors (P|prec|Cmax): task time = FLOPs at 1 FLOP/s, no communication.",
                nodes, List.of(), Optional.of(new LinkSpec(LINK_BITS_PER_SECOND, 0.0)), Map.of(graph.name(), dag),
                List.of(endpoint), PlacementMode.DYNAMIC, PipelineObjective.MAKESPAN, false);
    }

    /**
     * Parses an STG file; the name is {@code stg-<parent dir>-<file stem>}.
     *
     * <p>Some files of the shipped excerpt (50/rand0001..0006) end after task n: the line of the dummy exit task
     * n+1 is missing (blank lines stand in its place). When exactly that line is missing, it is rebuilt as the
     * format defines it: time 0, preceded by every task that has no successor. This changes neither the critical
     * path nor any schedule's makespan; {@link TaskGraph#exitReconstructed()} reports it.
     */
    public static TaskGraph parse(Path stgFile) {
        String source = String.valueOf(stgFile.getFileName());
        String stem = source.endsWith(".stg") ? source.substring(0, source.length() - 4) : source;
        Path parent = stgFile.toAbsolutePath().getParent();
        String name = "stg-" + (parent == null ? "" : parent.getFileName() + "-") + stem;
        List<String> lines = JsonOut.readFile(stgFile).lines().toList();
        OptionalLong cp = OptionalLong.empty();
        List<long[]> rows = new ArrayList<>();
        int first = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("#")) {
                Matcher m = CP.matcher(line);
                if (m.find()) {
                    cp = OptionalLong.of(Long.parseLong(m.group(1)));
                }
                continue;
            }
            if (line.isEmpty()) {
                continue;
            }
            long[] numbers;
            try {
                numbers = java.util.Arrays.stream(line.split("\\s+")).mapToLong(Long::parseLong).toArray();
            } catch (NumberFormatException e) {
                throw new InvalidInputException(source + ": line " + (i + 1) + ": expected integers, got \"" + line + "\"");
            }
            if (first < 0) {
                first = i;
                if (numbers.length != 1 || numbers[0] < 0) {
                    throw new InvalidInputException(source + ": line " + (i + 1) + ": expected the task count, got \""
                            + line + "\"");
                }
                rows.add(numbers);
                continue;
            }
            rows.add(numbers);
            if (numbers.length < 3 || numbers.length != 3 + numbers[2]) {
                throw new InvalidInputException(source + ": line " + (i + 1)
                        + ": expected 'id time npred pred...', got \"" + line + "\"");
            }
        }
        if (rows.isEmpty()) {
            throw new InvalidInputException(source + ": empty STG file");
        }
        int n = (int) rows.get(0)[0];
        int tasks = n + 2;
        boolean rebuild = rows.size() - 1 == tasks - 1 && rows.get(rows.size() - 1)[0] == n;
        if (rows.size() - 1 != tasks && !rebuild) {
            throw new InvalidInputException(source + ": header says " + n + " tasks (+2 dummies), found "
                    + (rows.size() - 1) + " task lines");
        }
        long[] times = new long[tasks];
        int[][] preds = new int[tasks][];
        for (int j = 0; j < (rebuild ? tasks - 1 : tasks); j++) {
            long[] r = rows.get(j + 1);
            if (r[0] != j) {
                throw new InvalidInputException(source + ": task line " + (j + 1) + " has id " + r[0] + ", expected " + j);
            }
            if (r[1] < 0) {
                throw new InvalidInputException(source + ": task " + j + ": time must be >= 0, got " + r[1]);
            }
            times[j] = r[1];
            preds[j] = new int[(int) r[2]];
            for (int k = 0; k < r[2]; k++) {
                long p = r[3 + k];
                if (p < 0 || p >= tasks) {
                    throw new InvalidInputException(source + ": task " + j + ": predecessor " + p + " is not a task");
                }
                preds[j][k] = (int) p;
            }
        }
        if (rebuild) {
            boolean[] hasSuccessor = new boolean[tasks];
            for (int j = 0; j < tasks - 1; j++) {
                for (int p : preds[j]) {
                    hasSuccessor[p] = true;
                }
            }
            times[tasks - 1] = 0;
            preds[tasks - 1] = java.util.stream.IntStream.range(0, tasks - 1).filter(j -> !hasSuccessor[j]).toArray();
        }
        return new TaskGraph(name, times, preds, cp, rebuild);
    }
}
