package org.edgeplan.bench.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.edgeplan.bench.batch.BestKnown;
import org.edgeplan.bench.batch.RunRecord;
import org.edgeplan.bench.batch.Suite;
import org.edgeplan.core.Instance;
import org.edgeplan.core.ProblemKind;
import org.edgeplan.io.InstanceIo;
import org.edgeplan.pipeline.PipelineInstance;
import org.edgeplan.pipeline.bounds.PipelineLowerBound;

/**
 * Adds the proven relaxation bound of every problem-B instance of a batch ({@link PipelineLowerBound}) to the
 * best-known values, so the report can state each instance's best lower bound even where no exact solver ran or
 * proved anything (the large instances where only the heuristics and Timefold run).
 */
public final class RelaxationBounds {
    private RelaxationBounds() {
    }

    /**
     * The best-known map with each pipeline instance's bound raised to its relaxation bound where that is higher
     * (an entry without a known plan is created, objective NaN). Instance files that cannot be read are skipped:
     * the report does not need them.
     *
     * @param records       the batch's runs
     * @param bestKnown     best-known values by instance content hash
     * @param instancesRoot the folder the records' instance files are relative to
     */
    public static Map<String, BestKnown> merge(List<RunRecord> records, Map<String, BestKnown> bestKnown,
                                               Path instancesRoot) {
        Map<String, BestKnown> out = new TreeMap<>(bestKnown);
        Set<String> done = new HashSet<>();
        for (RunRecord r : records) {
            if (!ProblemKind.PIPELINE.label().equals(r.problem())
                    || !done.add(r.instanceFile() + "@" + r.processors() + "@" + r.instanceHash())) {
                continue;
            }
            Path file = instancesRoot.resolve(r.instanceFile());
            if (!Files.isRegularFile(file)) {
                continue;
            }
            Instance instance;
            try {
                instance = new Suite.InstanceRef(file, r.instanceFile(), r.processors()).load();
            } catch (RuntimeException e) {
                continue;
            }
            if (!(instance instanceof PipelineInstance p)) {
                continue;
            }
            String hash = InstanceIo.contentHash(p);
            if (!r.instanceHash().isEmpty() && !r.instanceHash().equals(hash)) {
                continue; // the file has changed since the run: its bound is another instance's
            }
            PipelineLowerBound lb;
            try {
                lb = PipelineLowerBound.of(p);
            } catch (org.edgeplan.core.InvalidInputException tooLarge) {
                continue; // its tables do not fit in this heap: the report goes without this bound
            }
            if (!Double.isFinite(lb.seconds())) {
                continue;
            }
            String name = p.name();
            BestKnown old = out.get(hash);
            if (old == null) {
                out.put(hash, new BestKnown(name, hash, Double.NaN, false, lb.seconds(), "", "relaxation: "
                        + lb.relaxation()));
            } else if (Double.isNaN(old.bound()) || lb.seconds() > old.bound()) {
                out.put(hash, new BestKnown(old.instance(), hash, old.objective(), old.proven(), lb.seconds(),
                        old.solver(), old.source() + (old.source().isEmpty() ? "" : "; ") + "bound: relaxation "
                        + lb.relaxation()));
            }
        }
        return out;
    }
}
