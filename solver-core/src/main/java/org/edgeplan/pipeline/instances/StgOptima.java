package org.edgeplan.pipeline.instances;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.JsonOut;

/**
 * The published optimal makespans of the Standard Task Graph excerpt ({@code instances/stg/optima.csv}, columns
 * {@code set,file,processors,optimal_makespan}; {@code file} is relative to the CSV's directory).
 */
public final class StgOptima {
    /**
     * One row.
     *
     * @param set             the size class, e.g. {@code 50}
     * @param file            the STG file relative to the CSV's directory, e.g. {@code 50/rand0000.stg}
     * @param processors      number of identical processors
     * @param optimalMakespan the proven optimum of P|prec|Cmax
     */
    public record Entry(String set, String file, int processors, long optimalMakespan) {
    }

    private StgOptima() {
    }

    /** Reads the rows of an optima CSV. */
    public static List<Entry> read(Path csv) {
        String source = String.valueOf(csv.getFileName());
        List<String> lines = JsonOut.readFile(csv).lines().toList();
        if (lines.isEmpty() || !lines.get(0).trim().equals("set,file,processors,optimal_makespan")) {
            throw new InvalidInputException(source + ": line 1: expected header set,file,processors,optimal_makespan");
        }
        List<Entry> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != 4) {
                throw new InvalidInputException(source + ": line " + (i + 1) + ": expected 4 columns, got \"" + line + "\"");
            }
            try {
                int processors = Integer.parseInt(cells[2].trim());
                long optimum = Long.parseLong(cells[3].trim());
                if (processors < 1 || optimum < 0) {
                    throw new NumberFormatException();
                }
                out.add(new Entry(cells[0].trim(), cells[1].trim(), processors, optimum));
            } catch (NumberFormatException e) {
                throw new InvalidInputException(source + ": line " + (i + 1)
                        + ": processors and optimal_makespan must be positive integers, got \"" + line + "\"");
            }
        }
        return out;
    }

    /** The STG file of an entry, resolved against the CSV's directory. */
    public static Path resolve(Path csv, Entry entry) {
        return csv.toAbsolutePath().getParent().resolve(entry.file());
    }
}
