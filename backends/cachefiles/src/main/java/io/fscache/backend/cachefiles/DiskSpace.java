package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** The free space of the filesystem holding a cache: an interface so that tests can simulate a full disk. */
interface DiskSpace {

    /** Bytes this process may still allocate. */
    long usable() throws IOException;

    /** The filesystem's size in bytes. */
    long total() throws IOException;

    /** The real filesystem of {@code dir}. */
    static DiskSpace of(Path dir) throws IOException {
        FileStore store = Files.getFileStore(dir);
        return new DiskSpace() {
            @Override
            public long usable() throws IOException {
                return store.getUsableSpace();
            }

            @Override
            public long total() throws IOException {
                return store.getTotalSpace();
            }
        };
    }
}
