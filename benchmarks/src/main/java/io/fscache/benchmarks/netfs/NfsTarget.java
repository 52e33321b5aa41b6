package io.fscache.benchmarks.netfs;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.nfs.NfsFilesystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * NFS against a real nfs-ganesha (rsize 1 MiB), NFSv3 or NFSv4.1, compared with libnfs's clients
 * (NFSv3, or NFSv4.0: libnfs has no 4.1): cold reads with {@code nfs-cp} into a file in memory (the
 * anchor issue 16 names; tmpfs, so that a disk does not bound it: {@code nfs-cp} cannot write to
 * /dev/null) and with {@code nfs-cat} into /dev/null, writes with {@code nfs-cp} from a local file.
 */
final class NfsTarget implements Target {

    private final Path peers;
    private int port;
    private final String vers;
    private Path state;
    private Path export;

    /** @param vers {@code "3"} or {@code "4.1"} */
    NfsTarget(Path peers, int port, String vers) {
        this.peers = peers;
        this.port = port;
        this.vers = vers;
    }

    @Override
    public String name() {
        return "NFSv" + vers + " (ganesha, port " + port + ")";
    }

    @Override
    public String protocol() {
        return "NFSv" + vers;
    }

    @Override
    public void start(Path export, Path state) throws IOException {
        this.state = state;
        this.export = export;
        PeerProcess.script(peers, "ganesha.sh", state, "start", export.toString(), Integer.toString(port));
        port = PeerProcess.port(state, port);
    }

    @Override
    public NetworkFilesystem filesystem() {
        return new NfsFilesystem();
    }

    @Override
    public long serverBytesRead(NetworkFilesystem filesystem) {
        return ((NfsFilesystem) filesystem).stats().readBytes();
    }

    /** NFSv3 mounts the export's own path; NFSv4.1 walks ganesha's pseudo path, {@code /export}. */
    @Override
    public URI uri(Path export) {
        return NetfsUri.parse("nfs://127.0.0.1:" + port + (vers.equals("3") ? export.toString() : "/export"));
    }

    @Override
    public Map<String, String> options() {
        return Map.of("vers", vers);
    }

    @Override
    public String toolName() {
        return vers.equals("3") ? "nfs-cp" : "nfs-cp-v4.0";
    }

    /** {@code nfs-cp} refuses a destination that exists: each pass copies to a new file and deletes it. */
    @Override
    public void toolRead(Path export, String file) throws IOException {
        Path copy = memoryDirectory().resolve("fscache-bench-nfs-cp-" + ProcessHandle.current().pid());
        Files.deleteIfExists(copy);
        try {
            PeerProcess.runDiscardingOutput("nfs-cp", url(export, file), copy.toString());
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** /dev/shm where it is a writable directory (tmpfs on Linux), else the server's state directory. */
    private Path memoryDirectory() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : state;
    }

    @Override
    public String toolStreamName() {
        return vers.equals("3") ? "nfs-cat" : "nfs-cat-v4.0";
    }

    @Override
    public void toolStream(Path export, String file) throws IOException {
        PeerProcess.runDiscardingOutput("nfs-cat", url(export, file));
    }

    /** libnfs's {@code nfs-ls} lists names and attributes (as {@code ls -l} does). */
    @Override
    public String toolListName() {
        return "nfs-ls";
    }

    @Override
    public void toolList(Path export, String dir) throws IOException {
        PeerProcess.runDiscardingOutput("nfs-ls", url(export, dir));
    }

    @Override
    public String toolWriteName() {
        return vers.equals("3") ? "nfs-cp" : "nfs-cp-v3";
    }

    @Override
    public void toolWrite(Path local, String file) throws IOException {
        // nfs-cp creates with EXCLUSIVE: it refuses a file that exists, which each pass's would. Its
        // NFSv4.0 writes fail against ganesha, so it writes over NFSv3 for both versions.
        Files.deleteIfExists(export.resolve(file));
        PeerProcess.runDiscardingOutput("nfs-cp", local.toString(), url("3", export, file));
    }

    /** A libnfs URL of {@code file} (relative to the export), over NFSv3 or NFSv4.0 (libnfs has no 4.1). */
    private String url(Path export, String file) {
        return url(vers, export, file);
    }

    private String url(String version, Path export, String file) {
        return version.equals("3")
                ? "nfs://127.0.0.1" + export + "/" + file + "?version=3&nfsport=" + port + "&mountport=" + (port + 1)
                : "nfs://127.0.0.1/export/" + file + "?version=4&nfsport=" + port;
    }

    @Override
    public void close() throws IOException {
        if (state != null) {
            PeerProcess.script(peers, "ganesha.sh", state, "stop");
        }
    }
}
