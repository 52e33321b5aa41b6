package io.fscache.ceph;

import io.fscache.netfs.FileNames;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.VolumeKeys;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * One libcephfs mount ({@code struct ceph_mount_info}) of one filesystem at one path, made from
 * code: {@code ceph_create}, {@code ceph_conf_set} ({@code mon_host}, {@code key},
 * {@code client_mount_timeout}, an empty {@code admin_socket} so clients on one host do not collide,
 * {@code client_oc}), {@code ceph_select_filesystem}, {@code ceph_mount}, then
 * {@code ceph_ll_register_callbacks} for the inode invalidations ({@link InodeInvalidations}). Every
 * native call goes through {@link #call}, which counts it and keeps the mount alive while it runs
 * ({@link CallGate}). Every inode reference taken is counted and released ({@link #heldInodes()}).
 * Thread-safe: libcephfs serialises on its client lock and drops it while waiting on the cluster.
 */
final class CephMount implements AutoCloseable {

    final long cm;
    final long perms;
    final CephOptions options;
    private final ProtocolCounters counters;
    private final CallGate gate;
    private final AtomicLong inodes = new AtomicLong();
    private final long root;
    private final String volumeKey;
    private final InodeInvalidations invalidations;

    private CephMount(long cm, CephOptions options, ProtocolCounters counters, InodeInvalidations invalidations)
            throws IOException {
        this.cm = cm;
        this.options = options;
        this.counters = counters;
        this.invalidations = invalidations;
        this.gate = new CallGate("the ceph mount of " + options.server() + "/" + options.fsName());
        this.perms = LibCephFs.ceph_mount_perms(cm);
        long[] out = new long[1];
        check(call("LOOKUP_ROOT", () -> LibCephFs.ceph_ll_lookup_root(cm, out)), "/");
        inodes.incrementAndGet();
        this.root = out[0];
        // As Linux keys Ceph: the cluster's fsid and the filesystem's id (fscid).
        this.volumeKey = VolumeKeys.of("ceph", conf(cm, "fsid"), Long.toString(LibCephFs.ceph_get_fs_cid(cm)));
    }

    /**
     * Mounts {@code options.path()} of the filesystem.
     *
     * @throws IOException one line naming the monitor and why: not reachable, refused our key
     *         ("permission denied"), no such filesystem or path, or the library is missing
     */
    static CephMount open(CephOptions options, ProtocolCounters counters) throws IOException {
        LibCephFs.check();
        probe(options);
        long[] out = new long[1];
        int created = LibCephFs.ceph_create(out, cstr(options.clientId()));
        if (created < 0) {
            throw new IOException("cannot create a ceph client for client." + options.clientId() + ": " + Errno.describe(created));
        }
        long cm = out[0];
        InodeInvalidations invalidations = new InodeInvalidations(counters, options.server());
        try {
            configure(cm, options);
            String where = "ceph cluster " + options.server() + " (client." + options.clientId() + ")";
            int selected = LibCephFs.ceph_select_filesystem(cm, cstr(options.fsName()));
            if (selected < 0) {
                throw new IOException(where + ": cannot select filesystem " + options.fsName() + ": " + Errno.describe(selected));
            }
            int mounted = LibCephFs.ceph_mount(cm, cstr(options.path()));
            if (mounted < 0) {
                throw new IOException(where + ": cannot mount " + options.fsName() + options.path() + ": " + Errno.describe(mounted)
                        + (mounted == -Errno.ENOENT ? " (no such filesystem or path)" : ""));
            }
            // Before any inode is looked up: every cap the client takes can be revoked with a notice.
            invalidations.register(cm);
            return new CephMount(cm, options, counters, invalidations);
        } catch (IOException | RuntimeException e) {
            LibCephFs.ceph_release(cm);
            invalidations.close();
            throw e;
        }
    }

    private static void configure(long cm, CephOptions options) throws IOException {
        if (options.conf().isPresent()) {
            int read = LibCephFs.ceph_conf_read_file(cm, cstr(options.conf().get().toString()));
            if (read < 0) {
                throw new IOException("cannot read the ceph configuration " + options.conf().get() + ": " + Errno.describe(read));
            }
        }
        set(cm, "mon_host", options.monHost());
        if (options.key().isPresent()) {
            set(cm, "key", options.key().get());
        }
        String seconds = Long.toString(Math.max(1, options.timeout().toSeconds()));
        set(cm, "client_mount_timeout", seconds);
        // An OSD that does not answer fails the read or write (ETIMEDOUT) instead of blocking it for good.
        set(cm, "rados_osd_op_timeout", seconds);
        set(cm, "admin_socket", "");
        set(cm, "client_oc", Boolean.toString(options.objectCacher()));
    }

    private static void set(long cm, String option, String value) throws IOException {
        byte[] text = cstr(value);
        try {
            int set = LibCephFs.ceph_conf_set(cm, cstr(option), text);
            if (set < 0) {
                // The value is not repeated: it may be the key.
                throw new IOException("ceph refused the setting " + option + ": " + Errno.describe(set));
            }
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    private static String conf(long cm, String option) throws IOException {
        byte[] buf = new byte[256];
        int got = LibCephFs.ceph_conf_get(cm, cstr(option), buf, buf.length);
        if (got < 0) {
            throw new IOException("cannot read ceph setting " + option + ": " + Errno.describe(got));
        }
        int end = 0;
        while (end < buf.length && buf[end] != 0) {
            end++;
        }
        return new String(buf, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * Fails at once when nothing listens at the monitor's address: libcephfs would retry until
     * {@code client_mount_timeout}. A monitor without a port is tried at msgr2's 3300 and msgr1's 6789.
     */
    private static void probe(CephOptions options) throws IOException {
        String host = options.monHost();
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > host.lastIndexOf(']');
        String name = hasPort ? host.substring(0, colon) : host;
        name = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
        int[] ports = hasPort ? new int[] {Integer.parseInt(host.substring(colon + 1))} : new int[] {3300, 6789};
        for (int port : ports) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(name, port), (int) Math.min(options.timeout().toMillis(), 5000));
                return;
            } catch (ConnectException refused) {
                // try the next port, else fail below
            } catch (IOException other) {
                return; // unresolvable or slow: libcephfs says why within its own timeout
            }
        }
        throw new IOException("cannot reach the ceph monitor " + host + (hasPort ? "" : " (ports 3300 and 6789)")
                + ": connection refused");
    }

    /** The cache volume key: {@code ceph,<cluster fsid>,<fscid>}. */
    String volumeKey() {
        return volumeKey;
    }

    /**
     * Runs one native call, counted as {@code kind}, while the mount cannot be freed.
     *
     * @return the call's result (a negated errno on failure, counted as an error unless it is
     *         ENOENT: that a name does not exist is an answer)
     * @throws IOException if the mount is closed
     */
    int call(String kind, IntSupplier call) throws IOException {
        gate.enter();
        counters.sent(kind);
        try {
            int result = call.getAsInt();
            if (result < 0) {
                counters.failed(Errno.toException(-result, kind));
            }
            return result;
        } finally {
            counters.answered();
            gate.exit();
        }
    }

    ProtocolCounters counters() {
        return counters;
    }

    /** The MDS's inode invalidations of this mount, for the engine's listener. */
    InodeInvalidations invalidations() {
        return invalidations;
    }

    /** Inode references this mount holds now (the root's among them while it is open). */
    long heldInodes() {
        return inodes.get();
    }

    /** The inode at {@code path} ({@code "/"} is the mount's root), with its attributes; the caller closes it. */
    Inode lookup(String path) throws IOException {
        return walk(path, path);
    }

    /** The directory holding {@code path}'s last name; the caller closes it. */
    Inode parent(String path) throws IOException {
        int slash = path.lastIndexOf('/');
        return walk(slash <= 0 ? "/" : path.substring(0, slash), path);
    }

    /** The last name of {@code path} as libcephfs takes it: its bytes and a NUL. */
    static byte[] name(String path) {
        return cstr(path.substring(path.lastIndexOf('/') + 1));
    }

    private Inode walk(String path, String named) throws IOException {
        byte[] stx = new byte[Statx.SIZE];
        if (path.equals("/")) {
            check(call("GETATTR", () -> LibCephFs.ceph_ll_getattr(cm, root, stx, Statx.WANT, 0, perms)), named);
            return new Inode(this, root, Statx.decode(stx), false);
        }
        long current = root;
        for (String element : path.substring(1).split("/")) {
            long parent = current;
            long[] out = new long[1];
            byte[] name = cstr(element);
            int found = call("LOOKUP", () -> LibCephFs.ceph_ll_lookup(cm, parent, name, out, stx, Statx.WANT, 0, perms));
            if (parent != root) {
                put(parent);
            }
            check(found, named);
            inodes.incrementAndGet();
            current = out[0];
        }
        return new Inode(this, current, Statx.decode(stx), true);
    }

    /** Counts an inode reference a call returned ({@code ceph_ll_create}, {@code ceph_ll_mkdir}). */
    void took() {
        inodes.incrementAndGet();
    }

    /** Releases one inode reference ({@code ceph_ll_put}). */
    void put(long inode) throws IOException {
        call("PUT", () -> LibCephFs.ceph_ll_put(cm, inode));
        inodes.decrementAndGet();
    }

    /** Throws the exception for a failed call's result on {@code path}; returns a successful result. */
    static int check(int result, String path) throws IOException {
        if (result < 0) {
            throw Errno.toException(result, path);
        }
        return result;
    }

    /** A name or path as libcephfs takes it: its bytes ({@link FileNames}) and a NUL. */
    static byte[] cstr(String text) {
        byte[] bytes = FileNames.encode(text);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    /**
     * Releases the root, unmounts and frees the client, once the calls in flight have returned; if
     * some are still blocked in the cluster after the timeout, the client is left allocated, as
     * freeing it under them would crash the JVM.
     */
    @Override
    public void close() throws IOException {
        put(root);
        if (!gate.close(options.timeout())) {
            invalidations.keepForever();
            throw new IOException("ceph calls were still blocked after " + options.timeout().toSeconds()
                    + "s: the client of " + options.server() + " is left mounted");
        }
        LibCephFs.ceph_unmount(cm);
        LibCephFs.ceph_release(cm);
        invalidations.close();
    }
}
