package io.fscache.backend.cachefiles;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import io.fscache.spi.contract.BackendFixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The child process of {@link CrashSafetyTest}: writes through a cache as fast as it can, with
 * commits, invalidations, resizes and reopenings, until the parent kills it. What it writes is a
 * function of (key, generation, granule), and the generation is in the coherency data, so the
 * parent can check every byte a later instance serves.
 */
final class CrashWriter {

    static final String VOLUME = "crash,server,1";
    static final byte[] VOLUME_COHERENCY = {7};
    static final int GRANULE = Fixtures.G;
    private static final int THREADS = 3;

    private CrashWriter() {
    }

    /** Plain, binary and long (hashed-name) keys. */
    static List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            keys.add(("obj-" + i).getBytes(StandardCharsets.US_ASCII));
        }
        keys.add(new byte[] {0, '/', '.', '.', (byte) 0xFF});
        byte[] longKey = new byte[255];
        new SplittableRandom(255).nextBytes(longKey);
        keys.add(longKey);
        keys.add("x".repeat(230).getBytes(StandardCharsets.US_ASCII));
        return keys;
    }

    static byte[] aux(long generation) {
        return ("gen=" + generation).getBytes(StandardCharsets.US_ASCII);
    }

    static long generation(byte[] aux) {
        return Long.parseLong(new String(aux, StandardCharsets.US_ASCII).substring("gen=".length()));
    }

    /** The bytes of a granule: a prefix of one granule-long pattern, whatever the object's size. */
    static byte[] content(byte[] key, long generation, long granule, int length) {
        long seed = Arrays.hashCode(key) * 0x9E3779B97F4A7C15L + generation * 0xBF58476D1CE4E5B9L + granule;
        return Arrays.copyOf(BackendFixtures.pattern(seed, GRANULE), length);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        CachefilesCache cache = new CachefilesCache(CachefilesSettings.builder("crash", dir).granule(GRANULE).build());
        BackendVolume volume = cache.openVolume(VOLUME, VOLUME_COHERENCY);
        List<byte[]> keys = keys();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<byte[]> mine = new ArrayList<>();
            for (int k = t; k < keys.size(); k += THREADS) {
                mine.add(keys.get(k));
            }
            Writer writer = new Writer(dir, volume, mine, round, new SplittableRandom(seed * 31 + t));
            threads.add(new Thread(writer::runUntilKilled, "writer-" + t));
        }
        threads.forEach(Thread::start);
        System.out.println("READY");
        System.out.flush();
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** One thread's share of the keys, each with its current object, generation and size. */
    private static final class Writer {
        private final Path dir;
        private final BackendVolume volume;
        private final List<byte[]> keys;
        private final CacheObject[] objects;
        private final long[] generations;
        private final long[] sizes;
        private final long round;
        private final SplittableRandom random;
        private int created;

        Writer(Path dir, BackendVolume volume, List<byte[]> keys, int round, SplittableRandom random) {
            this.dir = dir;
            this.volume = volume;
            this.keys = keys;
            this.objects = new CacheObject[keys.size()];
            this.generations = new long[keys.size()];
            this.sizes = new long[keys.size()];
            this.round = round;
            this.random = random;
        }

        void runUntilKilled() {
            try {
                for (int k = 0; k < keys.size(); k++) {
                    open(k);
                }
                while (true) {
                    step(random.nextInt(keys.size()));
                }
            } catch (Exception e) {
                e.printStackTrace();
                System.exit(2);
            }
        }

        private void step(int k) throws Exception {
            int dice = random.nextInt(100);
            CacheObject object = objects[k];
            if (dice < 80) {
                write(k);
            } else if (dice < 88) {
                object.commit(aux(generations[k]), sizes[k]);
            } else if (dice < 92) {
                long generation = nextGeneration();
                long size = randomSize();
                objects[k] = object.invalidate(aux(generation), size);
                object.discard();
                generations[k] = generation;
                sizes[k] = size;
            } else if (dice < 96) {
                long size = randomSize();
                object.resize(size);
                sizes[k] = size;
            } else {
                object.close();
                open(k);
            }
        }

        /** One to four granules from a random one, each with its (key, generation, granule) content. */
        private void write(int k) throws Exception {
            long size = sizes[k];
            long granules = (size + GRANULE - 1) / GRANULE;
            long first = random.nextLong(granules);
            long end = Math.min(granules, first + 1 + random.nextInt(4));
            ByteBuffer src = ByteBuffer.allocate((int) (Math.min(size, end * GRANULE) - first * GRANULE));
            for (long g = first; g < end; g++) {
                src.put(content(keys.get(k), generations[k], g, (int) Math.min(GRANULE, size - g * GRANULE)));
            }
            objects[k].write(first * GRANULE, src.flip()).toCompletableFuture().join();
        }

        /** Looks the key up with what its metadata says, as a netfs would with the server's answer. */
        private void open(int k) throws IOException {
            byte[] key = keys.get(k);
            Optional<CacheObject> found = Optional.empty();
            try {
                ObjectMetadata onDisk = Fixtures.peek(Fixtures.files(dir, VOLUME, key));
                found = volume.lookupObject(key, onDisk.aux(), onDisk.size());
                if (found.isPresent()) {
                    generations[k] = generation(onDisk.aux());
                    sizes[k] = onDisk.size();
                }
            } catch (IOException | CorruptMetadataException e) {
                // absent: create below
            }
            if (found.isEmpty()) {
                generations[k] = nextGeneration();
                sizes[k] = randomSize();
                found = Optional.of(volume.createObject(key, aux(generations[k]), sizes[k]));
            }
            objects[k] = found.get();
        }

        private long nextGeneration() {
            return (round << 32) | ++created;
        }

        /** 4 to 48 granules, usually with a partial tail. */
        private long randomSize() {
            return (4L + random.nextInt(44)) * GRANULE + random.nextInt(GRANULE);
        }
    }
}
