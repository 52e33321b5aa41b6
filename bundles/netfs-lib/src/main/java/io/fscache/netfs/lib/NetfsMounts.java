package io.fscache.netfs.lib;

import io.fscache.api.FsCache;
import io.fscache.api.KeyCollisionException;
import io.fscache.api.Volume;
import io.fscache.netfs.CacheMode;
import io.fscache.netfs.FileType;
import io.fscache.netfs.MountInfo;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.Mounts;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.Secrets;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The {@link Mounts} service: mounts network filesystems as {@link FileSystem}s whose reads and
 * writes go through the netfs engine and the FS-Cache.
 *
 * <p>Usable without OSGi: construct it with an {@link FsCache}, {@link #addFilesystem add} the
 * protocols, mount, and {@link #close()} at the end. Inside OSGi the DS component in the
 * {@code internal} package does the same with the {@link NetworkFilesystem} services.
 *
 * <p>Mounts of one export (one volume key) share its cache volume and one cookie per file, so
 * readers on several mounts of an export share one fetch per granule and one copy in the cache.
 * A mount of an export already mounted with another cache is refused. A mount that names a cache
 * needs it live when it mounts (else it is refused, naming the live caches); it then stays with
 * that cache, uncached while the cache is withdrawn. A mount that names none uses the live cache
 * of the highest priority. If something other than these mounts holds the volume, the mount works
 * uncached, as the kernel does, and {@link MountInfo#cached()} says so.
 * Mount options ({@link MountOptions}) never reach a log, and {@link #mounts()} shows secrets as
 * {@code "***"}. Thread-safe.
 */
public class NetfsMounts implements Mounts, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NetfsMounts.class.getName());
    /** Mount names are URI authorities in {@code <scheme>://<name>/path}: keep them plain. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final FsCache fsCache;
    /** Filesystems by scheme; the first registered serves new mounts. */
    private final Map<String, List<NetworkFilesystem>> filesystems = new ConcurrentHashMap<>();
    private final Map<String, NetfsFileSystemProvider> providers = new ConcurrentHashMap<>();
    // Guarded by this.
    private final Map<String, NetfsFileSystem> mounts = new LinkedHashMap<>();
    private final Set<String> mounting = new HashSet<>();
    /** The cached exports' shared volumes, by volume key. */
    private final Map<String, ExportVolume> exports = new HashMap<>();

    public NetfsMounts(FsCache fsCache) {
        this.fsCache = Objects.requireNonNull(fsCache, "fsCache");
    }

    /** Makes a protocol available for new mounts under {@code scheme}. */
    public void addFilesystem(String scheme, NetworkFilesystem filesystem) {
        filesystems.computeIfAbsent(scheme, s -> new CopyOnWriteArrayList<>()).add(filesystem);
    }

    /**
     * Removes a protocol: the mounts made through it are unmounted (its sessions die with it), and
     * another filesystem registered for the scheme, if any, serves new mounts.
     */
    public void removeFilesystem(String scheme, NetworkFilesystem filesystem) {
        List<NetworkFilesystem> registered = filesystems.get(scheme);
        if (registered != null) {
            registered.remove(filesystem);
        }
        List<NetfsFileSystem> affected;
        synchronized (this) {
            affected = mounts.values().stream().filter(fs -> fs.mount().filesystem() == filesystem).toList();
        }
        for (NetfsFileSystem fs : affected) {
            try {
                unmount(fs.mount().name());
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "Unmounting " + fs.mount().name() + " after its filesystem went away: " + e);
            }
        }
    }

    /** Whether some filesystem serves new mounts under {@code scheme}. */
    public boolean serves(String scheme) {
        List<NetworkFilesystem> registered = filesystems.get(scheme);
        return registered != null && !registered.isEmpty();
    }

    @Override
    public FileSystem mount(String name, URI uri, Map<String, String> options) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a mount name is 1 to 64 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit: " + name);
        }
        String scheme = schemeOf(uri);
        NetworkFilesystem filesystem = filesystem(scheme);
        MountOptions parsed = MountOptions.parse(checked(uri, filesystem, options));
        checkCacheIsLive(parsed);
        synchronized (this) {
            if (mounts.containsKey(name) || !mounting.add(name)) {
                throw new IllegalArgumentException("a mount named '" + name + "' exists");
            }
        }
        NetfsSession session = null;
        ExportVolume export = null;
        try {
            session = filesystem.connect(NetfsUri.withoutQuery(uri), parsed.protocolOptions());
            URI shown = Secrets.hide(uri);
            if (session.stat("/").type() != FileType.DIRECTORY) {
                // A file's URI mounted, and then every listing said "not a directory" and a cat "the root has no parent".
                throw new NotDirectoryException(NetfsUri.display(shown));
            }
            export = exportVolume(name, shown, session, parsed);
            Mount mount = new Mount(name, shown, parsed, Secrets.hide(options == null ? Map.of() : options),
                    filesystem, session, export, this::release);
            NetfsFileSystem fs = new NetfsFileSystem(provider(NetfsUri.uriScheme(scheme)), mount);
            synchronized (this) {
                mounting.remove(name);
                mounts.put(name, fs);
            }
            LOG.log(Level.INFO, "Mounted " + NetfsUri.display(shown) + " as " + name + " (cache "
                    + (parsed.mode() == CacheMode.NONE ? "none" : parsed.cacheName() == null ? "any" : parsed.cacheName())
                    + ", mode " + parsed.mode().optionValue() + (parsed.mode() != CacheMode.NONE && export.volume == null
                            ? ", uncached: volume in use" : "") + ")");
            return fs;
        } catch (IOException | RuntimeException e) {
            synchronized (this) {
                mounting.remove(name);
            }
            if (export != null) {
                release(export);
            }
            if (session != null) {
                try {
                    session.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    @Override
    public void unmount(String name) throws IOException {
        NetfsFileSystem fs;
        synchronized (this) {
            fs = mounts.remove(name);
        }
        if (fs == null) {
            throw new IllegalArgumentException("no mount named '" + name + "'");
        }
        try {
            fs.mount().close();
        } finally {
            LOG.log(Level.INFO, "Unmounted " + name);
        }
    }

    @Override
    public synchronized List<MountInfo> mounts() {
        List<MountInfo> infos = new ArrayList<>();
        for (NetfsFileSystem fs : mounts.values()) {
            infos.add(fs.mount().info());
        }
        return infos;
    }

    @Override
    public Optional<ProtocolStats> stats(String name) {
        return Optional.ofNullable(mounted(name)).map(fs -> fs.mount().stats());
    }

    @Override
    public synchronized Optional<FileSystem> fileSystem(String name) {
        return Optional.ofNullable(mounts.get(name));
    }

    /**
     * The {@link java.nio.file.spi.FileSystemProvider} of a scheme's mounts, by the scheme's
     * {@link NetfsUri#uriScheme URI form} ({@code x-9p} for 9P).
     */
    public NetfsFileSystemProvider provider(String scheme) {
        return providers.computeIfAbsent(scheme, s -> new NetfsFileSystemProvider(s, this));
    }

    /** Unmounts everything; failures are logged, not thrown. */
    @Override
    public void close() {
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(mounts.keySet());
        }
        for (String name : names) {
            try {
                unmount(name);
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(Level.WARNING, "Unmounting " + name + " failed: " + e);
            }
        }
    }

    synchronized NetfsFileSystem mounted(String name) {
        return mounts.get(name);
    }

    @Override
    public List<String> schemes() {
        return filesystems.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted().toList();
    }

    @Override
    public MountOptionSpec options() {
        return MountOptions.SPEC;
    }

    @Override
    public MountOptionSpec options(String scheme) {
        return filesystem(scheme).options();
    }

    @Override
    public void check(URI uri, Map<String, String> options) {
        checked(uri, filesystem(schemeOf(uri)), options);
    }

    private static String schemeOf(URI uri) {
        if (uri == null || uri.isOpaque() || uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("a network filesystem URI looks like scheme://server/export");
        }
        return NetfsUri.scheme(uri);
    }

    /**
     * A mount's options: the URI's query parameters, overridden by the options given, every one
     * declared by the engine or the protocol and valid.
     */
    private static Map<String, String> checked(URI uri, NetworkFilesystem filesystem, Map<String, String> options) {
        Map<String, String> all = NetfsUri.queryOptions(uri);
        all.putAll(options == null ? Map.of() : options);
        MountOptions.SPEC.and(filesystem.options()).parse(all);
        return all;
    }

    private NetworkFilesystem filesystem(String scheme) {
        List<NetworkFilesystem> registered = scheme == null ? null : filesystems.get(scheme);
        if (registered == null || registered.isEmpty()) {
            throw new IllegalArgumentException("no network filesystem serves the scheme '" + scheme + "'"
                    + (schemes().isEmpty() ? "" : "; the schemes served are " + String.join(", ", schemes())));
        }
        return registered.get(0);
    }

    /**
     * A cache named at mount time must be live: a typo would otherwise mount uncached without a
     * word. Once mounted, the volume keeps the name, and goes uncached only while that cache is
     * withdrawn.
     */
    private void checkCacheIsLive(MountOptions options) {
        if (options.mode() == CacheMode.NONE || options.cacheName() == null) {
            return;
        }
        List<String> live = fsCache.liveCaches();
        if (!live.contains(options.cacheName())) {
            throw new CacheNotLiveException("no live cache is named '" + options.cacheName() + "'; "
                    + (live.isEmpty() ? "no cache is live" : "live caches: " + String.join(", ", live)));
        }
    }

    /**
     * The cache volume and file table of the session's export: shared with the mounts of that export
     * already up, acquired by the first. Uncached mounts get a table of their own.
     */
    private ExportVolume exportVolume(String name, URI shown, NetfsSession session, MountOptions options) {
        int maxInFlight = session.limits().maxInFlight();
        if (options.mode() == CacheMode.NONE) {
            return new ExportVolume(null, null, null, maxInFlight, options);
        }
        String key = session.volumeKey();
        synchronized (this) {
            ExportVolume shared = exports.get(key);
            if (shared != null) {
                if (!Objects.equals(shared.cacheName, options.cacheName())) {
                    List<String> sharing = mounts.values().stream().map(NetfsFileSystem::mount)
                            .filter(mount -> mount.export() == shared).map(Mount::name).toList();
                    throw new IllegalArgumentException(NetfsUri.display(shown) + " is already mounted"
                            + (sharing.isEmpty() ? "" : " as " + String.join(", ", sharing)) + " with "
                            + cacheDescription(shared.cacheName) + ": mount it "
                            + (shared.cacheName == null ? "naming no cache" : "with the same cache (cache=" + shared.cacheName + ")"));
                }
                shared.mounts++;
                return shared;
            }
            Volume volume = null;
            try {
                volume = fsCache.acquireVolume(key, options.cacheName(), null);
            } catch (KeyCollisionException e) {
                LOG.log(Level.WARNING, "Mount " + name + " is not cached: its cache volume " + key
                        + " is in use outside the mounts");
            }
            ExportVolume fresh = new ExportVolume(key, options.cacheName(), volume, maxInFlight, options);
            if (volume != null) {
                exports.put(key, fresh);
            }
            return fresh;
        }
    }

    /** A mount of {@code export} has gone; the last one relinquishes it (before another can acquire it). */
    private synchronized void release(ExportVolume export) {
        if (--export.mounts > 0) {
            return;
        }
        if (export.key != null) {
            exports.remove(export.key, export);
        }
        export.release();
    }

    private static String cacheDescription(String cacheName) {
        return cacheName == null ? "any cache" : "cache '" + cacheName + "'";
    }

}
