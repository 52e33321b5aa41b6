package io.fscache.ninep;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real diod for one test class ({@code @RegisterExtension static}), started with
 * {@code tools/peers/diod.sh} before the class's first test on its own port and state directory (so
 * a test can stop and restart it), exporting a fresh directory under {@code target/}, and stopped
 * after the last. A machine without diod fails the test: it never silently skips.
 */
final class DiodServer implements BeforeAllCallback, AfterAllCallback {

    final Path export;
    final int port;
    private final Path state;

    private DiodServer(Path export, Path state, int port) {
        this.export = export;
        this.state = state;
        this.port = port;
    }

    /**
     * A diod on {@code port} (each test class its own, 5641..5680) exporting an empty
     * {@code target/diod-<name>/export}.
     */
    static DiodServer on(String name, int port) {
        Path base = Path.of("target", "diod-" + name).toAbsolutePath();
        try {
            // diod matches the attach name against the export's canonical path.
            Path export = Files.createDirectories(base.resolve("export")).toRealPath();
            return new DiodServer(export, base.resolve("state"), port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/diod")) && !Files.isExecutable(Path.of("/usr/bin/diod"))) {
            fail("diod (the 9P2000.L server these tests talk to) is not installed: run "
                    + "'bash tools/peers/diod.sh start <dir>' once as root, or 'apt-get install diod'");
        }
        deleteTree(export);
        Files.createDirectories(export);
        run("stop");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        stop();
    }

    void start() throws IOException, InterruptedException {
        run("start", export.toString(), Integer.toString(port));
    }

    void stop() throws IOException, InterruptedException {
        run("stop");
    }

    /** The mount URI: {@code 9p://127.0.0.1:<port>/<export's canonical path>}. */
    URI uri() {
        return NetfsUri.parse("9p://127.0.0.1:" + port + export);
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

    /**
     * Runs a bash script in the export directory, for what Java's {@code Path} cannot spell (names
     * that are not UTF-8: {@code printf L1 > $'caf\\xe9'}); returns its output.
     */
    String sh(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", script).directory(export.toFile())
                .redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("bash -c '" + script + "' failed:\n" + output);
        }
        return output;
    }

    /** The names in a directory of the export as the server's filesystem holds them: bytes, in hex. */
    Set<String> rawNames(String dir) throws IOException, InterruptedException {
        String hex = sh("cd '" + dir + "' && for f in * .[!.]*; do [ -e \"$f\" ] && printf '%s' \"$f\" | od -An -v -tx1 | tr -d ' \\n' && echo; done; true");
        return hex.lines().filter(line -> !line.isBlank()).collect(Collectors.toSet());
    }

    static String hex(byte[] name) {
        return HexFormat.of().formatHex(name);
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

    private void run(String... args) throws IOException, InterruptedException {
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
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("diod.sh " + String.join(" ", args) + " failed:\n" + output);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
