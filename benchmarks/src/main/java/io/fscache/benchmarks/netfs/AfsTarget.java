package io.fscache.benchmarks.netfs;

import io.fscache.afs.AfsFilesystem;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * AFS against a real OpenAFS 1.8 cell started with {@code openafs.sh} (cell {@code test.local}, VL
 * server and fileserver on 127.1.0.1, UDP 7000-7007, {@code -noauth}, volume {@code root.cell}),
 * compared with OpenAFS's own C client {@code afsio} (libafscp) run in the cell's namespace. An AFS
 * volume is no local directory: the files the benchmarks write into the export are put into the
 * volume, under the same names, by a second session of our client ({@link AfsCellWriter}), which
 * is also the "other client" whose change of a file the fileserver breaks our mounts' promises for.
 * Mounts take {@code racy.window=0}: AFS knows from the DataVersion, not from times, whether
 * cached data is current. Our client can reach the fileserver through a relay
 * ({@link #filesystemThrough}); the VL server it always reaches directly.
 */
final class AfsTarget implements Target {

    static final String ADDRESS = "127.1.0.1";
    static final String CELL = "test.local";
    static final InetSocketAddress FILESERVER = new InetSocketAddress(ADDRESS, 7000);

    private final Path peers;
    private Path state;
    private AfsCellWriter writer;

    AfsTarget(Path peers) {
        this.peers = peers;
    }

    @Override
    public String name() {
        return "AFS (OpenAFS 1.8 cell test.local on " + ADDRESS + ", UDP 7000-7007)";
    }

    @Override
    public String protocol() {
        return "AFS";
    }

    @Override
    public void start(Path export, Path state) throws IOException {
        this.state = state;
        PeerProcess.script(peers, "openafs.sh", state, "start", state.toString());
        try {
            writer = new AfsCellWriter(uri(export), Map.of("cell", CELL));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public NetworkFilesystem filesystem() {
        return new AfsFilesystem();
    }

    @Override
    public InetSocketAddress datagramServer() {
        return FILESERVER;
    }

    @Override
    public NetworkFilesystem filesystemThrough(InetSocketAddress relay) {
        return new AfsFilesystem(Math.min(4, Runtime.getRuntime().availableProcessors()),
                fileserver -> fileserver.equals(FILESERVER) ? relay : fileserver);
    }

    @Override
    public long serverBytesRead(NetworkFilesystem filesystem) {
        return ((AfsFilesystem) filesystem).stats().readBytes();
    }

    @Override
    public URI uri(Path export) {
        return NetfsUri.parse("afs://" + ADDRESS + "/root.cell");
    }

    @Override
    public Map<String, String> options() {
        return Map.of("cell", CELL, "racy.window", "0");
    }

    /** Writes the export's file into the volume with our second session (afsio writes only new files in the root). */
    @Override
    public void publish(Path export, String file) throws IOException {
        writer.copy(export.resolve(file), file);
    }

    /** Writes the file's first byte again from the second session: its DataVersion moves, and the fileserver breaks our mounts' promises. */
    @Override
    public void change(Path export, String file) throws IOException {
        writer.rewriteFirstByte(export.resolve(file), file);
    }

    @Override
    public String toolName() {
        return "afsio";
    }

    @Override
    public void toolRead(Path export, String file) throws IOException {
        afsio(null, "read", "-file", file);
    }

    /** afsio reads, writes and appends; it lists nothing. */
    @Override
    public String toolListName() {
        return null;
    }

    @Override
    public void toolList(Path export, String dir) {
        throw new UnsupportedOperationException("OpenAFS's afsio has no listing command");
    }

    @Override
    public String toolWriteName() {
        return "afsio write";
    }

    /**
     * Writes a local file into the volume's root with {@code afsio write}, after our second session
     * removed the one an earlier round wrote (afsio 1.8.9 cannot replace a file, even with {@code -force});
     * that RemoveFile is timed with the anchor.
     */
    @Override
    public void toolWrite(Path local, String file) throws IOException {
        writer.remove(file);
        afsio(local, "write", "-file", "/" + file);
    }

    /** Runs {@code afsio} in the cell's namespace, its output discarded; it reports some failures on stderr with status 0. */
    private void afsio(Path input, String... args) throws IOException {
        String[] command = new String[args.length + 5];
        command[0] = "bash";
        command[1] = peers.resolve("openafs.sh").toString();
        command[2] = "ns";
        command[3] = state.toString();
        command[4] = "afsio";
        System.arraycopy(args, 0, command, 5, args.length);
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Process process = builder.start();
        try {
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0 || errors.contains("afsio:")) {
                throw new IOException("afsio " + String.join(" ", args) + " failed: " + errors.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: afsio " + String.join(" ", args), e);
        } finally {
            process.destroy();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (writer != null) {
                writer.close();
                writer = null;
            }
        } finally {
            if (state != null) {
                PeerProcess.script(peers, "openafs.sh", state, "stop", state.toString());
                state = null;
            }
        }
    }
}
