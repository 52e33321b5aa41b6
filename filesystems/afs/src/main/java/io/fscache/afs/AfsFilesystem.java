package io.fscache.afs;

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
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The AFS {@link NetworkFilesystem}: {@code afs://vlserver-host[:port]/volume[/path]} (the VL
 * server's port, 7003 by default), anonymous (rxnull), with the options of {@link #options()}:
 * {@code cell} (required), {@code rsize}, {@code timeout} and {@code inflight}.
 *
 * <p>Each session has its own UDP socket (the fileserver calls back on it); all sessions of one
 * instance share its Netty event loops, and {@link #close()} shuts them down. Thread-safe.
 */
@Component(service = NetworkFilesystem.class, property = NetworkFilesystem.SCHEME_PROPERTY + "=" + AfsFilesystem.SCHEME)
public final class AfsFilesystem implements NetworkFilesystem, AutoCloseable {

    public static final String SCHEME = "afs";

    private final EventLoopGroup group;
    private final ProtocolCounters counters = new ProtocolCounters();
    private final LongAdder breaks = new LongAdder();
    private final UnaryOperator<InetSocketAddress> route;

    /** A filesystem with as many event loops as processors, at most four. */
    public AfsFilesystem() {
        this(Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    /** A filesystem with {@code eventLoops} I/O threads, shared by all its sessions. */
    public AfsFilesystem(int eventLoops) {
        this(eventLoops, UnaryOperator.identity());
    }

    /**
     * A filesystem with {@code eventLoops} I/O threads whose sessions reach a fileserver the VL
     * server names (at {@code address}) at {@code route.apply(address)} instead: a UDP relay between
     * this client and the cell, as the benchmark's lossy relay is. The VL server is reached at the URI's address.
     */
    public AfsFilesystem(int eventLoops, UnaryOperator<InetSocketAddress> route) {
        this.route = route;
        this.group = new MultiThreadIoEventLoopGroup(eventLoops, new DefaultThreadFactory("afs", true), NioIoHandler.newFactory());
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public MountOptionSpec options() {
        return AfsOptions.SPEC;
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
        return AfsSession.open(group, AfsOptions.parse(uri, options), new ProtocolCounters(counters), breaks, route);
    }

    /** What all sessions sent and received so far, summed (each session's own: {@link NetfsSession#stats()}). */
    public ProtocolStats stats() {
        return counters.snapshot();
    }

    /**
     * Callback breaks the fileservers sent all sessions so far: each fid of a CallBack, each
     * InitCallBackState (one when a fileserver first meets a session, as OpenAFS does).
     */
    public long callbackBreaks() {
        return breaks.sum();
    }

    /** Stops the event loops, waiting a few seconds at most; sessions still open fail. */
    @Override
    @Deactivate
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
