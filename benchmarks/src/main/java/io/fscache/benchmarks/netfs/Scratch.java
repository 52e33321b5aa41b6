package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * A benchmark run's own temporary directory ({@code <java.io.tmpdir>/fscache-bench-<random>}), and
 * what runs in it: closing (or the JVM ending on Ctrl-C, a signal or a failure) stops what was
 * registered with {@link #onClose}, newest first (the servers), then deletes the directory.
 * Thread-safe; closing twice does nothing.
 */
final class Scratch implements AutoCloseable {

    private final Path root;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Thread hook;
    private boolean closed;

    Scratch() throws IOException {
        root = Files.createTempDirectory("fscache-bench-").toRealPath();
        hook = new Thread(this::cleanUp, "fscache-bench-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    Path root() {
        return root;
    }

    /** A new directory under the scratch directory. */
    Path directory(String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }

    /** Closed before the directory is deleted, in the reverse order of registration. */
    synchronized <T extends AutoCloseable> T onClose(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() {
        cleanUp();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook has run or runs this same clean-up
        }
    }

    private synchronized void cleanUp() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                System.err.println("[bench] could not stop " + e.getMessage());
            }
        }
        try {
            delete(root);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[bench] could not delete " + root + ": " + e.getMessage());
        }
    }

    static void delete(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(tree)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
