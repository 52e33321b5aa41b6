package io.fscache.ceph;

import java.io.IOException;

/**
 * An {@code Inode*} of a {@link CephMount} with the attributes it was found with. Closing it
 * releases the reference ({@code ceph_ll_put}) unless it is the mount's root, which the mount keeps.
 * Not thread-safe: one caller uses and closes it.
 */
final class Inode implements AutoCloseable {

    final long ptr;
    final Statx stat;
    private final CephMount mount;
    private boolean owned;

    Inode(CephMount mount, long ptr, Statx stat, boolean owned) {
        this.mount = mount;
        this.ptr = ptr;
        this.stat = stat;
        this.owned = owned;
    }

    /** Hands the reference over to the caller, who now releases it ({@link CephFile} keeps it open). */
    long take() {
        owned = false;
        return ptr;
    }

    @Override
    public void close() throws IOException {
        if (owned) {
            owned = false;
            mount.put(ptr);
        }
    }
}
