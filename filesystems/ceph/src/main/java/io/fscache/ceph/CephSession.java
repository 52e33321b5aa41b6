package io.fscache.ceph;

import static io.fscache.ceph.CephMount.check;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileNames;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileSystemException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A mount of one CephFS path through the low-level inode API: paths are looked up from the mount's
 * root one {@code ceph_ll_lookup} per name on every call (libcephfs answers from its own dentry
 * cache while it holds the caps), and every reference taken is put back. Metadata calls block the
 * caller; reads and writes run on a pool of {@code readers} blocking threads, so the engine has that
 * many in flight. Thread-safe.
 */
final class CephSession implements NetfsSession {

    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_TRUNC = 01000;
    /** {@code sizeof(struct dirent)} on Linux; {@code d_name} starts at byte 19. */
    private static final int DIRENT_SIZE = 280;
    private static final int D_NAME = 19;
    private static final int STATVFS_SIZE = 112;

    private final CephMount mount;
    private final ExecutorService io;
    private final Set<CephFile> open = ConcurrentHashMap.newKeySet();

    private CephSession(CephMount mount) {
        this.mount = mount;
        AtomicInteger threads = new AtomicInteger();
        String name = "ceph-io-" + mount.options.server() + "-";
        this.io = new ThreadPoolExecutor(mount.options.readers(), mount.options.readers(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, name + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        ((ThreadPoolExecutor) io).allowCoreThreadTimeOut(true);
    }

    static CephSession open(CephOptions options, ProtocolCounters parent) throws IOException {
        return new CephSession(CephMount.open(options, new ProtocolCounters(parent)));
    }

    @Override
    public String volumeKey() {
        return mount.volumeKey();
    }

    @Override
    public IoLimits limits() {
        return new IoLimits(mount.options.rsize(), mount.options.wsize(), mount.options.readers());
    }

    @Override
    public io.fscache.netfs.FileAttributes stat(String path) throws IOException {
        try (Inode inode = mount.lookup(path)) {
            return inode.stat.attributes();
        }
    }

    @Override
    public List<DirEntry> list(String path) throws IOException {
        try (Inode dir = mount.lookup(path)) {
            long[] out = new long[1];
            check(mount.call("OPENDIR", () -> LibCephFs.ceph_ll_opendir(mount.cm, dir.ptr, out, mount.perms)), path);
            try {
                return entries(out[0], path);
            } finally {
                mount.call("RELEASEDIR", () -> LibCephFs.ceph_ll_releasedir(mount.cm, out[0]));
            }
        }
    }

    private List<DirEntry> entries(long dir, String path) throws IOException {
        List<DirEntry> entries = new ArrayList<>();
        byte[] dirent = new byte[DIRENT_SIZE];
        byte[] stx = new byte[Statx.SIZE];
        while (check(mount.call("READDIR", () -> LibCephFs.ceph_readdirplus_r(mount.cm, dir, dirent, stx, Statx.WANT, 0, 0)),
                path) > 0) {
            int end = D_NAME;
            while (end < DIRENT_SIZE && dirent[end] != 0) {
                end++;
            }
            String name = FileNames.decode(dirent, D_NAME, end - D_NAME);
            if (!name.equals(".") && !name.equals("..")) {
                entries.add(new DirEntry(name, Statx.decode(stx).attributes()));
            }
        }
        return entries;
    }

    @Override
    public RemoteFile open(String path, Set<? extends OpenOption> options) throws IOException {
        boolean write = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        int flags = write ? O_RDWR : O_RDONLY;
        if (write && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            flags |= O_TRUNC;
        }
        if (options.contains(StandardOpenOption.CREATE_NEW)) {
            return create(path, flags | O_CREAT | O_EXCL);
        }
        if (options.contains(StandardOpenOption.CREATE)) {
            return create(path, flags | O_CREAT);
        }
        int openFlags = flags;
        try (Inode inode = mount.lookup(path)) {
            if (inode.stat.isDirectory()) {
                throw new FileSystemException(path, null, Errno.describe(Errno.EISDIR));
            }
            long[] fh = new long[1];
            check(mount.call("OPEN", () -> LibCephFs.ceph_ll_open(mount.cm, inode.ptr, openFlags, fh, mount.perms)), path);
            CephFile file = track(path, inode.take(), fh[0], inode.stat);
            if ((flags & O_TRUNC) != 0) {
                file.refresh();
            }
            return file;
        }
    }

    private RemoteFile create(String path, int flags) throws IOException {
        try (Inode parent = mount.parent(path)) {
            long[] inode = new long[1];
            long[] fh = new long[1];
            byte[] stx = new byte[Statx.SIZE];
            byte[] name = CephMount.name(path);
            check(mount.call("CREATE", () -> LibCephFs.ceph_ll_create(mount.cm, parent.ptr, name, 0644, flags, inode, fh, stx,
                    Statx.WANT, 0, mount.perms)), path);
            mount.took();
            return track(path, inode[0], fh[0], Statx.decode(stx));
        }
    }

    private CephFile track(String path, long inode, long fh, Statx stat) {
        CephFile[] self = new CephFile[1];
        self[0] = new CephFile(mount, path, inode, fh, stat, io, () -> closed(self[0]));
        open.add(self[0]);
        return self[0];
    }

    private void closed(CephFile file) {
        open.remove(file);
        byte[] id = file.attributes().fileId();
        if (open.stream().noneMatch(other -> Arrays.equals(other.attributes().fileId(), id))) {
            mount.invalidations().closed(id);
        }
    }

    @Override
    public void mkdir(String path) throws IOException {
        try (Inode parent = mount.parent(path)) {
            long[] out = new long[1];
            byte[] stx = new byte[Statx.SIZE];
            byte[] name = CephMount.name(path);
            check(mount.call("MKDIR", () -> LibCephFs.ceph_ll_mkdir(mount.cm, parent.ptr, name, 0755, out, stx, Statx.WANT, 0,
                    mount.perms)), path);
            mount.took();
            mount.put(out[0]);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        boolean directory;
        try (Inode target = mount.lookup(path)) {
            directory = target.stat.isDirectory();
        }
        try (Inode parent = mount.parent(path)) {
            byte[] name = CephMount.name(path);
            check(directory
                    ? mount.call("RMDIR", () -> LibCephFs.ceph_ll_rmdir(mount.cm, parent.ptr, name, mount.perms))
                    : mount.call("UNLINK", () -> LibCephFs.ceph_ll_unlink(mount.cm, parent.ptr, name, mount.perms)), path);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try (Inode source = mount.parent(from); Inode target = mount.parent(to)) {
            byte[] name = CephMount.name(from);
            byte[] newName = CephMount.name(to);
            check(mount.call("RENAME", () -> LibCephFs.ceph_ll_rename(mount.cm, source.ptr, name, target.ptr, newName,
                    mount.perms)), from);
        }
    }

    @Override
    public FileSpace space() throws IOException {
        try (Inode root = mount.lookup("/")) {
            byte[] statvfs = new byte[STATVFS_SIZE];
            check(mount.call("STATFS", () -> LibCephFs.ceph_ll_statfs(mount.cm, root.ptr, statvfs)), "/");
            ByteBuffer b = ByteBuffer.wrap(statvfs).order(ByteOrder.nativeOrder());
            long fragment = b.getLong(8);
            return new FileSpace(b.getLong(16) * fragment, b.getLong(24) * fragment, b.getLong(32) * fragment);
        }
    }

    /** Hands the MDS's inode invalidations to the engine ({@link InodeInvalidations}). */
    @Override
    public void onServerChange(Consumer<byte[]> listener) {
        mount.invalidations().listener(listener);
    }

    @Override
    public ProtocolStats stats() {
        return mount.counters().snapshot();
    }

    /** Inode references this session holds now: its root's, and one per open file. */
    long heldInodes() {
        return mount.heldInodes();
    }

    /** Closes the files still open, stops the pool, and unmounts. */
    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (CephFile file : List.copyOf(open)) {
            try {
                file.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        io.shutdown();
        mount.close();
        if (failure != null) {
            throw failure;
        }
    }
}
