package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real diod for one test class, started with {@code tools/peers/diod.sh} on its own port and
 * state directory (so the test can stop and restart it), exporting a fresh directory under
 * {@code target/}. A machine without diod fails the test: it never silently skips.
 */
final class DiodServer implements AutoCloseable {

    final Path export;
    final int port;
    private final Path state;
    private final Path script;

    private DiodServer(Path export, Path state, int port, Path script) {
        this.export = export;
        this.state = state;
        this.port = port;
        this.script = script;
    }

    /** Starts diod on {@code port} (5641..5660) exporting an empty {@code target/diod-<name>/export}. */
    static DiodServer start(String name, int port) throws IOException, InterruptedException {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers (the tools/peers directory) is not set; run the tests with Maven");
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/diod")) && !Files.isExecutable(Path.of("/usr/bin/diod"))) {
            fail("diod (the 9P2000.L server these tests talk to) is not installed: run "
                    + "'bash tools/peers/diod.sh start <dir>' once as root, or 'apt-get install diod'");
        }
        Path base = Path.of("target", "diod-" + name).toAbsolutePath();
        Path export = base.resolve("export");
        deleteTree(export);
        Files.createDirectories(export);
        DiodServer server = new DiodServer(export.toRealPath(), base.resolve("state"), port,
                Path.of(peers, "diod.sh"));
        server.run("stop");
        server.start();
        return server;
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
        until("diod closes its client connections on port " + this.port, () -> {
            try {
                // Server side of a connection: local port ours, state ESTABLISHED (01) or CLOSE_WAIT (08).
                List<String> lines = Files.readAllLines(Path.of("/proc/net/tcp"));
                return lines.stream().skip(1).map(line -> line.trim().split("\\s+"))
                        .noneMatch(f -> (f[1] + " ").endsWith(port) && (f[3].equals("01") || f[3].equals("08")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** Waits (at most 30 s) for a condition, checking it every 20 ms. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted stopping diod", e);
        }
    }

    private void run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = script.toString();
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
