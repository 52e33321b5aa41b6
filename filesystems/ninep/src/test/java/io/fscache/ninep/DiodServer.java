package io.fscache.ninep;

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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real diod started with {@code tools/peers/diod.sh} on a free port and its own state directory
 * (so a test can stop and restart it), exporting {@code target/diod-<name>/export}: the 9P
 * {@link Peer} of the contract suites, and, as a test class's {@code @RegisterExtension static}
 * field, a server started empty before the class's first test and stopped after its last. A machine
 * without diod fails the test: it never silently skips.
 */
final class DiodServer implements Peer, BeforeAllCallback, AfterAllCallback {

    final Path export;
    private final Path state;
    private int port;
    private boolean running;

    private DiodServer(Path export, Path state) {
        this.export = export;
        this.state = state;
    }

    /** A diod exporting {@code target/diod-<name>/export}, on a port picked when it first starts. */
    static DiodServer on(String name) {
        Path base = Path.of("target", "diod-" + name).toAbsolutePath();
        return new DiodServer(base.resolve("export"), base.resolve("state"));
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

    /**
     * Starts diod unless it runs; the first start tries fresh free ports until one binds, later ones
     * reuse it.
     */
    @Override
    public void start() throws IOException {
        if (running) {
            return;
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/diod")) && !Files.isExecutable(Path.of("/usr/bin/diod"))) {
            fail("diod (the 9P2000.L server these tests talk to) is not installed: run "
                    + "'bash tools/peers/diod.sh start <dir>' once as root, or 'apt-get install diod'");
        }
        Files.createDirectories(export);
        String dir = export.toRealPath().toString();
        if (port == 0) {
            run("stop"); // a diod a killed test run left behind on this state directory
            port = Ports.startOnAFreePort(candidate -> {
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

    /** The port diod listens on, once started. */
    int port() {
        return port;
    }

    /** The mount URI: {@code 9p://127.0.0.1:<port>/<export's canonical path>} (diod matches the aname literally). */
    @Override
    public URI uri() {
        try {
            return NetfsUri.parse("9p://127.0.0.1:" + port + export.toRealPath());
        } catch (IOException e) {
            throw new IllegalStateException("the export " + export + " is gone", e);
        }
    }

    @Override
    public Map<String, String> options(String... more) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    @Override
    public NetworkFilesystem newClient() {
        return new NinePFilesystem(2);
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return ((NinePFilesystem) client).stats().readBytes();
    }

    @Override
    public Names names() {
        return Names.BYTES;
    }

    /**
     * Writes random bytes straight into the export (bypassing every client), last modified an hour
     * ago: an old file, whose data is trusted when opened again ({@link TestFiles#age}).
     */
    byte[] file(String name, int size, long seed) throws IOException {
        byte[] bytes = TestFiles.random(size, seed);
        TestFiles.age(Files.write(export.resolve(name), bytes));
        return bytes;
    }

    /** Runs a bash script in the export directory ({@link Shell#run}); returns its output. */
    String sh(String script) throws IOException {
        return Shell.run(export, script);
    }

    /** The names in a directory of the export as the server's filesystem holds them: bytes, in hex. */
    Set<String> rawNames(String dir) throws IOException {
        return Shell.rawNames(export.resolve(dir));
    }

    /** diod's log: it reports "connection closed with N unclunked fids" when a client leaves fids behind. */
    String log() throws IOException {
        Path log = state.resolve("diod.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /**
     * Waits until diod has closed every client connection. diod logs a connection's unclunked fids
     * before it closes the connection's socket, so after this {@link #log()} holds that line.
     */
    void awaitConnectionsClosed() {
        String port = String.format(":%04X ", this.port);
        // Server side of a connection: local port ours, state ESTABLISHED (01) or CLOSE_WAIT (08).
        await("diod closes its client connections on port " + this.port).atMost(Duration.ofSeconds(30))
                .until(() -> Files.readAllLines(Path.of("/proc/net/tcp")).stream().skip(1)
                        .map(line -> line.trim().split("\\s+"))
                        .noneMatch(f -> (f[1] + " ").endsWith(port) && (f[3].equals("01") || f[3].equals("08"))));
    }

    private void run(String... args) throws IOException {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers (the tools/peers directory) is not set; run the tests with Maven");
        }
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = Path.of(peers, "diod.sh").toString();
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
                throw new IOException("diod.sh " + String.join(" ", args) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running diod.sh " + args[0], e);
        }
    }
}
