package io.fscache.nfs;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.Ports;
import io.fscache.netfs.contract.Shell;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real nfs-ganesha (FSAL VFS) started with {@code tools/peers/ganesha.sh} on a free port (MOUNT
 * on the next one) and its own state directory, exporting {@code target/ganesha-<name>/export}: the
 * NFS {@link Peer} of the contract suites, and, as a test class's {@code @RegisterExtension static}
 * field, a server started empty before the class's first test and stopped after its last. It needs
 * rpcbind, which the script starts when none runs. A machine without ganesha fails the test: it
 * never silently skips.
 */
final class GaneshaServer implements Peer, BeforeAllCallback, AfterAllCallback {

    final Path export;
    private final Path state;
    private final Map<String, String> defaults;
    /** The path a client mounts: the export's own for NFSv3's MOUNT, null for it; the pseudo path for NFSv4. */
    private final String pseudo;
    private int port;
    private boolean running;
    private Instant started = Instant.EPOCH;

    private GaneshaServer(Path export, Path state, Map<String, String> defaults, String pseudo) {
        this.export = export;
        this.state = state;
        this.defaults = defaults;
        this.pseudo = pseudo;
    }

    /** A ganesha exporting {@code target/ganesha-<name>/export}, mounted with vers=3. */
    static GaneshaServer on(String name) {
        Path base = Path.of("target", "ganesha-" + name).toAbsolutePath();
        return new GaneshaServer(base.resolve("export"), base.resolve("state"), Map.of("vers", "3"), null);
    }

    /** A ganesha exporting {@code target/ganesha-<name>/export}, mounted with vers=4.1 at its pseudo path {@code /export}. */
    static GaneshaServer v41(String name) {
        Path base = Path.of("target", "ganesha-" + name).toAbsolutePath();
        return new GaneshaServer(base.resolve("export"), base.resolve("state"), Map.of("vers", "4.1"), "/export");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (Files.exists(export)) {
            Shell.empty(export);
        }
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
    }

    /** Starts ganesha unless it runs; the first start tries fresh free ports until one binds, later ones reuse it. */
    @Override
    public void start() throws IOException {
        if (running) {
            return;
        }
        if (!Files.isExecutable(Path.of("/usr/bin/ganesha.nfsd"))) {
            fail("nfs-ganesha (the NFS server these tests talk to) is not installed: run 'bash tools/peers/ganesha.sh "
                    + "start <dir>' once as root, or 'apt-get install nfs-ganesha nfs-ganesha-vfs rpcbind'");
        }
        Files.createDirectories(export);
        String dir = export.toRealPath().toString();
        if (port == 0) {
            run("stop"); // a ganesha a killed test run left behind on this state directory
            port = Ports.startOnAFreePort(candidate -> {
                if (candidate >= 0xFFFF) {
                    throw new IOException("port " + candidate + " leaves no room for MOUNT on the next one");
                }
                try {
                    run("start", dir, Integer.toString(candidate));
                } catch (IOException e) {
                    run("stop");
                    throw e;
                }
            });
        } else {
            run("start", dir, Integer.toString(port));
        }
        running = true;
        started = Instant.now();
    }

    /**
     * Stops and starts ganesha so that it counts as a new boot: ganesha's write verifier is its boot
     * time in seconds, so a start within the second of the last one would keep the verifier.
     */
    void restart() throws IOException {
        stop();
        long last = started.getEpochSecond();
        await("a second after ganesha's last start").atMost(Duration.ofSeconds(5))
                .until(() -> Instant.now().getEpochSecond() > last);
        start();
    }

    @Override
    public void stop() throws IOException {
        running = false;
        run("stop");
    }

    @Override
    public Path export() {
        return export;
    }

    int port() {
        return port;
    }

    /**
     * The mount URI: {@code nfs://127.0.0.1:<port>/<export's canonical path>} for NFSv3 (the MOUNT
     * path is the export's), {@code nfs://127.0.0.1:<port>/export} for NFSv4 (ganesha's pseudo path).
     */
    @Override
    public URI uri() {
        if (pseudo != null) {
            return NetfsUri.parse("nfs://127.0.0.1:" + port + pseudo);
        }
        try {
            return NetfsUri.parse("nfs://127.0.0.1:" + port + export.toRealPath());
        } catch (IOException e) {
            throw new IllegalStateException("the export " + export + " is gone", e);
        }
    }

    /**
     * The mount options, with {@code more} as name, value pairs. NFSv3's name this server's MOUNT
     * port (its port + 1): rpcbind answers for every NFS server of the host, and a developer's own
     * (or a second ganesha) would answer for this one. {@link #rpcbindOptions} leave it out.
     */
    @Override
    public Map<String, String> options(String... more) {
        Map<String, String> options = rpcbindOptions(more);
        if (pseudo == null) {
            options.putIfAbsent("mountport", Integer.toString(port + 1));
        }
        return options;
    }

    /** The mount options without a MOUNT port: NFSv3 asks rpcbind for it. */
    Map<String, String> rpcbindOptions(String... more) {
        Map<String, String> options = new LinkedHashMap<>(defaults);
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    @Override
    public NetworkFilesystem newClient() {
        return new NfsFilesystem(2);
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return ((NfsFilesystem) client).stats().readBytes();
    }

    @Override
    public Names names() {
        return Names.BYTES;
    }

    /** Writes random bytes straight into the export, last modified an hour ago ({@link TestFiles#age}). */
    byte[] file(String name, int size, long seed) throws IOException {
        byte[] bytes = TestFiles.random(size, seed);
        TestFiles.age(Files.write(export.resolve(name), bytes));
        return bytes;
    }

    /** Runs a bash script in the export directory ({@link Shell#run}); returns its output. */
    String sh(String script) throws IOException {
        return Shell.run(export, script);
    }

    /** ganesha's log. */
    String log() throws IOException {
        Path log = state.resolve("ganesha.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private void run(String... args) throws IOException {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers (the tools/peers directory) is not set; run the tests with Maven");
        }
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = Path.of(peers, "ganesha.sh").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PEERS_STATE", state.toString());
        Process process = builder.start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("ganesha.sh " + String.join(" ", args) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running ganesha.sh " + args[0], e);
        }
    }
}
