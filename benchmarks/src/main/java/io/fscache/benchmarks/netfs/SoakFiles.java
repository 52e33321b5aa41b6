package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The soak's files and what each must hold. A file's bytes follow from its name and version, so a
 * reader needs no copy to check them. Versions are counted twice: {@code started} when a rewrite
 * begins, {@code done} once it has landed, so a reader that saw {@code done = a} before opening and
 * {@code started = b} after reading accepts exactly versions a to b. A rewrite goes to a temporary
 * name first and is renamed over the file, so the server never holds half of one version. One
 * rewrite of a file at a time (its lock); any number of readers.
 */
final class SoakFiles {

    static final int MAX_SIZE = 96 * 1024;
    private static final int PER_DIRECTORY = 100;

    private final int count;
    private final AtomicLongArray started;
    private final AtomicLongArray done;
    private final ReentrantLock[] locks;
    private final AtomicReferenceArray<String> lastRewrite;

    SoakFiles(int count) {
        this.count = count;
        this.started = new AtomicLongArray(count);
        this.done = new AtomicLongArray(count);
        this.locks = new ReentrantLock[count];
        this.lastRewrite = new AtomicReferenceArray<>(count);
        for (int i = 0; i < count; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    int count() {
        return count;
    }

    /** The file's path below the export root, e.g. {@code d07/f0712}. */
    static String name(int file) {
        return String.format("d%02d/f%04d", file / PER_DIRECTORY, file);
    }

    /** The bytes of {@code file} at {@code version}: 1 byte to 96 KiB, so some span several granules. */
    static byte[] content(int file, long version) {
        SplittableRandom random = new SplittableRandom(file * 1_000_003L + version * 7_919L);
        byte[] bytes = new byte[1 + random.nextInt(MAX_SIZE)];
        random.nextBytes(bytes);
        return bytes;
    }

    long done(int file) {
        return done.get(file);
    }

    long started(int file) {
        return started.get(file);
    }

    /**
     * What a wrong read holds, for the report: per granule of {@code granule} bytes, the version
     * (from two before {@code from} to {@code to}) whose bytes it equals, "0s" for zeros, "?" for
     * none; and how the file was last rewritten.
     */
    String explain(int file, byte[] bytes, long from, long to, int granule) {
        StringBuilder explained = new StringBuilder("granules [");
        for (int at = 0; at < bytes.length; at += granule) {
            int end = Math.min(bytes.length, at + granule);
            String match = java.util.Arrays.equals(bytes, at, end, new byte[end - at], 0, end - at) ? "0s" : "?";
            for (long version = to; version >= Math.max(0, from - 2) && match.equals("?"); version--) {
                byte[] expected = content(file, version);
                if (end <= expected.length && java.util.Arrays.equals(bytes, at, end, expected, at, end)) {
                    match = "v" + version;
                }
            }
            explained.append(at == 0 ? "" : " ").append(match);
        }
        return explained.append("], last rewrite ").append(lastRewrite.get(file)).toString();
    }

    /** The version {@code bytes} are, from {@code from} to {@code to}; -1 if none of them. */
    static long matchingVersion(int file, byte[] bytes, long from, long to) {
        for (long version = to; version >= from; version--) {
            if (java.util.Arrays.equals(bytes, content(file, version))) {
                return version;
            }
        }
        return -1;
    }

    /** Writes version 0 of every file straight into the export. */
    void create(Path export) throws IOException {
        for (int i = 0; i < count; i++) {
            Path file = export.resolve(name(i));
            Files.createDirectories(file.getParent());
            Files.write(file, content(i, 0));
        }
    }

    /**
     * Rewrites {@code file} to its next version under {@code root} (a mount, or the export itself for
     * a change behind the server's back) through {@code temporary}; false if another rewrite of it
     * is under way. The version counts as done only if the rename returned.
     */
    boolean rewrite(int file, Path root, String temporary) throws IOException {
        ReentrantLock lock = locks[file];
        if (!lock.tryLock()) {
            return false;
        }
        try {
            long version = started.incrementAndGet(file);
            Path target = root.resolve(name(file));
            Path staged = target.resolveSibling(temporary);
            Files.write(staged, content(file, version));
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
            done.set(file, version);
            lastRewrite.set(file, "v" + version + " through " + root.getFileSystem().provider().getScheme());
            return true;
        } finally {
            lock.unlock();
        }
    }
}
