package io.fscache.netfs.lib;

import io.fscache.api.Volume;

/**
 * The cache volume of one export and the file table on it, shared by every mount of that export,
 * as the kernel's NFS client shares one superblock between mounts of one export: each file has one
 * node and one cookie however many mounts open it, so readers on different mounts share one fetch
 * per granule and one copy in the cache. The table's limits come from the first mount.
 * Reference counting is the owner's ({@link NetfsMounts}): guarded by its lock.
 */
final class ExportVolume {

    /** The volume key, or {@code null} for an uncached mount's private table. */
    final String key;
    /** The cache the mounts asked for, {@code null} for any. */
    final String cacheName;
    /** The cache volume, or {@code null} when the mounts are not cached. */
    final Volume volume;
    final FileTable files;
    /** Mounts sharing this volume. */
    int mounts = 1;

    ExportVolume(String key, String cacheName, Volume volume, int maxInFlight, MountOptions options) {
        this.key = key;
        this.cacheName = cacheName;
        this.volume = volume;
        this.files = new FileTable(volume, maxInFlight, options.maxIdleFiles(), options.racyWindow().toMillis());
    }

    /** The last mount has gone: relinquishes every cookie and the volume. */
    void release() {
        files.clear();
        if (volume != null) {
            volume.relinquish(false);
        }
    }
}
