package io.fscache.shell.command;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.RemoteFile;
import io.fscache.netfs.lib.LocalNetworkFilesystem;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The local test server under the scheme {@value #SCHEME}, with a gate: once {@link #holdFrom} is
 * set, every read or write RPC that reaches past the offset is held until the test {@link #open}s
 * the gate (the RPC then runs) or {@link #fail}s it (held and later RPCs past the offset fail), so a
 * test can act while a copy is stopped at a known byte. Put the offset on a copy-block boundary
 * (1 MiB) of a mount without readahead, so the copy stops exactly there.
 */
final class GatedNetworkFilesystem implements NetworkFilesystem, AutoCloseable {

    static final String SCHEME = "gated";

    private final LocalNetworkFilesystem server;
    private final List<Runnable> held = new ArrayList<>();
    private final CompletableFuture<Void> reached = new CompletableFuture<>();
    private long gate = Long.MAX_VALUE;
    private IOException failure;

    GatedNetworkFilesystem(LocalNetworkFilesystem server) {
        this.server = server;
    }

    /** Holds the RPCs that reach past {@code offset}. */
    synchronized void holdFrom(long offset) {
        gate = offset;
    }

    /** Completes when the first RPC is held. */
    CompletableFuture<Void> reached() {
        return reached;
    }

    /** Runs the held RPCs and lets every later one through. */
    void open() {
        List<Runnable> release;
        synchronized (this) {
            gate = Long.MAX_VALUE;
            release = List.copyOf(held);
            held.clear();
        }
        release.forEach(Runnable::run);
    }

    /** Fails the held RPCs, and every later one past the gate, with {@code why}. */
    void fail(IOException why) {
        List<Runnable> release;
        synchronized (this) {
            failure = why;
            release = List.copyOf(held);
            held.clear();
        }
        release.forEach(Runnable::run);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public MountOptionSpec options() {
        return server.options();
    }

    @Override
    public NetfsSession connect(URI uri, Map<String, String> options) throws IOException {
        URI local = URI.create(LocalNetworkFilesystem.SCHEME + uri.toString().substring(SCHEME.length()));
        return new Session(server.connect(local, options));
    }

    @Override
    public void close() {
        server.close();
    }

    /** The RPC now, held until the gate opens or fails, or failed. */
    private CompletionStage<Integer> pass(long position, ByteBuffer buffer, Function<ByteBuffer, CompletionStage<Integer>> rpc) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Runnable run = () -> {
            IOException why;
            synchronized (this) {
                why = failure;
            }
            if (why != null) {
                // A fresh exception per RPC, of the kind given (a timeout stays a timeout).
                result.completeExceptionally(why instanceof SocketTimeoutException
                        ? new SocketTimeoutException(why.getMessage()) : new IOException(why.getMessage()));
            } else {
                rpc.apply(buffer).whenComplete((n, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(n);
                    }
                });
            }
        };
        boolean hold;
        synchronized (this) {
            hold = position + buffer.remaining() > gate && failure == null;
            if (hold) {
                held.add(run);
            }
        }
        if (hold) {
            reached.complete(null);
        } else {
            run.run();
        }
        return result;
    }

    private final class Session implements NetfsSession {

        private final NetfsSession session;

        Session(NetfsSession session) {
            this.session = session;
        }

        @Override
        public RemoteFile open(String path, Set<? extends OpenOption> options) throws IOException {
            return new GatedFile(session.open(path, options));
        }

        @Override
        public String volumeKey() {
            return session.volumeKey();
        }

        @Override
        public IoLimits limits() {
            return session.limits();
        }

        @Override
        public FileAttributes stat(String path) throws IOException {
            return session.stat(path);
        }

        @Override
        public List<DirEntry> list(String path) throws IOException {
            return session.list(path);
        }

        @Override
        public void mkdir(String path) throws IOException {
            session.mkdir(path);
        }

        @Override
        public void delete(String path) throws IOException {
            session.delete(path);
        }

        @Override
        public void rename(String from, String to) throws IOException {
            session.rename(from, to);
        }

        @Override
        public FileSpace space() throws IOException {
            return session.space();
        }

        @Override
        public void close() throws IOException {
            session.close();
        }
    }

    private final class GatedFile implements RemoteFile {

        private final RemoteFile file;

        GatedFile(RemoteFile file) {
            this.file = file;
        }

        @Override
        public CompletionStage<Integer> read(long position, ByteBuffer dst) {
            return pass(position, dst, buffer -> file.read(position, buffer));
        }

        @Override
        public CompletionStage<Integer> write(long position, ByteBuffer src) {
            return pass(position, src, buffer -> file.write(position, buffer));
        }

        @Override
        public FileAttributes attributes() {
            return file.attributes();
        }

        @Override
        public FileAttributes refresh() throws IOException {
            return file.refresh();
        }

        @Override
        public void truncate(long size) throws IOException {
            file.truncate(size);
        }

        @Override
        public void fsync() throws IOException {
            file.fsync();
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
