package org.edgeplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import org.edgeplan.bench.ppo.LearningCurvePlot;
import org.edgeplan.bench.ppo.PpoExperiment;
import org.edgeplan.core.Instance;
import org.edgeplan.core.InvalidInputException;
import org.edgeplan.io.AtomicFiles;
import org.edgeplan.multiexit.MultiExitInstance;
import org.edgeplan.multiexit.ppo.PolicyIo;
import org.edgeplan.multiexit.ppo.PpoVariant;
import org.edgeplan.rl.PpoConfig;
import org.edgeplan.rl.PpoTrainer;

/** {@code edgeplan train-ppo}: train a PPO policy for problem A and measure it against the proven optimum. */
@Command(name = "train-ppo", mixinStandardHelpOptions = true,
        description = {"Train a PPO policy on multi-exit instances across a bandwidth range, write it as JSON, and"
                + " report its gap to the proven optimum (exact-bb, default exit set; for --variant aco-drl exact-bb"
                + " for the ACO exit set, i.e. aco-bb) at the training bandwidths and at unseen ones.",
                "All instances must share devices, layers and exit set. Each episode samples an instance and a"
                        + " bandwidth. Same seed and episodes: the same policy, bit for bit."})
final class TrainPpoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "INSTANCE", description = "multi-exit instance JSON files (one family);"
            + " not with --variant general, which takes --family")
    List<Path> instancePaths;

    @Option(names = "--bandwidths", split = ",", paramLabel = "MBPS",
            description = "uplink bandwidths to train at, Mbit/s (default: the instances as given)")
    List<Double> bandwidths = new ArrayList<>();

    @Option(names = "--eval-bandwidths", split = ",", paramLabel = "MBPS",
            description = "further bandwidths to evaluate at, not trained on (e.g. 2,10,30,40)")
    List<Double> evalBandwidths = new ArrayList<>();

    @Option(names = "--sampling", paramLabel = "HOW", defaultValue = "discrete",
            description = "discrete: uniform over the listed bandwidths; log-uniform: any bandwidth between the least"
                    + " and the greatest listed (default ${DEFAULT-VALUE})")
    String sampling;

    @Option(names = "--variant", paramLabel = "NAME", defaultValue = "ppo",
            description = "ppo (closed-form shares), ppo-shares (learned shares), aco-drl (ACO exits, then learned"
                    + " splits and shares; the reference is then aco-bb), general (solver ppo-general: one policy for"
                    + " any number of devices of a network family, see --family) or pipeline (problem B's solver ppo:"
                    + " one placement policy for any number of endpoints, trained on INSTANCE files and/or a --family"
                    + " of the scaled generator) (default ${DEFAULT-VALUE})")
    String variant;

    @Option(names = "--episodes", paramLabel = "N",
            description = "episode budget (default 40960; 16384 for --variant general; 1024 for --variant pipeline)")
    Long episodesOption;

    long episodes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--time-limit", paramLabel = "S", defaultValue = "300",
            description = "stop training after this many seconds even if episodes remain (default ${DEFAULT-VALUE})")
    double timeLimitSeconds;

    @Option(names = "--hidden", split = ",", paramLabel = "UNITS", description = "hidden layer widths (default 64,64)")
    List<Integer> hidden;

    @Option(names = "--learning-rate", paramLabel = "R", description = "Adam step size (default 1e-3)")
    Double learningRate;

    @Option(names = "--entropy", paramLabel = "C", description = "entropy coefficient (default 0.05)")
    Double entropy;

    @Option(names = "--checkpoint-every", paramLabel = "UPDATES", defaultValue = "8",
            description = "evaluate the greedy policy every this many updates (default ${DEFAULT-VALUE})")
    int checkpointEvery;

    @Option(names = "--family", paramLabel = "NAME",
            description = "--variant general: the network family to train on (e.g. alexnet-int8-ee-embedded);"
                    + " --variant pipeline: the model of the scaled generator (vgg5, resnet18 or vgg16)")
    String family;

    @Option(names = "--devices", split = ",", paramLabel = "MIN,MAX",
            description = "--variant general: device counts in training (default 2,20)")
    List<Integer> trainDevices = new ArrayList<>(List.of(2, 20));

    @Option(names = "--bandwidth-range", split = ",", paramLabel = "MIN,MAX",
            description = "--variant general: bandwidth mixes in training lie within this range, Mbit/s (default 1,100)")
    List<Double> bandwidthRange = new ArrayList<>(List.of(1.0, 100.0));

    @Option(names = "--eval-devices", split = ",", paramLabel = "M",
            description = "--variant general: device counts of the held-out instances (default 50,200)")
    List<Integer> evalDevices = new ArrayList<>(List.of(50, 200));

    @Option(names = "--eval-family", paramLabel = "NAME",
            description = "--variant general: the family whose members are the held-out instances (default: --family;"
                    + " another family of the same network tests device classes never trained on)")
    String evalFamily;

    @Option(names = "--eval-exits", paramLabel = "WHICH", defaultValue = "default",
            description = "--variant general: exit sets of the held-out instances: default (the family's) or random"
                    + " (each split point but the last an exit with probability 1/2, drawn from the instance's seed)"
                    + " (default ${DEFAULT-VALUE})")
    String evalExits;

    @Option(names = "--eval-instances", paramLabel = "N", defaultValue = "10",
            description = "--variant general: held-out instances per device count, the family's members of seeds"
                    + " 1001.. (default ${DEFAULT-VALUE})")
    int evalInstances;

    @Option(names = "--baselines", split = ",", paramLabel = "SOLVER",
            description = "--variant general: solvers run on the held-out instances (default device-only,edge-only,"
                    + "fp-ar,spinn-ear,aco-ear,ppo,aco-drl); --variant pipeline: solvers run on the --eval instances"
                    + " (default online-greedy,preschedule-retrieval,heft,neurosurgeon,dads); 'none' for none")
    List<String> baselines;

    @Option(names = "--endpoints", split = ",", paramLabel = "MIN,MAX",
            description = "--variant pipeline with --family: endpoint counts of the training instances (default 2,8)")
    List<Integer> trainEndpoints = new ArrayList<>(List.of(2, 8));

    @Option(names = "--edges", split = ",", paramLabel = "MIN,MAX",
            description = "--variant pipeline with --family: edge-server counts of the training instances (default"
                    + " 1,4: a pool with at most two edges trains a policy that may miss on four, see"
                    + " docs/pipeline-online.md)")
    List<Integer> trainEdges = new ArrayList<>(List.of(1, 4));

    @Option(names = "--modes", split = ",", paramLabel = "MODE",
            description = "--variant pipeline with --family: placement modes of the training instances, dynamic"
                    + " and/or static (default dynamic)")
    List<String> trainModes = new ArrayList<>(List.of("dynamic"));

    @Option(names = "--objectives", split = ",", paramLabel = "OBJECTIVE",
            description = "--variant pipeline with --family: objectives of the training instances, total-latency"
                    + " and/or makespan (default total-latency)")
    List<String> trainObjectives = new ArrayList<>(List.of("total-latency"));

    @Option(names = "--cloud", paramLabel = "WHICH", defaultValue = "no",
            description = "--variant pipeline with --family: whether the training instances have the generator's"
                    + " cloud node: no, yes or both (each member with and without) (default ${DEFAULT-VALUE})")
    String trainCloud;

    @Option(names = "--requests", split = ",", paramLabel = "R",
            description = "--variant pipeline with --family: requests per endpoint of the training instances"
                    + " (default 4,8,12)")
    List<Integer> trainRequests = new ArrayList<>(List.of(4, 8, 12));

    @Option(names = "--imitation", paramLabel = "N", defaultValue = "64",
            description = "--variant pipeline: episodes of behaviour cloning of online-greedy before PPO (0: none;"
                    + " default ${DEFAULT-VALUE})")
    int imitationEpisodes;

    @Option(names = "--eval", split = ",", paramLabel = "INSTANCE",
            description = "--variant pipeline: held-out problem-B instances to measure the policy on (during training"
                    + " for the learning curve, and against the baselines and the best known values at the end)")
    List<Path> evalPaths = new ArrayList<>();

    @Option(names = "--rl-baseline-devices", paramLabel = "M", defaultValue = "50",
            description = "--variant general: run ppo, ppo-shares and aco-drl (trained per instance) only up to this M"
                    + " (default ${DEFAULT-VALUE})")
    int rlBaselineDevices;

    @Option(names = "--baseline-time-limit", paramLabel = "S", defaultValue = "60",
            description = "--variant general: time limit of each baseline run (default ${DEFAULT-VALUE})")
    double baselineSeconds;

    @Option(names = "--out", required = true, paramLabel = "POLICY", description = "policy JSON file to write")
    Path out;

    @Option(names = "--csv", paramLabel = "FILE", description = "learning curve CSV (default: POLICY with .csv)")
    Path csv;

    @Option(names = "--plot", paramLabel = "FILE", description = "learning curve PNG (default: POLICY with .png);"
            + " 'none' to skip")
    Path plot;

    @Override
    public Integer call() {
        boolean general = "general".equals(variant) || "ppo-general".equals(variant);
        boolean pipeline = "pipeline".equals(variant);
        episodes = episodesOption != null ? episodesOption : general ? 16384 : pipeline ? 1024 : 40960;
        if (general) {
            return GeneralTraining.run(this);
        }
        if (pipeline) {
            return PipelineTraining.run(this);
        }
        if (instancePaths == null || instancePaths.isEmpty()) {
            throw new InvalidInputException("train-ppo needs at least one instance file (or --variant general with"
                    + " --family)");
        }
        // The outputs are checked before hours of training, and the instances stay protected until the end.
        AtomicFiles.Inputs inputs = AtomicFiles.protect(instancePaths);
        try {
            Path csvPath = csv != null ? csv : sibling(out, ".csv");
            Path plotPath = plot != null ? plot : sibling(out, ".png");
            boolean drawPlot = !plotPath.toString().equals("none");
            List<Path> outputs = drawPlot ? List.of(out, csvPath, plotPath) : List.of(out, csvPath);
            checkOutputs(outputs, "--out, --csv and --plot");
            return train(csvPath, plotPath, drawPlot);
        } finally {
            inputs.close();
        }
    }

    private int train(Path csvPath, Path plotPath, boolean drawPlot) {
        List<MultiExitInstance> instances = new ArrayList<>();
        for (Path p : instancePaths) {
            Instance x = InstanceFiles.load(p, null);
            if (!(x instanceof MultiExitInstance m)) {
                throw new InvalidInputException(p + " is a " + x.kind().label() + " instance; PPO here is for"
                        + " multi-exit instances");
            }
            instances.add(m);
        }
        PpoConfig config = tuned(PpoConfig.defaults());
        if (!(timeLimitSeconds > 0)) {
            throw new InvalidInputException("time limit must be positive seconds, got " + timeLimitSeconds);
        }
        PpoExperiment.Spec experiment = new PpoExperiment.Spec(instances, bandwidths, evalBandwidths, sampling,
                PpoVariant.fromLabel(variant), config, seed, episodes, timeLimitSeconds, checkpointEvery);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "training %s on %s, bandwidths %s (%s), %d episodes, seed %d%n", variant,
                instances.stream().map(MultiExitInstance::name).toList(),
                bandwidths.isEmpty() ? "as given" : bandwidths + " Mbit/s", sampling, episodes, seed);
        if (experiment.variant().usesAcoExits()) {
            w.println("exit set: ACO (seed " + seed + "), " + experiment.variant().onExitSet(instances.get(0), seed)
                    .defaultExits().layers() + " on " + instances.get(0).name() + "; optimum = exact-bb for that set"
                    + " (= aco-bb)");
        }
        w.flush();
        PpoExperiment.Outcome o = PpoExperiment.run(experiment, line -> {
            w.println(line);
            w.flush();
        });
        PolicyIo.write(o.policy(), out);
        AtomicFiles.write(csvPath, PpoExperiment.curveCsv(o));
        if (drawPlot) {
            writeBytes(plotPath, LearningCurvePlot.png(o));
        }
        w.println();
        w.print(finalTable(o));
        w.println();
        w.printf(Locale.ROOT, "median gap: all %s, seen %s, unseen %s; max gap: seen %s, unseen %s%n",
                PpoExperiment.percent(o.medianGap(null)), PpoExperiment.percent(o.medianGap(true)),
                PpoExperiment.percent(o.medianGap(false)), PpoExperiment.percent(o.maxGap(true)),
                PpoExperiment.percent(o.maxGap(false)));
        PpoTrainer.Result run = o.training().run();
        w.printf(Locale.ROOT, "training: %d episodes, %d updates, wall %.1f s, CPU %.1f s (training thread; of which"
                        + " checkpoint evaluation %.1f s wall)%s%n", run.episodes(), run.updates(), run.wallSeconds(),
                run.cpuSeconds(), o.evaluationSeconds(),
                run.stoppedByDeadline() ? "; stopped by the time limit before the episode budget" : "");
        w.println("policy written to " + out);
        w.println("learning curve written to " + csvPath + (drawPlot ? " and " + plotPath : ""));
        w.flush();
        return 0;
    }

    static String finalTable(PpoExperiment.Outcome o) {
        TextTable t = new TextTable("instance", "Mbit/s", "trained", o.spec().variant().label() + " cost", "optimum",
                "proof", "gap", "splits");
        for (PpoExperiment.FinalRow f : o.finals()) {
            PpoExperiment.Point p = f.point();
            t.row(p.base(), Double.isNaN(p.mbps()) ? "-" : TextTable.num(p.mbps()), p.seen() ? "yes" : "no", f.cost(),
                    p.optimum(), p.optimumStatus().label(), PpoExperiment.percent(f.gap()),
                    Arrays.toString(f.plan().splits()));
        }
        return t.render();
    }

    /** {@code base} with the --hidden, --learning-rate and --entropy given on the command line. */
    PpoConfig tuned(PpoConfig base) {
        PpoConfig config = base;
        if (hidden != null) {
            config = config.withHiddenSizes(hidden);
        }
        if (learningRate != null) {
            config = config.withLearningRate(learningRate);
        }
        if (entropy != null) {
            config = config.withEntropyCoefficient(entropy);
        }
        return config;
    }

    /**
     * Refuses, before any training, outputs that cannot be written ({@link AtomicFiles#checkTarget}) or that name one
     * file twice ({@code options} names the options in the message).
     */
    static void checkOutputs(List<Path> outputs, String options) {
        for (Path p : outputs) {
            AtomicFiles.checkTarget(p);
        }
        if (outputs.stream().map(p -> p.toAbsolutePath().normalize()).distinct().count() < outputs.size()) {
            throw new InvalidInputException(options + " must name different files, got " + outputs);
        }
    }

    static Path sibling(Path file, String extension) {
        String name = file.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return file.resolveSibling(stem + extension);
    }

    /** Writes bytes by the rules of {@link AtomicFiles}. */
    static void writeBytes(Path target, byte[] bytes) {
        AtomicFiles.write(target, bytes);
    }
}
