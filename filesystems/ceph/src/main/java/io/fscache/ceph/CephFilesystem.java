package io.fscache.ceph;

import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ProtocolStats;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * The CephFS {@link NetworkFilesystem}: {@code ceph://[client-id@]mon-host[:port]/fs-name[/path]}
 * (client {@code admin} by default; without a port the monitor is asked at 3300 and 6789), mounted
 * through libcephfs ({@code libcephfs.so.2}, Debian's {@code libcephfs2}) with the options of
 * {@link #options()}: {@code secret}, {@code credentials}, {@code conf}, {@code timeout},
 * {@code readers}, {@code rsize}, {@code wsize} and {@code objectcacher}. Each session is its own
 * libcephfs client with its own MDS session. Without the library, {@link #connect} fails at once
 * naming the package. Thread-safe.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + CephFilesystem.SCHEME)
public final class CephFilesystem implements NetworkFilesystem {

    public static final String SCHEME = "ceph";

    private final ProtocolCounters counters = new ProtocolCounters();

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public MountOptionSpec options() {
        return CephOptions.SPEC;
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
        return CephSession.open(CephOptions.parse(uri, options), counters);
    }

    /** What all sessions sent and received so far, summed (each session's own: {@link NetfsSession#stats()}). */
    public ProtocolStats stats() {
        return counters.snapshot();
    }
}
