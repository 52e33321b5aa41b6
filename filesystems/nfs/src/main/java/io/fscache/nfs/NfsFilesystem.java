package io.fscache.nfs;

import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ProtocolStats;
import io.fscache.nfs.rpc.RpcSettings;
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
 * The NFS {@link NetworkFilesystem}: {@code nfs://host[:port]/path} (port 2049 by default; the path
 * is walked from the server's root with NFSv4.1, the default, and is the export as the server's MOUNT
 * service names it with NFSv3), over TCP with AUTH_SYS,
 * with the options of {@link #options()}: {@code vers}, {@code rsize}, {@code wsize}, {@code uid},
 * {@code gid}, {@code gids}, {@code timeout}, {@code pipeline} and {@code mountport}.
 *
 * <p>All sessions of one instance share its Netty event loops; {@link #close()} shuts them down
 * and fails whatever is still in flight. Thread-safe.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + NfsFilesystem.SCHEME)
public final class NfsFilesystem implements NetworkFilesystem, AutoCloseable {

    public static final String SCHEME = "nfs";

    private final EventLoopGroup group;
    private final ProtocolCounters counters = new ProtocolCounters();

    /** A filesystem with as many event loops as processors, at most four. */
    public NfsFilesystem() {
        this(Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** A filesystem with {@code eventLoops} I/O threads, shared by all its sessions. */
    public NfsFilesystem(int eventLoops) {
        this.group = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("nfs", true),
                NioIoHandler.newFactory());
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public MountOptionSpec options() {
        return NfsOptions.SPEC;
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
        NfsOptions parsed = NfsOptions.parse(uri, options);
        RpcSettings settings = new RpcSettings("nfs server " + parsed.server(), parsed.auth(), NfsSession.maxRecord(parsed),
                parsed.pipeline(), parsed.timeout(), new ProtocolCounters(counters));
        return parsed.vers().equals("4.1") ? Nfs41Session.open(group, parsed, settings) : NfsSession.open(group, parsed, settings);
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
