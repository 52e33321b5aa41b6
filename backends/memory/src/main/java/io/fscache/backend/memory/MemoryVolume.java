package io.fscache.backend.memory;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A volume of a {@link MemoryCache}: the current object generation per cookie key. */
final class MemoryVolume implements BackendVolume {

    private final MemoryCache cache;
    private final String key;
    private final byte[] coherency;
    private final ConcurrentMap<ObjectKey, MemoryObject> objects = new ConcurrentHashMap<>();

    MemoryVolume(MemoryCache cache, String key, byte[] coherency) {
        this.cache = cache;
        this.key = key;
        this.coherency = coherency.clone();
    }

    @Override
    public Optional<CacheObject> lookupObject(byte[] key, byte[] aux, long objectSize) {
        MemoryObject object = objects.get(new ObjectKey(key));
        return object != null && object.reopen(aux, objectSize) ? Optional.of(object) : Optional.empty();
    }

    @Override
    public CacheObject createObject(byte[] key, byte[] aux, long objectSize) throws IOException {
        return attachNext(new ObjectKey(key), null, aux, objectSize);
    }

    /** Content stays for later lookups: nothing to release. */
    @Override
    public void close() {
    }

    @Override
    public void discard() {
        cache.removeVolume(this);
        objects.values().forEach(MemoryObject::discard);
    }

    String key() {
        return key;
    }

    boolean hasCoherency(byte[] coherency) {
        return Arrays.equals(this.coherency, coherency);
    }

    long objectCount() {
        return objects.size();
    }

    /**
     * Makes a new, empty generation the one lookups of {@code key} find, discarding any other
     * generation still attached except {@code current}, which its caller detaches.
     */
    MemoryObject attachNext(ObjectKey key, MemoryObject current, byte[] aux, long objectSize) throws IOException {
        MemoryObject next = cache.newObject(this, key, aux, objectSize);
        MemoryObject previous = objects.put(key, next);
        if (previous != null && previous != current) {
            previous.discard();
        }
        return next;
    }

    /** Stops lookups finding {@code object}, if it is still the one attached. */
    void forget(ObjectKey key, MemoryObject object) {
        objects.remove(key, object);
    }
}
