package io.fscache.backend.cachefiles;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * A volume of a {@link CachefilesCache}: the directory {@code cache/<volume name>/}, holding a
 * {@code volume} file (key and coherency data) and 256 fan-out directories of objects.
 *
 * <p>A lookup verifies everything before trusting an object: metadata that is missing, corrupt,
 * from another format version, for another key or granule size, or that claims more than the data
 * file holds, means the object's files go to the graveyard and the lookup answers empty; so does
 * stale coherency data or size. Lookups, creations, culling and publishing of one object are
 * serialized by its stripe lock, so the culler never removes files a lookup is opening.
 */
final class CachefilesVolume implements BackendVolume {

    private static final System.Logger LOG = System.getLogger(CachefilesVolume.class.getName());

    private final CachefilesCache cache;
    private final String key;
    private final String dirName;
    private final Path dir;
    private final byte[] coherency;

    CachefilesVolume(CachefilesCache cache, String key, String dirName, Path dir, byte[] coherency) {
        this.cache = cache;
        this.key = key;
        this.dirName = dirName;
        this.dir = dir;
        this.coherency = coherency.clone();
    }

    @Override
    public Optional<CacheObject> lookupObject(byte[] key, byte[] aux, long objectSize) throws IOException {
        cache.health().check();
        RecencyIndex.Id id = idOf(key);
        ObjectFiles files = ObjectFiles.of(cache.directory().cache, id);
        synchronized (cache.stripe(id)) {
            ObjectMetadata found = readMetadata(files, key);
            // Written locally and never committed since (a crash): the data may not be the server's.
            if (found == null || found.localWrite() || found.size() != objectSize || !Arrays.equals(found.aux(), aux)) {
                forget(id, files);
                return Optional.empty();
            }
            FileChannel channel = openData(files, cache.granules().claimedEnd(found.map(), found.size()));
            if (channel == null) {
                forget(id, files);
                return Optional.empty();
            }
            long charge = cache.granules().charge(found.map(), found.size());
            RecencyIndex.Entry old = cache.index().get(id);
            cache.space().charge(old == null || old.open ? charge : charge - old.bytes);
            RecencyIndex.Entry entry = new RecencyIndex.Entry(id, true, 0);
            cache.index().put(entry);
            CachefilesObject object = CachefilesObject.found(this, files, entry, channel, found);
            cache.opened(object);
            return Optional.of(object);
        }
    }

    /**
     * Creates an empty object in {@code tmp/}; its first persist publishes it.
     *
     * @throws IOException {@code "no space"} below {@code bstop} or {@code fstop}
     */
    @Override
    public CacheObject createObject(byte[] key, byte[] aux, long objectSize) throws IOException {
        cache.health().check();
        if (!cache.space().mayCreate() && !(cache.makeRoom() && cache.space().mayCreate())) {
            cache.stats().noSpace.increment();
            throw new IOException("no space");
        }
        RecencyIndex.Id id = idOf(key);
        ObjectFiles files = ObjectFiles.of(cache.directory().cache, id);
        Path temp = cache.directory().newTempPath(".data");
        FileChannel channel;
        try {
            channel = CacheDirectory.createFile(temp);
        } catch (IOException e) {
            cache.health().failure(e);
            throw e;
        }
        try {
            synchronized (cache.stripe(id)) {
                // Nothing left at this name may be found while the new generation is unpublished.
                forget(id, files);
                RecencyIndex.Entry entry = new RecencyIndex.Entry(id, true, 0);
                cache.index().put(entry);
                CachefilesObject object = CachefilesObject.created(this, key, files, entry, channel, temp, aux, objectSize);
                cache.opened(object);
                return object;
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Stops serving lookups; the content stays cached. */
    @Override
    public void close() {
        cache.volumeClosed(this);
    }

    @Override
    public void discard() {
        cache.discardVolume(this);
    }

    CachefilesCache cache() {
        return cache;
    }

    String key() {
        return key;
    }

    String dirName() {
        return dirName;
    }

    Path dir() {
        return dir;
    }

    boolean hasCoherency(byte[] coherency) {
        return Arrays.equals(this.coherency, coherency);
    }

    private RecencyIndex.Id idOf(byte[] key) {
        ObjectNames.ObjectName name = ObjectNames.object(key);
        return new RecencyIndex.Id(dirName, name.fanout(), name.file());
    }

    /** The object's metadata if it exists and can be trusted for this key; null otherwise. */
    private ObjectMetadata readMetadata(ObjectFiles files, byte[] key) throws IOException {
        try {
            ObjectMetadata metadata = MetadataCodec.decodeObject(MetadataCodec.read(files.meta()), cache.granuleSize());
            if (!Arrays.equals(metadata.key(), key)) {
                throw new CorruptMetadataException("it belongs to another key");
            }
            return metadata;
        } catch (NoSuchFileException e) {
            return null;
        } catch (CorruptMetadataException e) {
            LOG.log(Level.DEBUG, () -> "Discarding " + files.meta() + ": " + e.getMessage());
            return null;
        } catch (IOException e) {
            cache.health().failure(e);
            throw e;
        }
    }

    /** Opens the data file if it exists and holds at least what the map claims; null otherwise. */
    private static FileChannel openData(ObjectFiles files, long claimedEnd) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(files.data(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return null;
        }
        try {
            // Files.size, not channel.size: an interrupt during channel I/O would close the channel.
            if (Files.size(files.data()) < claimedEnd) {
                LOG.log(Level.DEBUG, () -> "Discarding " + files.data() + ": shorter than its content map claims");
                channel.close();
                return null;
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Moves whatever is at this name to the graveyard and drops its index entry. Caller holds the stripe lock. */
    private void forget(RecencyIndex.Id id, ObjectFiles files) throws IOException {
        RecencyIndex.Entry entry = cache.index().get(id);
        if (entry != null && !entry.open && cache.index().remove(entry)) {
            cache.space().release(entry.bytes);
        }
        try {
            files.bury(cache.graveyard());
        } catch (IOException e) {
            cache.health().failure(e);
            throw e;
        }
    }
}
