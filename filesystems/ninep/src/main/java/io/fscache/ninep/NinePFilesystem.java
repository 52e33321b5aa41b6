package io.fscache.ninep;

import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ProtocolStats;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The 9P2000.L {@link NetworkFilesystem}: {@code 9p://host[:port]/aname} (port 564 by default;
 * the aname is the export's path on the server), with the options of {@link #options()}:
 * {@code uname}, {@code n_uname}, {@code msize}, {@code pipeline} and {@code timeout}.
 *
 * <p>All sessions of one instance share its Netty event loops; {@link #close()} shuts them down
 * and fails whatever is still in flight. Thread-safe.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + NinePFilesystem.SCHEME)
public final class NinePFilesystem implements NetworkFilesystem, AutoCloseable {

    /** The scheme users write; {@code URI}s carry it as {@code x-9p}. */
    public static final String SCHEME = "9p";

    private final EventLoopGroup group;
    private final ProtocolCounters counters = new ProtocolCounters();

    /** A filesystem with as many event loops as processors, at most four. */
    public NinePFilesystem() {
        this(Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** A filesystem with {@code eventLoops} I/O threads, shared by all its sessions. */
    public NinePFilesystem(int eventLoops) {
        this.group = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("ninep", true),
                NioIoHandler.newFactory());
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public MountOptionSpec options() {
        return NinePOptions.SPEC;
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
        NinePOptions parsed = NinePOptions.parse(uri, options);
        ProtocolCounters session = new ProtocolCounters(counters);
        return NinePSession.open(parsed, new Connector(group, parsed, session), session);
    }

    /** What all sessions sent and received so far, summed (each session's own: {@link NetfsSession#stats()}). */
    public ProtocolStats stats() {
        return counters.snapshot();
    }

    /** Closes every connection and stops the event loops, waiting a few seconds at most. */
    @Override
    @Deactivate
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
