package io.fscache.netfs.lib;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import io.fscache.netfs.FscacheFileAttributeView;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@link FileSystemProvider} of one scheme's mounts. Several mounts may share a scheme, so a
 * URI names the mount as its authority: {@code <scheme>://<mount name>/path}. New file systems are
 * made by {@link io.fscache.netfs.Mounts#mount}; {@link #newFileSystem(URI, Map)} does the same with
 * the mount name in the {@code "name"} entry of the environment and the options in the others.
 * Not installed in the JDK's provider list (it needs the {@code Mounts} service behind it).
 */
public final class NetfsFileSystemProvider extends FileSystemProvider {

    private static final int COPY_BUFFER = 1 << 20;

    private final String scheme;
    private final NetfsMounts mounts;

    NetfsFileSystemProvider(String scheme, NetfsMounts mounts) {
        this.scheme = scheme;
        this.mounts = mounts;
    }

    NetfsMounts mounts() {
        return mounts;
    }

    @Override
    public String getScheme() {
        return scheme;
    }

    /**
     * Mounts {@code uri} (the server's URI, of this scheme) under {@code env.get("name")}, with the
     * other entries of {@code env} as mount options.
     */
    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) throws IOException {
        checkScheme(uri);
        Object name = env.get("name");
        if (name == null) {
            throw new IllegalArgumentException("the environment must give the mount's \"name\"");
        }
        Map<String, String> options = new HashMap<>();
        env.forEach((key, value) -> {
            if (!key.equals("name")) {
                options.put(key, String.valueOf(value));
            }
        });
        return mounts.mount(name.toString(), uri, options);
    }

    /** The mounted file system named by the URI's authority. */
    @Override
    public NetfsFileSystem getFileSystem(URI uri) {
        checkScheme(uri);
        NetfsFileSystem fs = mounts.mounted(uri.getAuthority());
        if (fs == null || fs.provider() != this) {
            throw new FileSystemNotFoundException("no " + scheme + " mount named " + uri.getAuthority());
        }
        return fs;
    }

    @Override
    public Path getPath(URI uri) {
        String path = uri.getPath();
        return getFileSystem(uri).getPath(path == null || path.isEmpty() ? "/" : path);
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    /**
     * Opens a file: {@code READ}, {@code WRITE}, {@code APPEND}, {@code CREATE}, {@code CREATE_NEW},
     * {@code TRUNCATE_EXISTING}, {@code SYNC}/{@code DSYNC} (each write is flushed and made durable)
     * and {@code DELETE_ON_CLOSE}; others are ignored.
     */
    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        NetfsPath file = check(path);
        if (attrs.length > 0) {
            throw new UnsupportedOperationException("initial attributes cannot be set on a mount: " + attrs[0].name());
        }
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean writable = append || options.contains(StandardOpenOption.WRITE);
        boolean readable = options.contains(StandardOpenOption.READ) || !writable;
        if (append && (options.contains(StandardOpenOption.READ) || options.contains(StandardOpenOption.TRUNCATE_EXISTING))) {
            throw new IllegalArgumentException("APPEND cannot be combined with READ or TRUNCATE_EXISTING");
        }
        Set<StandardOpenOption> remote = EnumSet.of(StandardOpenOption.READ);
        if (writable) {
            remote.add(StandardOpenOption.WRITE);
            for (StandardOpenOption option : List.of(StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                if (options.contains(option)) {
                    remote.add(option);
                }
            }
        }
        if (remote.contains(StandardOpenOption.CREATE_NEW)) {
            remote.remove(StandardOpenOption.CREATE);
        }
        String serverPath = file.serverPath();
        OpenFile open = file.getFileSystem().mount().open(serverPath, remote);
        boolean sync = options.contains(StandardOpenOption.SYNC) || options.contains(StandardOpenOption.DSYNC);
        NetfsFileChannel.AfterClose afterClose = options.contains(StandardOpenOption.DELETE_ON_CLOSE)
                ? () -> file.getFileSystem().mount().delete(serverPath) : null;
        return new NetfsFileChannel(open, readable, writable, append, sync, afterClose);
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        NetfsPath directory = check(dir);
        List<Path> entries = new ArrayList<>();
        for (DirEntry entry : directory.getFileSystem().mount().list(directory.serverPath())) {
            entries.add(directory.resolve(entry.name()));
        }
        return new NetfsDirectoryStream(entries, filter);
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        NetfsPath directory = check(dir);
        if (attrs.length > 0) {
            throw new UnsupportedOperationException("initial attributes cannot be set on a mount: " + attrs[0].name());
        }
        directory.getFileSystem().mount().mkdir(directory.serverPath());
    }

    @Override
    public void delete(Path path) throws IOException {
        NetfsPath file = check(path);
        file.getFileSystem().mount().delete(file.serverPath());
    }

    /** Copies through the engine (cached on both sides); attributes are not copied. */
    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        NetfsPath from = check(source);
        NetfsPath to = check(target);
        FileAttributes attributes = from.getFileSystem().mount().stat(from.serverPath());
        if (from.equals(to)) {
            return;
        }
        prepareTarget(to, Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING));
        if (attributes.type() == FileType.DIRECTORY) {
            createDirectory(to);
            return;
        }
        try (SeekableByteChannel in = newByteChannel(from, Set.of(StandardOpenOption.READ));
                SeekableByteChannel out = newByteChannel(to, Set.of(StandardOpenOption.WRITE,
                        StandardOpenOption.CREATE_NEW))) {
            ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
        }
    }

    /** Renames on the server within a mount; between mounts, copies and deletes. */
    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        NetfsPath from = check(source);
        NetfsPath to = check(target);
        boolean replace = Arrays.asList(options).contains(StandardCopyOption.REPLACE_EXISTING);
        if (from.getFileSystem() != to.getFileSystem()) {
            if (Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "different mounts");
            }
            copy(from, to, replace ? new CopyOption[] {StandardCopyOption.REPLACE_EXISTING} : new CopyOption[0]);
            delete(from);
            return;
        }
        Mount mount = from.getFileSystem().mount();
        mount.rename(from.serverPath(), to.serverPath(), replace, to.toString());
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        if (path.equals(path2)) {
            return true;
        }
        if (!(path instanceof NetfsPath a) || !(path2 instanceof NetfsPath b) || a.getFileSystem() != b.getFileSystem()) {
            return false;
        }
        Mount mount = a.getFileSystem().mount();
        return Arrays.equals(mount.stat(a.serverPath()).fileId(), mount.stat(b.serverPath()).fileId());
    }

    @Override
    public boolean isHidden(Path path) {
        Path name = check(path).getFileName();
        return name != null && name.toString().startsWith(".");
    }

    @Override
    public FileStore getFileStore(Path path) {
        return check(path).getFileSystem().store();
    }

    /**
     * Checks that the file exists and, when the server reports permissions, that some class of
     * users has each requested permission (the client does not know which user the server sees).
     */
    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        NetfsPath file = check(path);
        FileAttributes attributes = file.getFileSystem().mount().stat(file.serverPath());
        int mode = attributes.mode();
        if (mode < 0) {
            return;
        }
        for (AccessMode access : modes) {
            int bits = switch (access) {
                case READ -> 0444;
                case WRITE -> 0222;
                case EXECUTE -> 0111;
            };
            if ((mode & bits) == 0) {
                throw new AccessDeniedException(file.toString(), null, "no " + access.name().toLowerCase(Locale.ROOT) + " permission");
            }
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        NetfsPath file = check(path);
        if (type == BasicFileAttributeView.class) {
            return (V) new NetfsAttributeView("basic", file);
        }
        if (type == FileOwnerAttributeView.class) {
            return (V) new NetfsAttributeView("owner", file);
        }
        if (type == PosixFileAttributeView.class) {
            return (V) new NetfsAttributeView("posix", file);
        }
        if (type == FscacheFileAttributeView.class) {
            return (V) (FscacheFileAttributeView) () -> fscache(file);
        }
        return null;
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        NetfsFileAttributes attributes = stat(check(path));
        if (type == BasicFileAttributes.class) {
            return type.cast(attributes);
        }
        if (type == PosixFileAttributes.class) {
            if (!attributes.hasPosix()) {
                throw new UnsupportedOperationException("the server does not report POSIX attributes");
            }
            return type.cast(attributes);
        }
        throw new UnsupportedOperationException("unsupported attributes type " + type.getName());
    }

    /** {@code basic:}, {@code posix:} and {@code fscache:} attributes, by name or {@code *}. */
    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        NetfsPath file = check(path);
        int colon = attributes.indexOf(':');
        String view = colon < 0 ? "basic" : attributes.substring(0, colon);
        String names = colon < 0 ? attributes : attributes.substring(colon + 1);
        Map<String, Object> all = switch (view) {
            case "basic" -> stat(file).basicMap();
            case "posix" -> {
                NetfsFileAttributes posix = stat(file);
                if (!posix.hasPosix()) {
                    throw new UnsupportedOperationException("the server does not report POSIX attributes");
                }
                yield posix.posixMap();
            }
            case FscacheFileAttributeView.NAME -> {
                FscacheFileAttributeView.Attributes cached = fscache(file);
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("cachedBytes", cached.cachedBytes());
                map.put("cachedGranules", cached.cachedGranules());
                map.put("cacheName", cached.cacheName());
                yield map;
            }
            default -> throw new UnsupportedOperationException("unsupported attribute view " + view);
        };
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        for (String name : names.split(",")) {
            String trimmed = name.trim();
            if (trimmed.equals("*")) {
                selected.putAll(all);
            } else if (all.containsKey(trimmed)) {
                selected.put(trimmed, all.get(trimmed));
            } else {
                throw new IllegalArgumentException("no attribute " + view + ":" + trimmed);
            }
        }
        return selected;
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) {
        throw new UnsupportedOperationException("network filesystem attributes cannot be changed through a mount");
    }

    NetfsFileAttributes stat(NetfsPath file) throws IOException {
        return new NetfsFileAttributes(file.getFileSystem().mount().attributes(file.serverPath()));
    }

    private FscacheFileAttributeView.Attributes fscache(NetfsPath file) throws IOException {
        return file.getFileSystem().mount().cacheAttributes(file.serverPath());
    }

    private void prepareTarget(NetfsPath target, boolean replace) throws IOException {
        Mount mount = target.getFileSystem().mount();
        if (!exists(target)) {
            return;
        }
        if (!replace) {
            throw new FileAlreadyExistsException(target.toString());
        }
        mount.delete(target.serverPath());
    }

    private boolean exists(NetfsPath path) throws IOException {
        try {
            path.getFileSystem().mount().stat(path.serverPath());
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private NetfsPath check(Path path) {
        if (!(path instanceof NetfsPath file) || file.getFileSystem().provider() != this) {
            throw new ProviderMismatchException("not a " + scheme + " mount path: " + path);
        }
        return file;
    }

    private void checkScheme(URI uri) {
        if (!scheme.equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("not a " + scheme + " URI: " + uri.getScheme() + ":");
        }
    }
}
