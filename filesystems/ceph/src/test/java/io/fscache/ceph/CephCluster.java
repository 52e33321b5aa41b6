package io.fscache.ceph;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The real single-node Ceph 16 cluster the tests talk to (mon, mgr, a bluestore OSD and an MDS on
 * 127.0.0.1, cephx), made and started with {@code tools/peers/ceph.sh} once per test JVM (about 21 s
 * the first time) in {@code fscache.ceph.state} ({@code target/ceph-state}) and stopped when the JVM
 * exits, unless {@code -Dfscache.ceph.keep=true}. The whole filesystem is also mounted with
 * {@code ceph-fuse} at {@code target/cephfs}: the independent client through which tests make and
 * check files "on the server". Tests connect as {@code client.fscache}, whose caps reach only CephFS.
 */
final class CephCluster {

    static final String FS = "cephfs";
    static final String CLIENT = "fscache";

    private static CephCluster running;

    final Path state;
    final Path conf;
    final Path keyring;
    final Path fuse;
    final String monHost = "127.0.0.1:3300";

    private CephCluster(Path state, Path fuse) {
        this.state = state;
        this.conf = state.resolve("ceph.conf");
        this.keyring = state.resolve("ceph.client." + CLIENT + ".keyring");
        this.fuse = fuse;
    }

    /** The cluster, started (and CephFS mounted with ceph-fuse) on the first call. */
    static synchronized CephCluster get() throws IOException {
        if (running == null) {
            Path state = Path.of(System.getProperty("fscache.ceph.state", "target/ceph-state")).toAbsolutePath();
            CephCluster cluster = new CephCluster(state, Path.of("target", "cephfs").toAbsolutePath());
            cluster.start();
            String ceph = "ceph -c " + cluster.conf;
            String caps = "mon 'allow r' mds 'allow rw' osd 'allow rw tag cephfs data=" + FS + "'";
            cluster.run(List.of("bash", "-c", ceph + " auth get-or-create client." + CLIENT + " " + caps + " >/dev/null 2>&1; "
                    + ceph + " auth caps client." + CLIENT + " " + caps + " && " + ceph + " auth get client." + CLIENT
                    + " -o " + cluster.keyring), Map.of());
            cluster.mountFuse();
            if (!Boolean.getBoolean("fscache.ceph.keep")) {
                Runtime.getRuntime().addShutdownHook(new Thread(cluster::shutdown, "ceph-cluster-stop"));
            }
            running = cluster;
        }
        return running;
    }

    /** Starts whatever daemon is not running and waits for HEALTH_OK with an active MDS. */
    void start() throws IOException {
        if (!Files.isExecutable(Path.of("/usr/bin/ceph-mds")) || !Files.isExecutable(Path.of("/usr/bin/ceph-fuse"))) {
            fail("Ceph (the cluster these tests talk to) is not installed: run .ci/run, or 'apt-get install ceph-mon "
                    + "ceph-osd ceph-mgr ceph-mds ceph-common ceph-fuse libcephfs2 python3-cephfs'");
        }
        script("start", state.toString());
    }

    /** Stops the MDS and the OSD at once (SIGTERM): CephFS's metadata and data servers; the monitor keeps running. */
    void stopServers() throws IOException {
        stop("mds.a");
        stop("osd.0");
    }

    private void stop(String daemon) throws IOException {
        Path pidFile = state.resolve("run/" + daemon + ".pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(pid).ifPresent(mds -> {
            mds.destroy();
            try {
                mds.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                mds.destroyForcibly();
            }
        });
        Files.deleteIfExists(pidFile);
    }

    /** Runs {@code ceph.sh <args>}; fails with its output. */
    private String script(String... args) throws IOException {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers (the tools/peers directory) is not set; run the tests with Maven");
        }
        List<String> command = new ArrayList<>(List.of("bash", Path.of(peers, "ceph.sh").toString()));
        command.addAll(List.of(args));
        return run(command, Map.of());
    }

    private void mountFuse() throws IOException {
        if (Files.readString(Path.of("/proc/mounts")).contains(" " + fuse + " ")) {
            run(List.of("umount", "-l", fuse.toString()), Map.of());
        }
        script("mount", state.toString(), fuse.toString());
    }

    /** Unmounts ceph-fuse and stops the daemons ({@code ceph.sh stop} does both). */
    private void shutdown() {
        try {
            script("stop", state.toString());
        } catch (IOException | AssertionError e) {
            System.err.println("could not stop the ceph cluster in " + state + ": " + e.getMessage());
        }
    }

    private String run(List<String> command, Map<String, String> env) throws IOException {
        // Into a file, not a pipe: daemons (ceph-fuse) keep the pipe open after their parent returns.
        Path log = Files.createTempFile("ceph-test-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            boolean done = process.waitFor(240, TimeUnit.SECONDS);
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!done || process.exitValue() != 0) {
                throw new IOException(command.stream().collect(Collectors.joining(" ")) + " failed:\n" + output);
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.get(0), e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
