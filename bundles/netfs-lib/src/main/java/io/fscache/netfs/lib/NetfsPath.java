package io.fscache.netfs.lib;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A path of a mount: {@code '/'}-separated, rooted at {@code "/"} (the export's root). Immutable;
 * paths are compared as strings, as on a POSIX filesystem. An empty path has one empty name, as in
 * the default filesystem.
 */
public final class NetfsPath implements Path {

    private final NetfsFileSystem fs;
    /** Without repeated or trailing slashes (except the root itself). */
    private final String path;
    private final String[] names;

    NetfsPath(NetfsFileSystem fs, String path) {
        this.fs = fs;
        this.path = clean(path);
        this.names = namesOf(this.path);
    }

    private static String clean(String raw) {
        if (raw.indexOf('\0') >= 0) {
            throw new InvalidPathException(raw, "NUL character in path");
        }
        String collapsed = raw;
        if (raw.contains("//")) {
            StringBuilder single = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c != '/' || single.length() == 0 || single.charAt(single.length() - 1) != '/') {
                    single.append(c);
                }
            }
            collapsed = single.toString();
        }
        return collapsed.length() > 1 && collapsed.endsWith("/") ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }

    /** The names of a {@link #clean} path: no empty name but the empty path's own, none for the root. */
    private static String[] namesOf(String clean) {
        if (clean.isEmpty()) {
            return new String[] {""};
        }
        if (clean.equals("/")) {
            return new String[0];
        }
        return (clean.startsWith("/") ? clean.substring(1) : clean).split("/");
    }

    /** The path the server understands: absolute and normalized (every open asks, so one already so is kept). */
    String serverPath() {
        return isAbsolute() && !hasDotNames() ? path : ((NetfsPath) toAbsolutePath().normalize()).path;
    }

    private boolean hasDotNames() {
        for (String name : names) {
            if (name.equals(".") || name.equals("..")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public NetfsFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return path.startsWith("/");
    }

    @Override
    public Path getRoot() {
        return isAbsolute() ? new NetfsPath(fs, "/") : null;
    }

    @Override
    public Path getFileName() {
        if (path.isEmpty()) {
            return this;
        }
        return names.length == 0 ? null : new NetfsPath(fs, names[names.length - 1]);
    }

    @Override
    public Path getParent() {
        if (names.length == 0 || path.isEmpty()) {
            return null;
        }
        if (names.length == 1) {
            return getRoot();
        }
        return new NetfsPath(fs, (isAbsolute() ? "/" : "") + String.join("/", Arrays.copyOf(names, names.length - 1)));
    }

    @Override
    public int getNameCount() {
        return names.length;
    }

    @Override
    public Path getName(int index) {
        if (index < 0 || index >= names.length) {
            throw new IllegalArgumentException("no name " + index + " in " + path);
        }
        return new NetfsPath(fs, names[index]);
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        if (beginIndex < 0 || endIndex > names.length || beginIndex >= endIndex) {
            throw new IllegalArgumentException("bad subpath [" + beginIndex + ", " + endIndex + ") of " + path);
        }
        return new NetfsPath(fs, String.join("/", Arrays.copyOfRange(names, beginIndex, endIndex)));
    }

    @Override
    public boolean startsWith(Path other) {
        if (!(other instanceof NetfsPath that) || that.fs != fs || that.isAbsolute() != isAbsolute()
                || that.names.length > names.length || that.path.isEmpty() && !path.isEmpty()) {
            return false;
        }
        return Arrays.equals(names, 0, that.names.length, that.names, 0, that.names.length);
    }

    @Override
    public boolean endsWith(Path other) {
        if (!(other instanceof NetfsPath that) || that.fs != fs) {
            return false;
        }
        if (that.isAbsolute()) {
            return equals(that);
        }
        if (that.names.length > names.length || that.path.isEmpty() && !path.isEmpty()) {
            return false;
        }
        int offset = names.length - that.names.length;
        return Arrays.equals(names, offset, names.length, that.names, 0, that.names.length);
    }

    @Override
    public Path normalize() {
        Deque<String> kept = new ArrayDeque<>();
        for (String name : names) {
            if (name.equals(".") || name.isEmpty()) {
                continue;
            }
            if (name.equals("..")) {
                if (!kept.isEmpty() && !kept.peekLast().equals("..")) {
                    kept.pollLast();
                } else if (!isAbsolute()) {
                    kept.addLast(name);
                }
                continue;
            }
            kept.addLast(name);
        }
        return new NetfsPath(fs, (isAbsolute() ? "/" : "") + String.join("/", kept));
    }

    @Override
    public Path resolve(Path other) {
        NetfsPath that = check(other);
        if (that.isAbsolute()) {
            return that;
        }
        if (that.path.isEmpty()) {
            return this;
        }
        if (path.isEmpty()) {
            return that;
        }
        return new NetfsPath(fs, path + "/" + that.path);
    }

    @Override
    public Path relativize(Path other) {
        NetfsPath that = check(other);
        if (that.isAbsolute() != isAbsolute()) {
            throw new IllegalArgumentException("cannot relativize " + that + " against " + this);
        }
        String[] from = path.isEmpty() ? new String[0] : names;
        String[] to = that.path.isEmpty() ? new String[0] : that.names;
        int common = 0;
        while (common < from.length && common < to.length && from[common].equals(to[common])) {
            common++;
        }
        List<String> parts = new ArrayList<>();
        for (int i = common; i < from.length; i++) {
            parts.add("..");
        }
        parts.addAll(Arrays.asList(to).subList(common, to.length));
        return new NetfsPath(fs, String.join("/", parts));
    }

    /** {@code <scheme>://<mount name>/<path>}. */
    @Override
    public URI toUri() {
        try {
            return new URI(fs.provider().getScheme(), fs.name(), ((NetfsPath) toAbsolutePath()).path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("mount name " + fs.name() + " is not a URI authority", e);
        }
    }

    @Override
    public Path toAbsolutePath() {
        return isAbsolute() ? this : new NetfsPath(fs, "/").resolve(this);
    }

    /** The absolute, normalized path, once the server has confirmed it exists (there are no links to follow). */
    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        Path real = toAbsolutePath().normalize();
        fs.provider().checkAccess(real);
        return real;
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("network filesystems here do not report changes");
    }

    @Override
    public int compareTo(Path other) {
        return path.compareTo(((NetfsPath) other).path);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NetfsPath that && that.fs == fs && that.path.equals(path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }

    @Override
    public String toString() {
        return path;
    }

    private NetfsPath check(Path other) {
        if (!(other instanceof NetfsPath that) || that.fs != fs) {
            throw new ProviderMismatchException("not a path of mount " + fs.name() + ": " + other);
        }
        return that;
    }
}
