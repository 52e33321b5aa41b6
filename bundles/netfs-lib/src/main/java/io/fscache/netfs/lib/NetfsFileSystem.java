package io.fscache.netfs.lib;

import io.fscache.netfs.FscacheFileAttributeView;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One mount as a {@link FileSystem}: paths are the export's, rooted at {@code "/"}. Closing it
 * unmounts. Obtained from {@link io.fscache.netfs.Mounts#mount} or {@link io.fscache.netfs.Mounts#fileSystem},
 * or from the scheme's provider by a {@code <scheme>://<mount name>/} URI.
 */
public final class NetfsFileSystem extends FileSystem {

    private final NetfsFileSystemProvider provider;
    private final Mount mount;
    private final NetfsFileStore store = new NetfsFileStore(this);

    NetfsFileSystem(NetfsFileSystemProvider provider, Mount mount) {
        this.provider = provider;
        this.mount = mount;
    }

    /** The mount's name. */
    public String name() {
        return mount.name();
    }

    Mount mount() {
        return mount;
    }

    @Override
    public NetfsFileSystemProvider provider() {
        return provider;
    }

    /** Unmounts (flushing written data). */
    @Override
    public void close() throws IOException {
        if (mount.isOpen()) {
            provider.mounts().unmount(mount.name());
        }
    }

    @Override
    public boolean isOpen() {
        return mount.isOpen();
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return "/";
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        return List.of(new NetfsPath(this, "/"));
    }

    /** The export's filesystem, with the capacity the server reports. */
    @Override
    public Iterable<FileStore> getFileStores() {
        return List.of(store);
    }

    FileStore store() {
        return store;
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return Set.of("basic", "owner", "posix", FscacheFileAttributeView.NAME);
    }

    @Override
    public Path getPath(String first, String... more) {
        StringBuilder joined = new StringBuilder(first);
        for (String part : more) {
            if (!part.isEmpty()) {
                joined.append('/').append(part);
            }
        }
        return new NetfsPath(this, joined.toString());
    }

    /** {@code glob:} and {@code regex:} matchers on the path's string form. */
    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        int colon = syntaxAndPattern.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected syntax:pattern, got " + syntaxAndPattern);
        }
        String syntax = syntaxAndPattern.substring(0, colon).toLowerCase(Locale.ROOT);
        String pattern = syntaxAndPattern.substring(colon + 1);
        Pattern regex = switch (syntax) {
            case "glob" -> Pattern.compile(Globs.toRegex(pattern));
            case "regex" -> Pattern.compile(pattern);
            default -> throw new UnsupportedOperationException("unknown matcher syntax: " + syntax);
        };
        return path -> regex.matcher(path.toString()).matches();
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        throw new UnsupportedOperationException("owners cannot be looked up or set on a mount");
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("network filesystems here do not report changes");
    }

    @Override
    public String toString() {
        return mount.toString();
    }
}
