package io.fscache.ceph;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.IOException;

/**
 * The part of libcephfs's C API ({@code cephfs/libcephfs.h} of pacific, {@code LIBCEPHFS_VER 10.0.2})
 * this client calls, bound with JNA's direct mapping to {@value #LIBRARY} from Debian's
 * {@code libcephfs2}. Opaque pointers ({@code ceph_mount_info*}, {@code Inode*}, {@code Fh*},
 * {@code UserPerm*}, {@code ceph_dir_result*}) and data buffers are passed as {@code long}
 * addresses, so this binding needs a 64-bit JVM; out-pointers are {@code long[1]}; names are
 * NUL-terminated byte arrays; {@code struct ceph_statx} is a {@value Statx#SIZE}-byte array
 * ({@link Statx}). Functions return a negative errno on failure ({@link Errno}).
 *
 * <p>The library is loaded when this class is first used; a host without it gets a one-line
 * {@link IOException} from {@link #check()} naming the package to install, and nothing else fails:
 * the bundle resolves without it.
 */
final class LibCephFs {

    /** The shared object Debian's {@code libcephfs2} installs. */
    static final String LIBRARY = "libcephfs.so.2";
    /** Why the library could not be bound, or null once it is. */
    private static final String FAILURE = bind();

    private LibCephFs() {
    }

    private static String bind() {
        if (Native.POINTER_SIZE != 8) {
            return "this CephFS client needs a 64-bit JVM";
        }
        try {
            Native.register(LibCephFs.class, NativeLibrary.getInstance(System.getProperty("fscache.ceph.library", LIBRARY)));
            return null;
        } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
            // JNA's message lists every place it looked, one per line; the one that says why is enough.
            String why = String.valueOf(e.getMessage()).lines()
                    .filter(line -> line.contains("cannot open") || line.contains("function"))
                    .findFirst().orElse("not found").strip();
            return "ceph mounts need " + LIBRARY + " (" + why + "): install Debian's libcephfs2 (apt-get install libcephfs2)";
        }
    }

    /**
     * Fails unless the library is bound.
     *
     * @throws IOException one line naming the library and the Debian package that provides it
     */
    static void check() throws IOException {
        if (FAILURE != null) {
            throw new IOException(FAILURE);
        }
    }

    // Mounting (libcephfs.h "mount").
    static native int ceph_create(long[] cmount, byte[] id);

    static native int ceph_conf_read_file(long cmount, byte[] path);

    static native int ceph_conf_set(long cmount, byte[] option, byte[] value);

    static native int ceph_conf_get(long cmount, byte[] option, byte[] buf, long len);

    static native int ceph_init(long cmount);

    static native int ceph_select_filesystem(long cmount, byte[] fsName);

    static native int ceph_mount(long cmount, byte[] root);

    static native long ceph_get_fs_cid(long cmount);

    static native long ceph_mount_perms(long cmount);

    static native int ceph_unmount(long cmount);

    static native int ceph_release(long cmount);

    /**
     * Registers {@code args}' non-NULL callbacks with a mounted client ({@code void} in pacific);
     * the struct is copied, the functions it points to must outlive the client.
     */
    static native void ceph_ll_register_callbacks(long cmount, InodeInvalidations.CallbackArgs args);

    // The low-level inode API.
    static native int ceph_ll_lookup_root(long cmount, long[] root);

    static native int ceph_ll_lookup(long cmount, long parent, byte[] name, long[] out, byte[] stx, int want, int flags,
            long perms);

    static native int ceph_ll_put(long cmount, long inode);

    static native int ceph_ll_getattr(long cmount, long inode, byte[] stx, int want, int flags, long perms);

    static native int ceph_ll_setattr(long cmount, long inode, byte[] stx, int mask, long perms);

    static native int ceph_ll_open(long cmount, long inode, int flags, long[] fh, long perms);

    static native int ceph_ll_create(long cmount, long parent, byte[] name, int mode, int oflags, long[] out, long[] fh,
            byte[] stx, int want, int flags, long perms);

    static native int ceph_ll_read(long cmount, long fh, long offset, long length, long buf);

    static native int ceph_ll_write(long cmount, long fh, long offset, long length, long data);

    static native int ceph_ll_fsync(long cmount, long fh, int dataOnly);

    static native int ceph_ll_close(long cmount, long fh);

    static native int ceph_ll_mkdir(long cmount, long parent, byte[] name, int mode, long[] out, byte[] stx, int want,
            int flags, long perms);

    static native int ceph_ll_unlink(long cmount, long parent, byte[] name, long perms);

    static native int ceph_ll_rmdir(long cmount, long parent, byte[] name, long perms);

    static native int ceph_ll_rename(long cmount, long parent, byte[] name, long newParent, byte[] newName, long perms);

    static native int ceph_ll_opendir(long cmount, long inode, long[] dir, long perms);

    static native int ceph_readdirplus_r(long cmount, long dir, byte[] dirent, byte[] stx, int want, int flags, long out);

    static native int ceph_ll_releasedir(long cmount, long dir);

    static native int ceph_ll_statfs(long cmount, long inode, byte[] statvfs);
}
