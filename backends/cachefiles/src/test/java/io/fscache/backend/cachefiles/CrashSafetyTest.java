package io.fscache.backend.cachefiles;

import static io.fscache.backend.cachefiles.CrashWriter.GRANULE;
import static io.fscache.backend.cachefiles.CrashWriter.VOLUME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.ReadSource;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import io.fscache.spi.contract.BackendFixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety for real: a child JVM ({@link CrashWriter}) writes through the cache as fast as it
 * can and is killed with SIGKILL at a random moment, twenty times on one directory. After each
 * kill a fresh instance must serve, for every granule it claims, exactly the bytes written for that
 * (key, granule, generation): never a granule whose read fails or differs.
 *
 * <p>SIGKILL loses no completed system call, so this checks the ordering and atomicity of what the
 * cache does (renames, truncation, unclaiming before rewriting), not the {@code fsync}s that guard
 * against power loss; those are argued in {@link CachefilesObject} and the README.
 */
class CrashSafetyTest {

    private static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void aFreshInstanceServesOnlyWhatWasWrittenAfterEverySigkill() throws Exception {
        Path cacheDir = dir.resolve("cache");
        SplittableRandom random = new SplittableRandom(4242);
        long verified = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path log = dir.resolve("child-" + round + ".log");
            Process child = new ProcessBuilder(javaExecutable(), "-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(),
                    cacheDir.toString(), Integer.toString(round), Long.toString(random.nextLong()))
                    .redirectError(log.toFile())
                    .start();
            try {
                awaitReady(child, log);
                if (round == 0) {
                    // The lock holds across processes too (FileChannel.tryLock answers null).
                    IllegalStateException inUse = assertThrows(IllegalStateException.class,
                            () -> new CachefilesCache(CachefilesSettings.builder("parent", cacheDir).granule(GRANULE).build()));
                    assertTrue(inUse.getMessage().endsWith("is in use by another cache instance"), inUse.getMessage());
                }
                // The crash point: a random time into the writer's work. This sleep is the thing under test.
                Thread.sleep(100 + random.nextInt(900));
                assertTrue(child.isAlive(), "the writer died on its own: " + Files.readString(log));
            } finally {
                child.destroyForcibly();
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            verified += verify(cacheDir, round);
        }
        assertTrue(verified > 200, "only " + verified + " granules were claimed and checked");
    }

    /** Checks every object a fresh instance finds; returns how many granules it verified. */
    private static long verify(Path cacheDir, int round) throws Exception {
        long verified = 0;
        CachefilesCache cache = new CachefilesCache(CachefilesSettings.builder("parent", cacheDir).granule(GRANULE).build());
        try {
            BackendVolume volume = cache.openVolume(VOLUME, CrashWriter.VOLUME_COHERENCY);
            for (byte[] key : CrashWriter.keys()) {
                ObjectFiles files = Fixtures.files(cacheDir, VOLUME, key);
                if (!Files.exists(files.meta())) {
                    assertEquals(Optional.empty(), volume.lookupObject(key, new byte[0], 0));
                    continue;
                }
                // Metadata is renamed into place whole, so what exists must decode.
                ObjectMetadata onDisk = Fixtures.peek(files);
                long generation = CrashWriter.generation(onDisk.aux());
                long size = onDisk.size();
                CacheObject object = volume.lookupObject(key, onDisk.aux(), size)
                        .orElseThrow(() -> new AssertionError("round " + round + ": a published object was not found"));
                for (long g = 0; g * GRANULE < size; g++) {
                    int length = (int) Math.min(GRANULE, size - g * GRANULE);
                    if (object.prepareRead(g * GRANULE, length).source() == ReadSource.CACHE) {
                        byte[] bytes = BackendFixtures.read(object, g * GRANULE, length);
                        assertArrayEquals(CrashWriter.content(key, generation, g, length), bytes,
                                "round " + round + ", key " + Arrays.toString(key) + ", granule " + g);
                        verified++;
                    }
                }
                object.close();
            }
        } finally {
            cache.withdraw();
        }
        return verified;
    }

    private static void awaitReady(Process child, Path log) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String ready = line.get(30, TimeUnit.SECONDS);
        assertEquals("READY", ready, () -> "child did not start: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
