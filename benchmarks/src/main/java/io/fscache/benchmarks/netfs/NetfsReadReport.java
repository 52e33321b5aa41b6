package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every benchmark of the read and write paths (issue 15's goals), in one run, printed as one table:
 * each figure against its anchor measured in the same run, with its bar and PASS or FAIL, and the
 * machine's state before and after. The servers (diod, Samba) run on free ports in the run's own
 * temporary directory, which is deleted at the end, also on Ctrl-C or a failure.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.fscache.benchmarks.netfs.NetfsReadReport [--smoke]
 * [--only warm,cold,...] [--protocol 9p|smb|nfs3|nfs41|nfs|ceph|afs|all] [--size MiB] [--peers tools/peers]}. {@code --smoke}
 * runs each benchmark for a few seconds at a small size and checks only that it works (its figures
 * mean nothing). Exit status 0 when every benchmark ran (whatever its verdicts), 1 if one failed to
 * run, 2 on bad arguments. Needs root and the servers' packages (the peer scripts).
 */
public final class NetfsReadReport {

    /** One benchmark: its figures for a run. */
    @FunctionalInterface
    interface Benchmark {
        List<Figure> run(BenchRun run) throws Exception;
    }

    static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("warm", WarmReads::run);
        BENCHMARKS.put("cold", ColdReads::run);
        BENCHMARKS.put("write", Writes::run);
        BENCHMARKS.put("parallel", ParallelReads::run);
        BENCHMARKS.put("list", Listing::run);
        BENCHMARKS.put("cachefiles", run -> {
            List<Figure> figures = new ArrayList<>(CachefilesReads.run(run));
            figures.addAll(CachefilesObjects.run(run));
            return figures;
        });
        BENCHMARKS.put("throttled", ThrottledEngine::run);
        BENCHMARKS.put("racy", RacyRule::run);
        BENCHMARKS.put("jmh", JmhBenchmarks::run);
    }

    private NetfsReadReport() {
    }

    public static void main(String[] args) {
        // The core's and the mounts' INFO lines (caches added, mounts made) would bury the progress.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        ReportArguments arguments;
        try {
            arguments = ReportArguments.parse(args, BENCHMARKS.keySet());
        } catch (IllegalArgumentException e) {
            System.err.println("NetfsReadReport: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(arguments) ? 0 : 1);
    }

    private static boolean run(ReportArguments arguments) {
        List<Figure> figures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        MachineState before = MachineState.sample();
        try (Scratch scratch = new Scratch()) {
            Path export = scratch.directory("export");
            List<Target> targets = new ArrayList<>();
            for (Target target : arguments.targets()) {
                start(target, export, scratch.directory("state").resolve(target.toolName()));
                targets.add(scratch.onClose(target));
            }
            BenchRun run = new BenchRun(scratch, export, targets, arguments.smoke(), arguments.size());
            for (String name : arguments.benchmarks()) {
                BenchRun.log("benchmark " + name);
                try {
                    for (Figure figure : BENCHMARKS.get(name).run(run)) {
                        figures.add(figure);
                        BenchRun.log(figure.row());
                    }
                } catch (Exception | AssertionError e) {
                    failures.add(name + ": " + e);
                    BenchRun.log("benchmark " + name + " failed: " + e);
                    e.printStackTrace();
                }
            }
        } catch (IOException | RuntimeException e) {
            failures.add("setting up: " + e);
            e.printStackTrace();
        }
        MachineState after = MachineState.sample();
        print(arguments, figures, failures, before, after);
        return failures.isEmpty();
    }

    /**
     * Starts a server on a free port, up to three times: the port the peer script found free may be
     * taken by another process (other runs and tests share the machine) before the server binds it.
     */
    private static void start(Target target, Path export, Path state) throws IOException {
        for (int attempt = 1; ; attempt++) {
            BenchRun.log("starting " + target.protocol() + " on a free port");
            try {
                target.start(export, state);
                return;
            } catch (RuntimeException e) {
                target.close();
                throw e;
            } catch (IOException e) {
                if (attempt == 3) {
                    throw e;
                }
                BenchRun.log(target.protocol() + " did not start, trying another port: " + e.getMessage().lines().findFirst().orElse(""));
                target.close();
            }
        }
    }

    private static void print(ReportArguments arguments, List<Figure> figures, List<String> failures, MachineState before,
            MachineState after) {
        System.out.println();
        System.out.println((arguments.smoke() ? "Smoke run (checks that each benchmark works; the figures mean nothing)"
                : arguments.protocols().contains("afs") ? "Benchmarks of issues 15 and 18 (AFS)" : "Benchmarks of issue 15")
                + ", large files " + (arguments.size() >> 20) + " MiB");
        System.out.println("Machine before: " + before.describe());
        System.out.println("Machine after:  " + after.describe());
        System.out.println("During the run: " + after.busySince(before));
        System.out.println();
        System.out.println(Figure.HEADER);
        System.out.println(Figure.RULE);
        figures.forEach(figure -> System.out.println(figure.row()));
        System.out.println();
        long passed = figures.stream().filter(Figure::pass).count();
        System.out.println(passed + " of " + figures.size() + " figures meet their bars"
                + (failures.isEmpty() ? "; every benchmark ran" : "; benchmarks that failed to run: " + failures));
    }

    /** Whether the peer scripts are where the arguments say. */
    static Path peers(String directory) {
        Path peers = Path.of(directory).toAbsolutePath();
        if (!Files.isRegularFile(peers.resolve("diod.sh"))) {
            throw new IllegalArgumentException("no peer scripts in " + peers + " (give their directory with --peers)");
        }
        return peers;
    }
}
