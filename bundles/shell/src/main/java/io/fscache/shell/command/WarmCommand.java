package io.fscache.shell.command;

import io.fscache.netfs.FscacheFileAttributeView;
import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Reads every file of a tree that the cache does not hold whole, several at once. Whether the cache
 * holds a file is asked as the walk lists its directory, while the listing's attributes are fresh
 * (within {@code actimeo}), so a warm of a cached tree asks the server nothing per file.
 */
@Service
@Command(scope = "netfs", name = "warm", description = "Reads a remote file, or every file of a tree, so the cache holds it; "
        + "files the cache already holds are skipped.")
public class WarmCommand extends MountsReference {

    @Argument(index = 0, name = "path", required = true, description = "<mount>:<path> of a file or directory")
    @Completion(RemotePathCompleter.class)
    String path;

    @Option(name = "-j", aliases = "--parallel", description = "How many files to read at once, 1 to 64 (default 4).")
    int parallel = 4;

    @Override
    Object run() {
        if (parallel < 1 || parallel > 64) {
            throw new IllegalArgumentException("-j takes 1 to 64 files at once, not " + parallel);
        }
        RemotePath remote = RemotePath.parse(path, mounts);
        Tree tree = walk(remote);
        int files = tree.toRead.size() + tree.cachedFiles;
        if (files == 0) {
            console().println("warm " + remote + ": no files");
            return null;
        }
        if (!tree.toRead.isEmpty()) {
            // The bar and its rate count what is read: files the cache holds cost nothing.
            Progress progress = new Progress(console(), "warm " + remote + " (" + files + (files == 1 ? " file)" : " files)"),
                    tree.totalBytes - tree.cachedBytes);
            read(remote, tree.toRead, progress);
            progress.finish();
        }
        if (tree.cachedFiles > 0) {
            console().println(tree.cachedFiles + " of " + files + (files == 1 ? " file was" : " files were")
                    + " in the cache already: not read again");
        }
        return null;
    }

    /** The files of a tree: those to read, and what the cache holds already. */
    private static final class Tree {
        final List<Path> toRead = new ArrayList<>();
        long totalBytes;
        long cachedBytes;
        int cachedFiles;
    }

    private Tree walk(RemotePath remote) {
        Tree tree = new Tree();
        Path root = remote.resolve(mounts);
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    if (attributes.isRegularFile()) {
                        tree.totalBytes += attributes.size();
                        long cached = cachedBytes(file);
                        if (cached >= attributes.size()) {
                            tree.cachedBytes += attributes.size();
                            tree.cachedFiles++;
                        } else {
                            tree.toRead.add(file);
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw remoteError(e, remote);
        }
        tree.toRead.sort(null);
        return tree;
    }

    /** Reads {@code files} to their ends, {@link #parallel} at once; the first failure stops the rest. */
    private void read(RemotePath remote, List<Path> files, Progress progress) {
        AtomicInteger threads = new AtomicInteger();
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(parallel, files.size()), r -> {
            Thread thread = new Thread(r, "netfs-warm-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ExecutorCompletionService<Path> done = new ExecutorCompletionService<>(readers);
        try {
            for (Path file : files) {
                done.submit(() -> readFile(remote, file, progress));
            }
            for (int i = 0; i < files.size(); i++) {
                done.take().get();
            }
        } catch (InterruptedException e) {
            progress.abandon();
            Thread.currentThread().interrupt();
            throw remoteError(new InterruptedIOException("interrupted"), remote);
        } catch (ExecutionException e) {
            progress.abandon();
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            readers.shutdownNow();
            awaitQuietly(readers);
        }
    }

    private static Path readFile(RemotePath remote, Path file, Progress progress) {
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            Copier.copy(in, null, progress, Copier.BLOCK);
            return file;
        } catch (IOException e) {
            throw remoteError(e, remote.mount() + ":" + file);
        }
    }

    /** A remote read is not interruptible; the readers stop at their next block, soon. */
    private static void awaitQuietly(ExecutorService readers) {
        try {
            readers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long cachedBytes(Path file) throws IOException {
        FscacheFileAttributeView view = Files.getFileAttributeView(file, FscacheFileAttributeView.class);
        return view == null ? 0 : view.readAttributes().cachedBytes();
    }
}
