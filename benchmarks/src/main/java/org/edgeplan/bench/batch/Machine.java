package org.edgeplan.bench.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a record says about where and with which code it ran. */
public final class Machine {
    private Machine() {
    }

    /** os, arch, cpus, java version. */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        m.put("arch", System.getProperty("os.arch"));
        m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    /** "EdgePlan VERSION (git COMMIT[+dirty])" from the checkout at {@code home}, "unknown" parts when absent. */
    public static String codeVersion(Path home) {
        String version = Machine.class.getPackage().getImplementationVersion();
        String commit = git(home, "rev-parse", "--short=12", "HEAD");
        String dirty = git(home, "status", "--porcelain", "--untracked-files=no");
        return "edgeplan " + (version == null ? "dev" : version) + " (git " + (commit.isEmpty() ? "unknown" : commit)
                + (dirty.isEmpty() ? "" : "+dirty") + ")";
    }

    /** Peak resident set size of this process (Linux {@code VmHWM}), NaN where unknown. */
    public static double peakResidentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Double.parseDouble(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: the figure is simply unknown
        }
        return Double.NaN;
    }

    private static String git(Path home, String... args) {
        if (home == null || !Files.exists(home.resolve(".git"))) {
            return "";
        }
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = home.toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
