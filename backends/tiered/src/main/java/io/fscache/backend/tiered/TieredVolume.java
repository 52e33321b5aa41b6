package io.fscache.backend.tiered;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A volume of a {@link TieredCache}: the volume opened in each live tier, opened lazily in a tier
 * that joins later. The lowest live tier is the durable one and decides coherency: an object exists
 * exactly when that tier finds it.
 */
final class TieredVolume implements BackendVolume {

    private final TieredCache cache;
    private final String volumeKey;
    private final byte[] coherency;
    private final Map<Tier, TierVolume> parts = new ConcurrentHashMap<>();

    TieredVolume(TieredCache cache, String volumeKey, byte[] coherency) throws IOException {
        this.cache = cache;
        this.volumeKey = volumeKey;
        this.coherency = coherency.clone();
        parts();
    }

    /**
     * The volume in every live tier, highest first. A tier that cannot open it is left out, unless
     * it is the lowest: without the durable tier there is nothing to be coherent with.
     */
    private List<TierVolume> parts() throws IOException {
        List<Tier> tiers = cache.liveTiers();
        parts.keySet().retainAll(tiers);
        List<TierVolume> open = new ArrayList<>(tiers.size());
        for (int i = 0; i < tiers.size(); i++) {
            Tier tier = tiers.get(i);
            TierVolume part = parts.get(tier);
            if (part == null) {
                try {
                    part = new TierVolume(tier, tier.call(() -> tier.backend.openVolume(volumeKey, coherency)));
                    TierVolume raced = parts.putIfAbsent(tier, part);
                    if (raced != null) {
                        part.release(false);
                        part = raced;
                    }
                } catch (IOException e) {
                    if (i == tiers.size() - 1) {
                        throw e;
                    }
                    continue;
                }
            }
            open.add(part);
        }
        return open;
    }

    @Override
    public Optional<CacheObject> lookupObject(byte[] key, byte[] aux, long objectSize) throws IOException {
        List<TierVolume> parts = parts();
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        List<TierVolume> upper = parts.subList(0, parts.size() - 1);
        Optional<TierObject> durable = parts.get(parts.size() - 1).lookup(key, aux, objectSize);
        if (durable.isEmpty()) {
            for (TierVolume part : upper) {
                discardCopyQuietly(part, key, aux, objectSize);
            }
            return Optional.empty();
        }
        List<TierObject> objects = new ArrayList<>(parts.size());
        for (TierVolume part : upper) {
            try {
                Optional<TierObject> found = part.lookup(key, aux, objectSize);
                objects.add(found.isPresent() ? found.get() : part.create(key, aux, objectSize));
            } catch (IOException e) {
                // This tier does not serve the object this time; the others do.
            }
        }
        objects.add(durable.get());
        return Optional.of(new TieredObject(cache, objects, objectSize));
    }

    @Override
    public CacheObject createObject(byte[] key, byte[] aux, long objectSize) throws IOException {
        List<TierVolume> parts = parts();
        if (parts.isEmpty()) {
            throw new IOException("tiered cache " + cache.name() + " has no live tier");
        }
        List<TierObject> objects = new ArrayList<>(parts.size());
        for (TierVolume part : parts.subList(0, parts.size() - 1)) {
            try {
                // An upper tier may still hold an old copy the durable tier has lost.
                part.discardCopy(key, aux, objectSize);
                objects.add(part.create(key, aux, objectSize));
            } catch (IOException e) {
                // Left out of this object.
            }
        }
        try {
            objects.add(parts.get(parts.size() - 1).create(key, aux, objectSize));
        } catch (IOException e) {
            objects.forEach(o -> o.release(true));
            throw e;
        }
        return new TieredObject(cache, objects, objectSize);
    }

    @Override
    public void close() {
        parts.values().forEach(p -> p.release(false));
        parts.clear();
    }

    @Override
    public void discard() {
        parts.values().forEach(p -> p.release(true));
        parts.clear();
    }

    private static void discardCopyQuietly(TierVolume part, byte[] key, byte[] aux, long size) {
        try {
            part.discardCopy(key, aux, size);
        } catch (IOException e) {
            // The copy stays; a later lookup that the durable tier answers replaces or discards it.
        }
    }
}
