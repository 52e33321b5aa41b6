package io.fscache.ceph;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import io.fscache.netfs.ProtocolCounters;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The inode invalidations libcephfs reports for one mount ({@code ino_cb} of
 * {@code ceph_ll_register_callbacks}, {@code cephfs/ceph_ll_client.h} of pacific): the client calls
 * it when another client truncates a file it holds caps on ({@code handle_cap_trunc}), and when the
 * MDS revokes the file-cache cap ({@code Fc}, as another client opens the file for writing) while
 * the object cacher ({@code client_oc}) holds some of the file's data; without the object cacher a
 * revocation of {@code Fc} is not reported. Each one is counted as {@code INO_INVALIDATE} and
 * handed, as the inode's {@link Statx#fileId()}, to the engine's listener.
 *
 * <p>Threading: libcephfs calls {@link InoCallback#invoke} on its {@code async_ino_invalidator}
 * thread, outside its client lock; the callback only queues the id on a thread of its own, which
 * calls the listener, so nothing is ever called back into libcephfs from a Ceph thread. This object
 * holds the only strong reference to the native callback: it must outlive the mount's client
 * ({@code ceph_release}), and {@link #keepForever()} keeps it for a client that is never released.
 */
final class InodeInvalidations {

    /** Callbacks of clients left allocated ({@link CephMount#close()}): freed code must never be called. */
    private static final Set<InodeInvalidations> KEPT = ConcurrentHashMap.newKeySet();

    /** {@code client_ino_callback_t}: {@code void (*)(void *handle, vinodeno_t ino, int64_t off, int64_t len)}. */
    public interface InoCallback extends Callback {
        void invoke(Pointer handle, Vino.ByValue vino, long offset, long length);
    }

    /** {@code vinodeno_t}: the inode number and the snapshot id ({@code CEPH_NOSNAP}, -2, for the live file). */
    @Structure.FieldOrder({"ino", "snapid"})
    public static class Vino extends Structure {
        public long ino;
        public long snapid;

        /** Passed by value, as {@code ino_cb} takes it. */
        public static class ByValue extends Vino implements Structure.ByValue {
        }
    }

    /**
     * {@code struct ceph_client_callback_args}: an opaque handle and six function pointers, of which
     * only {@code ino_cb} is set; libcephfs leaves the callbacks given as NULL alone.
     */
    @Structure.FieldOrder({"handle", "ino_cb", "dentry_cb", "switch_intr_cb", "remount_cb", "umask_cb", "ino_release_cb"})
    public static class CallbackArgs extends Structure {
        public Pointer handle;
        public InoCallback ino_cb;
        public Pointer dentry_cb;
        public Pointer switch_intr_cb;
        public Pointer remount_cb;
        public Pointer umask_cb;
        public Pointer ino_release_cb;
    }

    private final ProtocolCounters counters;
    private final ExecutorService notices;
    /** Files noticed changing while open here, as their {@link Statx#fileId()}: see {@link #refreshed}. */
    private final Set<ByteBuffer> distrusted = ConcurrentHashMap.newKeySet();
    private final InoCallback callback = this::invalidated;
    private volatile Consumer<byte[]> listener;

    InodeInvalidations(ProtocolCounters counters, String server) {
        this.counters = counters;
        this.notices = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "ceph-invalidations-" + server);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Registers the callback with the mounted client {@code cm}; libcephfs copies the function pointer. */
    void register(long cm) {
        CallbackArgs args = new CallbackArgs();
        args.ino_cb = callback;
        LibCephFs.ceph_ll_register_callbacks(cm, args);
    }

    /** Sets the engine's listener ({@code NetfsSession.onServerChange}); notices before it are only counted. */
    void listener(Consumer<byte[]> engine) {
        listener = engine;
    }

    private void invalidated(Pointer handle, Vino.ByValue vino, long offset, long length) {
        counters.sent("INO_INVALIDATE");
        counters.answered();
        Consumer<byte[]> engine = listener;
        if (engine == null) {
            return;
        }
        byte[] fileId = ByteBuffer.allocate(16).putLong(vino.ino).putLong(vino.snapid).array();
        distrusted.add(ByteBuffer.wrap(fileId));
        try {
            notices.execute(() -> engine.accept(fileId));
        } catch (RejectedExecutionException closed) {
            // The session is closed: nothing is cached through it any more.
        }
    }

    /**
     * Called after each attribute refresh of an open file: if the file was noticed changing, the
     * engine is told again, so that its next read refreshes too. A notice comes when the other
     * client <em>begins</em> (its truncation, or its open for writing), and no second one comes for
     * the bytes it writes after: the caps it revoked are not granted back while the file stays open
     * here. So a noticed file is checked at every read, until it is closed here
     * ({@link #closed}); {@code ceph_ll_getattr} is local again once the other client is done.
     */
    void refreshed(byte[] fileId) {
        Consumer<byte[]> engine = listener;
        if (engine != null && distrusted.contains(ByteBuffer.wrap(fileId))) {
            engine.accept(fileId);
        }
    }

    /** The file's last handle here closed: its next open checks it, as every open does. */
    void closed(byte[] fileId) {
        distrusted.remove(ByteBuffer.wrap(fileId));
    }

    /** Keeps the callback alive for good: its client could not be released. */
    void keepForever() {
        KEPT.add(this);
    }

    /** Stops the notice thread, once the client is released (it calls the callback no more). */
    void close() {
        notices.shutdown();
    }
}
