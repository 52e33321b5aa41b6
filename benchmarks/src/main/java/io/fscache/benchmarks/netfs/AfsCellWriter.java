package io.fscache.benchmarks.netfs;

import io.fscache.afs.AfsFilesystem;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * A session of our AFS client of its own (its own socket, so another cache manager to the
 * fileserver), no engine and no cache, that puts the benchmarks' files into the volume and changes
 * them behind the mounts. Its StoreData64 returns once the fileserver has broken every other
 * client's promise for the file (OpenAFS breaks callbacks before it replies), so the next open
 * through a mount sees the change. Not thread-safe; one thread at a time.
 */
final class AfsCellWriter implements AutoCloseable {

    private final AfsFilesystem filesystem = new AfsFilesystem(1);
    private final NetfsSession session;

    AfsCellWriter(URI uri, Map<String, String> options) throws IOException {
        try {
            session = filesystem.connect(uri, options);
        } catch (IOException | RuntimeException e) {
            filesystem.close();
            throw e;
        }
    }

    /** Copies a local file to {@code name} (a path under the mount's root, its directories made as needed). */
    void copy(Path local, String name) throws IOException {
        String path = "/" + name;
        List<String> parts = List.of(name.split("/"));
        String dir = "";
        for (String part : parts.subList(0, parts.size() - 1)) {
            dir += "/" + part;
            try {
                session.mkdir(dir);
            } catch (FileAlreadyExistsException e) {
                // made by an earlier file
            }
        }
        int chunk = session.limits().maxWriteSize();
        ByteBuffer buffer = ByteBuffer.allocateDirect(chunk);
        try (FileChannel in = FileChannel.open(local);
                RemoteFile out = session.open(path, Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING))) {
            for (long position = 0; in.read(buffer.clear(), position) > 0; ) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    position += write(out, position, buffer);
                }
            }
            out.fsync();
        }
    }

    /** Writes the local file's first byte to {@code name} again: the bytes stay, the DataVersion moves. */
    void rewriteFirstByte(Path local, String name) throws IOException {
        ByteBuffer first = ByteBuffer.allocate(1);
        try (FileChannel in = FileChannel.open(local)) {
            in.read(first, 0);
        }
        try (RemoteFile out = session.open("/" + name, Set.of(StandardOpenOption.WRITE))) {
            write(out, 0, first.flip());
            out.fsync();
        }
    }

    /** Removes {@code name} if it is there. */
    void remove(String name) throws IOException {
        try {
            session.delete("/" + name);
        } catch (NoSuchFileException e) {
            // nothing to remove
        }
    }

    private static int write(RemoteFile file, long position, ByteBuffer bytes) throws IOException {
        try {
            return file.write(position, bytes).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            session.close();
        } finally {
            filesystem.close();
        }
    }
}
