package org.edgeplan.bench.batch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.edgeplan.core.Instance;
import org.edgeplan.io.InstanceIo;

/** Content hashes for run records written before records carried them. */
public final class InstanceHashes {
    private InstanceHashes() {
    }

    /**
     * The records, each one without an instance hash given the hash of the instance file it names (below
     * {@code instancesRoot}, with its processor count) as that file is now, when the file still holds an instance of
     * the record's name; otherwise it stays without a hash (and meets no best-known value). Records with a hash are
     * returned as they are.
     */
    public static List<RunRecord> fill(List<RunRecord> records, Path instancesRoot) {
        Map<String, String> cache = new HashMap<>();
        List<RunRecord> out = new ArrayList<>(records.size());
        for (RunRecord r : records) {
            if (!r.instanceHash().isEmpty()) {
                out.add(r);
                continue;
            }
            String hash = cache.computeIfAbsent(r.instanceFile() + "@" + r.processors() + "@" + r.instance(),
                    k -> hashOf(r, instancesRoot));
            out.add(hash.isEmpty() ? r : r.withInstanceHash(hash));
        }
        return out;
    }

    private static String hashOf(RunRecord r, Path instancesRoot) {
        Path file = instancesRoot.resolve(r.instanceFile());
        if (r.instanceFile().isEmpty() || !Files.isRegularFile(file)) {
            return "";
        }
        try {
            Instance x = new Suite.InstanceRef(file, r.instanceFile(), r.processors()).load();
            return x.name().equals(r.instance()) ? InstanceIo.contentHash(x) : "";
        } catch (RuntimeException e) {
            return ""; // not readable any more: no hash, no reference value
        }
    }
}
