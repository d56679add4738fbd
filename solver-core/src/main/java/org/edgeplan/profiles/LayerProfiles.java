package org.edgeplan.profiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.multiexit.MultiExitDnn;
import org.edgeplan.pipeline.DnnGraph;

/**
 * Named layer profiles of the DNNs used by the shipped instances: {@code vgg16-224} and {@code vgg5-cifar10}
 * (chains, read from the classpath resources {@code /profiles/*.csv}, see the README there) and
 * {@code resnet18-224} (a branching DAG computed by {@link ResNet18Profile}).
 *
 * <p>Problem A ({@link #multiExit}) needs exit-branch costs, which only {@code vgg16-224} has. Problem B
 * ({@link #dag}) accepts every profile. The result returned to the device in problem B is
 * {@link #RESULT_BYTES} = 4 bytes: the predicted class id as a 32-bit integer (the device needs the decision,
 * not the logits).
 */
public final class LayerProfiles {
    /** Bytes of the result sent back to the device in problem B: one int32 class id. */
    public static final double RESULT_BYTES = 4;

    /** All known profile names, sorted. */
    public static final List<String> NAMES = List.of("resnet18-224", "vgg16-224", "vgg5-cifar10");
    /** The profiles that have exit-branch costs and so can serve problem A. */
    public static final List<String> MULTI_EXIT_NAMES = List.of("vgg16-224");

    // VGG16 conv channels (in, out) of the 13 conv layers, and its three FC layers.
    private static final int[][] VGG16_CONV = {{3, 64}, {64, 64}, {64, 128}, {128, 128}, {128, 256}, {256, 256},
        {256, 256}, {256, 512}, {512, 512}, {512, 512}, {512, 512}, {512, 512}, {512, 512}};
    private static final int[][] VGG16_FC = {{25088, 4096}, {4096, 4096}, {4096, 1000}};

    private static final Map<String, Chain> CHAINS = new ConcurrentHashMap<>();

    private LayerProfiles() {
    }

    /** The known profile names, sorted. */
    public static List<String> names() {
        return NAMES;
    }

    /** Whether {@code name} is a known profile. */
    public static boolean isKnown(String name) {
        return NAMES.contains(name);
    }

    /** The multi-exit chain of a profile for problem A (N logical layers; the input bytes come from row 0). */
    public static MultiExitDnn multiExit(String profileName) {
        requireKnown(profileName);
        if (!MULTI_EXIT_NAMES.contains(profileName)) {
            throw new InvalidInputException("profile '" + profileName + "' has no exit-branch costs; multi-exit profiles: "
                    + MULTI_EXIT_NAMES);
        }
        Chain c = chain(profileName);
        return new MultiExitDnn(profileName, c.inputBytes, c.names, c.flops, c.outputBytes, c.exitBranchFlops);
    }

    /** The DAG of a profile for problem B, with {@link #RESULT_BYTES} result bytes. */
    public static DnnGraph dag(String profileName) {
        return dag(profileName, RESULT_BYTES);
    }

    /** The DAG of a profile for problem B with the given result bytes. */
    public static DnnGraph dag(String profileName, double resultBytes) {
        requireKnown(profileName);
        if (profileName.equals(ResNet18Profile.NAME)) {
            return ResNet18Profile.graph(resultBytes);
        }
        Chain c = chain(profileName);
        return DnnGraph.chain(profileName, c.inputBytes, resultBytes, c.names, c.flops, c.outputBytes, c.weightBytes);
    }

    private static void requireKnown(String profileName) {
        if (!NAMES.contains(profileName)) {
            throw new InvalidInputException("unknown profile '" + profileName + "', known profiles: " + NAMES);
        }
    }

    private record Chain(double inputBytes, List<String> names, double[] flops, double[] outputBytes,
                         double[] exitBranchFlops, double[] weightBytes) {
    }

    private static Chain chain(String name) {
        return CHAINS.computeIfAbsent(name, LayerProfiles::load);
    }

    private static Chain load(String name) {
        String resource = "/profiles/" + name + ".csv";
        List<Map<String, String>> rows = readCsv(resource);
        return switch (name) {
            case "vgg16-224" -> vgg16(resource, rows);
            case "vgg5-cifar10" -> vgg5(resource, rows);
            default -> throw new IllegalStateException("no chain profile " + name);
        };
    }

    /** Format 1: {@code layer,name,flops,output_bytes,exit_branch_flops}; row 0 is the input. */
    private static Chain vgg16(String resource, List<Map<String, String>> rows) {
        int n = rows.size() - 1;
        if (n != VGG16_CONV.length) {
            throw new IllegalStateException(resource + ": expected 14 rows, got " + rows.size());
        }
        double inputBytes = number(resource, rows.get(0), "output_bytes");
        List<String> names = new ArrayList<>();
        double[] flops = new double[n];
        double[] out = new double[n];
        double[] exit = new double[n];
        double[] weights = new double[n];
        for (int j = 1; j <= n; j++) {
            Map<String, String> r = rows.get(j);
            names.add(r.get("name"));
            flops[j - 1] = number(resource, r, "flops");
            out[j - 1] = number(resource, r, "output_bytes");
            exit[j - 1] = number(resource, r, "exit_branch_flops");
            long params = 9L * VGG16_CONV[j - 1][0] * VGG16_CONV[j - 1][1] + VGG16_CONV[j - 1][1];
            if (j == n) {
                for (int[] fc : VGG16_FC) {
                    params += (long) fc[0] * fc[1] + fc[1];
                }
            }
            weights[j - 1] = 4.0 * params;
        }
        return new Chain(inputBytes, names, flops, out, exit, weights);
    }

    /** Format 2: VGG5 with MACs per sample and architecture columns; FLOPs = 2 × MACs, weights computed. */
    private static Chain vgg5(String resource, List<Map<String, String>> rows) {
        int n = rows.size();
        List<String> names = new ArrayList<>();
        double[] flops = new double[n];
        double[] out = new double[n];
        double[] weights = new double[n];
        Map<String, Integer> counters = new HashMap<>();
        for (int j = 0; j < n; j++) {
            Map<String, String> r = rows.get(j);
            String type = r.get("type");
            double in = number(resource, r, "in_channels");
            double oc = number(resource, r, "out_channels");
            double k = number(resource, r, "kernel");
            String prefix;
            double params;
            switch (type) {
                case "C" -> {
                    prefix = "conv";
                    params = (k * k * in + 1) * oc;
                }
                case "M" -> {
                    prefix = "pool";
                    params = 0;
                }
                case "D" -> {
                    prefix = "fc";
                    params = (in + 1) * oc;
                }
                default -> throw new IllegalStateException(resource + ": unknown layer type " + type);
            }
            names.add(prefix + counters.merge(prefix, 1, Integer::sum));
            flops[j] = 2 * number(resource, r, "macs_per_sample");
            out[j] = number(resource, r, "out_bytes_fp32_per_sample_true");
            weights[j] = 4 * params;
        }
        return new Chain(3 * 32 * 32 * 4, names, flops, out, new double[n], weights);
    }

    private static double number(String resource, Map<String, String> row, String column) {
        String text = row.get(column);
        if (text == null) {
            throw new IllegalStateException(resource + ": missing column " + column);
        }
        return Double.parseDouble(text.trim());
    }

    private static List<Map<String, String>> readCsv(String resource) {
        try (InputStream in = LayerProfiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String[] header = reader.readLine().trim().split(",");
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.trim().split(",");
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < header.length && i < cells.length; i++) {
                    row.put(header[i].trim(), cells[i].trim());
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
