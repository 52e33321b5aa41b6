package io.fscache.netfs.contract;

import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.netfs.lib.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server started and stopped by one of the {@code tools/peers} scripts
 * ({@code <script> start <export> <port>}, {@code <script> stop}), with a state directory of its own
 * ({@code PEERS_STATE}), so a test can stop and restart it. Its port is picked free at the first
 * start and kept afterwards, so a client's URI stays valid across restarts. As a test class's
 * {@code @RegisterExtension static} field it starts (its export emptied) before the class's first
 * test and stops after the last. A machine without the server fails the test, saying how to
 * install it: it never silently skips.
 *
 * <p>Used from one test thread at a time.
 */
public abstract class ScriptPeer implements Peer, BeforeAllCallback, AfterAllCallback {

    private final String script;
    private final Path export;
    private final Path state;
    private int port;
    private boolean running;

    /**
     * @param script the script's file name in {@code tools/peers}, such as {@code diod.sh}
     * @param export the directory the server exports (created at the first start)
     * @param state the server's state directory
     */
    protected ScriptPeer(String script, Path export, Path state) {
        this.script = script;
        this.export = export.toAbsolutePath();
        this.state = state.toAbsolutePath();
    }

    /** Why the server cannot run here, and how to install it, in one line; {@code null} if it can. */
    protected abstract String missing();

    /** Refuses a free port the server cannot use (one that needs the next port too, say). */
    protected void checkPort(int candidate) throws IOException {
    }

    /** Called after every start, for what the server needs once it runs. */
    protected void started() throws IOException {
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

    /** Starts the server unless it runs; the first start tries free ports until one binds, later ones reuse it. */
    @Override
    public void start() throws IOException {
        if (running) {
            return;
        }
        String missing = missing();
        if (missing != null) {
            fail(missing);
        }
        Files.createDirectories(export);
        String dir = export.toRealPath().toString();
        if (port == 0) {
            run("stop"); // a server a killed test run left behind on this state directory
            port = Ports.startOnAFreePort(candidate -> {
                checkPort(candidate);
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
        started();
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

    /** The port the server listens on, once started. */
    public int port() {
        return port;
    }

    /** The server's state directory (its configuration and log). */
    protected Path state() {
        return state;
    }

    /**
     * Writes random bytes straight into the export (bypassing every client), last modified an hour
     * ago: an old file, whose data is trusted when opened again ({@link TestFiles#age}).
     */
    public byte[] file(String name, int size, long seed) throws IOException {
        byte[] bytes = TestFiles.random(size, seed);
        TestFiles.age(Files.write(export.resolve(name), bytes));
        return bytes;
    }

    /**
     * Stops the server process named by {@code pidFile} (in the state directory) from answering, as a
     * hung server: {@code SIGSTOP}, its sockets still open and accepting. Closing the handle resumes it
     * ({@code SIGCONT}).
     */
    protected AutoCloseable freeze(String pidFile) throws IOException {
        return freezeProcess(state.resolve(pidFile));
    }

    /** Sends {@code SIGSTOP} to the process whose pid {@code pidFile} holds; closing the handle sends {@code SIGCONT}. */
    public static AutoCloseable freezeProcess(Path pidFile) throws IOException {
        String pid = Files.readString(pidFile).trim();
        signal("STOP", pid);
        return () -> signal("CONT", pid);
    }

    private static void signal(String signal, String pid) throws IOException {
        output(new ProcessBuilder("kill", "-" + signal, pid).redirectErrorStream(true).start(), "kill -" + signal + " " + pid);
    }

    /** Runs a bash script in the export directory ({@link Shell#run}); returns its output. */
    public String sh(String commands) throws IOException {
        return Shell.run(export, commands);
    }

    /** A log file in the state directory, or "" if there is none yet. */
    public String log(String name) throws IOException {
        Path log = state.resolve(name);
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    /** {@code base} followed by {@code more} as name, value pairs (later ones win). */
    protected static Map<String, String> options(Map<String, String> base, String... more) {
        Map<String, String> options = new LinkedHashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    private void run(String... args) throws IOException {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers (the tools/peers directory) is not set; run the tests with Maven");
        }
        List<String> command = new ArrayList<>(List.of("bash", Path.of(peers, script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PEERS_STATE", state.toString());
        output(builder.start(), script + " " + String.join(" ", args));
    }

    /** The process's output once it exits; an {@link IOException} with that output if it fails. */
    protected static String output(Process process, String what) throws IOException {
        String out;
        try (var in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(what + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
        return out;
    }
}
