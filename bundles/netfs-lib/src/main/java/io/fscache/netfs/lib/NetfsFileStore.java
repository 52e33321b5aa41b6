package io.fscache.netfs.lib;

import io.fscache.netfs.FileSpace;
import io.fscache.netfs.FscacheFileAttributeView;
import io.fscache.netfs.NetfsUri;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileStoreAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.concurrent.TimeUnit;

/**
 * The one file store of a mount: the export's filesystem, its capacity asked of the server (9P
 * {@code Tstatfs}, SMB share information), as {@code df} does. One answer serves the three figures
 * for {@value #ANSWER_MILLIS} ms: a caller asks them one after the other and must see one answer (on
 * a disk being written, free and available from two answers made {@code df} count bytes as used).
 */
final class NetfsFileStore extends FileStore {

    private static final long ANSWER_MILLIS = 1000;

    private record Answer(FileSpace space, long atNanos) {
    }

    private final NetfsFileSystem fs;
    private volatile Answer last;

    NetfsFileStore(NetfsFileSystem fs) {
        this.fs = fs;
    }

    /** The mount's name. */
    @Override
    public String name() {
        return fs.name();
    }

    /** The mount's protocol, e.g. {@code 9p} or {@code smb}. */
    @Override
    public String type() {
        return NetfsUri.scheme(fs.mount().info().uri());
    }

    @Override
    public boolean isReadOnly() {
        return fs.isReadOnly();
    }

    @Override
    public long getTotalSpace() throws IOException {
        return space().totalBytes();
    }

    @Override
    public long getUsableSpace() throws IOException {
        return space().availableBytes();
    }

    @Override
    public long getUnallocatedSpace() throws IOException {
        return space().freeBytes();
    }

    @Override
    public boolean supportsFileAttributeView(Class<? extends FileAttributeView> type) {
        String name = type == BasicFileAttributeView.class ? "basic"
                : type == PosixFileAttributeView.class ? "posix"
                : type == FileOwnerAttributeView.class ? "owner"
                : type == FscacheFileAttributeView.class ? FscacheFileAttributeView.NAME
                : null;
        return name != null && supportsFileAttributeView(name);
    }

    @Override
    public boolean supportsFileAttributeView(String name) {
        return fs.supportedFileAttributeViews().contains(name);
    }

    @Override
    public <V extends FileStoreAttributeView> V getFileStoreAttributeView(Class<V> type) {
        return null;
    }

    @Override
    public Object getAttribute(String attribute) throws IOException {
        return switch (attribute) {
            case "totalSpace" -> getTotalSpace();
            case "usableSpace" -> getUsableSpace();
            case "unallocatedSpace" -> getUnallocatedSpace();
            default -> throw new UnsupportedOperationException("no file store attribute '" + attribute + "'");
        };
    }

    private FileSpace space() throws IOException {
        Answer answer = last;
        long now = System.nanoTime();
        if (answer != null && now - answer.atNanos() < TimeUnit.MILLISECONDS.toNanos(ANSWER_MILLIS)) {
            return answer.space();
        }
        FileSpace space = fs.mount().space();
        last = new Answer(space, now);
        return space;
    }
}
