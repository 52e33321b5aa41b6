package io.fscache.netfs.lib;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.ReceivedBytes;
import io.fscache.netfs.ReceivingFile;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A mount's session, and the files it opens, telling {@link ServerHealth} how each call to the
 * server ended. Everything else is the session's own.
 */
final class ObservedSession implements NetfsSession {

    private final NetfsSession session;
    private final ServerHealth health;

    ObservedSession(NetfsSession session, ServerHealth health) {
        this.session = session;
        this.health = health;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private void observe(Step step) throws IOException {
        observe(() -> {
            step.run();
            return null;
        });
    }

    private <T> T observe(Call<T> call) throws IOException {
        try {
            T result = call.run();
            health.answered();
            return result;
        } catch (IOException | RuntimeException e) {
            health.failed(e);
            throw e;
        }
    }

    private <T> CompletionStage<T> observe(CompletionStage<T> stage) {
        return stage.whenComplete((result, failure) -> {
            if (failure == null) {
                health.answered();
            } else {
                health.failed(failure);
            }
        });
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
        return observe(() -> session.stat(path));
    }

    @Override
    public List<DirEntry> list(String path) throws IOException {
        return observe(() -> session.list(path));
    }

    @Override
    public RemoteFile open(String path, Set<? extends OpenOption> options) throws IOException {
        RemoteFile file = observe(() -> session.open(path, options));
        return file instanceof ReceivingFile receiving ? new Receiving(receiving) : new File(file);
    }

    @Override
    public void mkdir(String path) throws IOException {
        observe(() -> session.mkdir(path));
    }

    @Override
    public void delete(String path) throws IOException {
        observe(() -> session.delete(path));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        observe(() -> session.rename(from, to));
    }

    @Override
    public FileSpace space() throws IOException {
        return observe(session::space);
    }

    @Override
    public ProtocolStats stats() {
        return session.stats();
    }

    @Override
    public void onServerChange(Consumer<byte[]> listener) {
        session.onServerChange(listener);
    }

    @Override
    public void close() throws IOException {
        session.close();
    }

    /** An open file whose calls are observed too. */
    private class File implements RemoteFile {

        private final RemoteFile file;

        File(RemoteFile file) {
            this.file = file;
        }

        @Override
        public FileAttributes attributes() {
            return file.attributes();
        }

        @Override
        public FileAttributes refresh() throws IOException {
            return observe(file::refresh);
        }

        @Override
        public CompletionStage<Integer> read(long position, ByteBuffer dst) {
            return observe(file.read(position, dst));
        }

        @Override
        public CompletionStage<Integer> write(long position, ByteBuffer src) {
            return observe(file.write(position, src));
        }

        @Override
        public void truncate(long size) throws IOException {
            observe(() -> file.truncate(size));
        }

        @Override
        public void fsync() throws IOException {
            observe(() -> file.fsync());
        }

        @Override
        public void close() throws IOException {
            observe(() -> file.close());
        }

        @Override
        public String toString() {
            return file.toString();
        }
    }

    /** An open file that lends its receive buffers, observed. */
    private final class Receiving extends File implements ReceivingFile {

        private final ReceivingFile file;

        Receiving(ReceivingFile file) {
            super(file);
            this.file = file;
        }

        @Override
        public CompletionStage<ReceivedBytes> receive(long position, int length) {
            return observe(file.receive(position, length));
        }
    }
}
