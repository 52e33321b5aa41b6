package io.fscache.afs;

import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.MountRig;
import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.ScriptPeer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real OpenAFS cell the tests talk to: {@code tools/peers/openafs.sh} on 127.1.0.1 (OpenAFS
 * refuses 127.0.0.x), cell {@code test.local}, volume {@code root.cell} world-writable, state in
 * {@code target/openafs}. Started once per test run, by the first class that registers it
 * ({@code @RegisterExtension static final OpenAfsCell CELL = OpenAfsCell.shared()}), and stopped
 * when the run ends. Only one cell can run on a machine (its ports are fixed). A machine without
 * OpenAFS's packages gets them installed by the script; one where that fails fails the test.
 *
 * <p>As the {@link Peer} of {@link MountRig}: {@link #stop()} and {@link #start()} stop and restart
 * the whole cell (its state stays); an AFS volume is no local directory, so there is no {@link #export()}
 * here: the contracts' peer, {@link AfsPeer}, has a second client's view of a directory instead.
 */
final class OpenAfsCell implements Peer, BeforeAllCallback, ExtensionContext.Store.CloseableResource {

    static final String ADDRESS = "127.1.0.1";
    static final String CELL = "test.local";
    static final String VOLUME = "root.cell";

    private static final OpenAfsCell SHARED = new OpenAfsCell(Path.of("target", "openafs").toAbsolutePath());

    private final Path state;
    private boolean registered;
    private boolean running;

    private OpenAfsCell(Path state) {
        this.state = state;
    }

    static OpenAfsCell shared() {
        return SHARED;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws IOException {
        start();
        if (!registered) {
            registered = true;
            context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(OpenAfsCell.class, this);
        }
    }

    /** Stops the cell at the end of the run. */
    @Override
    public synchronized void close() throws IOException {
        stop();
    }

    /** Starts the cell unless this run started it already (a test class may have stopped it). */
    @Override
    public synchronized void start() throws IOException {
        if (!running) {
            run(null, "start", state.toString());
            running = true;
        }
    }

    /**
     * Stops the fileserver answering, as a hung one: {@code SIGSTOP} (bosserver's pid file), its
     * socket still bound; closing the handle resumes it.
     */
    AutoCloseable freezeFileserver() throws IOException {
        return ScriptPeer.freezeProcess(state.resolve("run").resolve("fs.file.pid"));
    }

    @Override
    public synchronized void stop() throws IOException {
        running = false;
        run(null, "stop", state.toString());
    }

    @Override
    public Path export() {
        throw new UnsupportedOperationException("an AFS volume is not a local directory; write with afsio (write())");
    }

    @Override
    public URI uri() {
        return uri("");
    }

    @Override
    public NetworkFilesystem newClient() {
        return new AfsFilesystem(2);
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return ((AfsFilesystem) client).stats().readBytes();
    }

    @Override
    public Names names() {
        return Names.BYTES;
    }

    /**
     * The size of the partition root.cell lives on, in bytes, as OpenAFS's own {@code vos partinfo}
     * reports it: the filesystem's blocks less those reserved for root (used plus available).
     */
    long partitionTotalBytes() throws IOException {
        String info = run(null, "ns", state.toString(), "vos", "partinfo", ADDRESS, "a", "-noauth");
        Matcher total = Pattern.compile("out of total (\\d+)").matcher(info);
        if (!total.find()) {
            throw new IOException("vos partinfo said no total: " + info.strip());
        }
        return Long.parseLong(total.group(1)) * 1024;
    }

    /** {@code afs://127.1.0.1/root.cell<path>}. */
    URI uri(String path) {
        return NetfsUri.parse("afs://" + ADDRESS + "/" + VOLUME + path);
    }

    @Override
    public Map<String, String> options(String... more) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("cell", CELL);
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    /**
     * Creates {@code /<name>} in root.cell's root holding {@code bytes} with OpenAFS's own client
     * ({@code afsio write}; afsio 1.8.9 cannot replace a file, even with {@code -force}, so names are new).
     */
    void write(String name, byte[] bytes) throws IOException {
        run(bytes, "ns", state.toString(), "afsio", "write", "-file", "/" + name);
    }

    /** Appends {@code bytes} to {@code name} in root.cell's root with {@code afsio append}. */
    void append(String name, byte[] bytes) throws IOException {
        run(bytes, "ns", state.toString(), "afsio", "append", "-file", name);
    }

    /** Reads {@code name} (relative to root.cell) with {@code afsio read}. */
    byte[] read(String name) throws IOException {
        return run(null, "ns", state.toString(), "afsio", "read", "-file", name).getBytes(StandardCharsets.ISO_8859_1);
    }

    private String run(byte[] input, String... args) throws IOException {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers (the tools/peers directory) is not set; run the tests with Maven");
        }
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = Path.of(peers, "openafs.sh").toString();
        System.arraycopy(args, 0, command, 2, args.length);
        Path errors = Files.createTempFile("openafs", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        Process process = builder.start();
        String output;
        try {
            try (OutputStream in = process.getOutputStream()) {
                if (input != null) {
                    in.write(input);
                }
            } catch (IOException e) {
                // the tool stopped reading: its error output says why
            }
            try (var out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            boolean done = process.waitFor(300, TimeUnit.SECONDS);
            String error = Files.readString(errors, StandardCharsets.ISO_8859_1);
            // afsio reports some failures on stderr with exit status 0
            if (!done || process.exitValue() != 0 || error.contains("afsio:")) {
                throw new IOException("openafs.sh " + String.join(" ", args) + " failed: " + error.strip() + " (see " + state + "/log)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running openafs.sh " + args[0], e);
        } finally {
            process.destroy();
            Files.deleteIfExists(errors);
        }
        return output;
    }
}
