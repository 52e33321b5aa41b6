package io.fscache.afs;

import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.Peer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAFS cell as the contracts' {@link Peer}: clients mount directory {@value #DIR} of
 * root.cell (the volume's root keeps the files {@code openafs.sh} made, which other tests read),
 * and the export is that directory as a second client of ours sees it ({@link AfsExport}), made
 * when first asked for and closed when the cell stops, so that it never trusts a promise a
 * restarted fileserver forgot. {@link #stop()} and {@link #start()} stop and restart the whole
 * cell ({@link OpenAfsCell}).
 */
final class AfsPeer implements Peer {

    static final String DIR = "/contract";

    private final OpenAfsCell cell = OpenAfsCell.shared();
    private AfsExport export;

    @Override
    public void start() throws IOException {
        cell.start();
    }

    @Override
    public void stop() throws IOException {
        if (export != null) {
            export.close();
            export = null;
        }
        cell.stop();
    }

    @Override
    public Path export() {
        return other().root();
    }

    @Override
    public URI uri() {
        return cell.uri(DIR);
    }

    /** The fileserver, which the cell's VL server names: its failures name it, not the URI's VL server. */
    @Override
    public String server() {
        return OpenAfsCell.ADDRESS + ":7000";
    }

    @Override
    public Map<String, String> options(String... more) {
        return cell.options(more);
    }

    @Override
    public NetworkFilesystem newClient() {
        return cell.newClient();
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return cell.bytesRead(client);
    }

    @Override
    public Names names() {
        return Names.BYTES;
    }

    /**
     * The partition's size as {@code vos partinfo} (OpenAFS's C tool, asking the volserver) reports
     * it, not through a client of ours: root.cell has no quota, so a client reports its partition's
     * size, as kAFS's {@code statfs} does.
     */
    @Override
    public long totalSpace() throws IOException {
        return cell.partitionTotalBytes();
    }

    @Override
    public void empty() throws IOException {
        other().empty();
    }

    @Override
    public void modified(Path file, Instant time) throws IOException {
        other().modified(file, time);
    }

    /** Denies the whole directory of {@code file}: AFS has no rights per file ({@link AfsExport#deny}). */
    @Override
    public AutoCloseable deny(Path file) throws IOException {
        return other().deny(file);
    }

    @Override
    public void makeFiles(Path dir, Map<String, String> contentByHexName) throws IOException {
        other().makeFiles(dir, contentByHexName);
    }

    @Override
    public Set<String> rawNames(Path dir) throws IOException {
        return other().rawNames(dir);
    }

    private AfsExport other() {
        if (export == null) {
            try {
                export = new AfsExport(cell.uri(""), cell.options(), DIR);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot mount " + cell.uri("") + " as the second client: " + e.getMessage(), e);
            }
        }
        return export;
    }
}
