package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What every benchmark of one run shares: the scratch directory, the export both servers serve
 * (started once, on free ports), and the scale: a full run or a smoke run, which only checks that
 * every benchmark works (small files, one or two passes; its figures mean nothing).
 *
 * @param scratch the run's own temporary directory, deleted at the end
 * @param export the directory diod and Samba export, under the scratch directory
 * @param targets the started servers, each with our client for it
 * @param smoke whether this is a smoke run
 * @param size the size of the large files (256 MiB in a full run)
 */
record BenchRun(Scratch scratch, Path export, List<Target> targets, boolean smoke, long size) {

    static final int CHUNK = 1 << 20;
    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    /** {@code full} in a full run, {@code smoke} in a smoke run. */
    int scale(int full, int smoke) {
        return this.smoke ? smoke : full;
    }

    /** A directory of its own under the scratch directory (not in the export). */
    Path directory(String name) throws IOException {
        return scratch.directory(name);
    }

    static void log(String line) {
        System.err.println("[bench " + java.time.LocalTime.now().format(TIME) + "] " + line);
    }

    /**
     * Writes a file of pseudo-random bytes (a fixed seed per name), with a modification time an hour
     * old: data fetched within the mounts' racy window of a modification would be fetched again.
     */
    static Path writeRandom(Path file, long size) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom random = new SplittableRandom(file.getFileName().toString().hashCode());
        byte[] block = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                for (int i = 0; i < block.length; i += 8) {
                    long value = random.nextLong();
                    for (int b = 0; b < 8; b++) {
                        block[i + b] = (byte) (value >>> (8 * b));
                    }
                }
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        return file;
    }

    /**
     * Moves a file's modification time on a second, behind the servers: the next open through a
     * mount finds its cached copy out of date and fetches the file again.
     */
    static void changedOnTheServer(Path file) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1000));
    }
}
