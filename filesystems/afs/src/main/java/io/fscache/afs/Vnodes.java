package io.fscache.afs;

import io.fscache.afs.AfsCalls.Fetched;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What a session knows of each file: its last status and the callback promise that came with it.
 * A status under a live promise is used without asking the server; a promise ends when it expires
 * (ten seconds early, as kAFS treats it), or when the fileserver breaks it (CallBack for the file or,
 * with vnode 0, for its volume; InitCallBackState for everything). A break only marks the file: its
 * next use asks FetchStatus, and the cache drops its data only if the DataVersion moved
 * ({@code fs/afs/validation.c}). A reply that was in flight when a break arrived carries no promise
 * (the break counter moved meanwhile). Thread-safe; breaks arrive on the event loop and never block.
 */
final class Vnodes implements CacheManagerService.Breaks {

    /** The callback type of a promise the server will not keep ({@code CB_DROPPED}). */
    static final int DROPPED = 3;
    private static final long EARLY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Known(AfsStatus status, long promiseUntil) {
    }

    private final Map<AfsFid, Known> known = new ConcurrentHashMap<>();
    private final AtomicLong breaks = new AtomicLong();
    private final LongAdder total;
    private final Runnable forgotten;
    /** Fileservers whose InitCallBackState arrived: the first contact's; any later one means the server forgot us. */
    private final Set<InetSocketAddress> met = ConcurrentHashMap.newKeySet();
    /** The engine's listener for broken promises; none until the session is mounted. */
    private volatile Consumer<byte[]> listener = fileId -> { };

    /**
     * Vnodes whose breaks also count in {@code total} (the filesystem's, over all sessions), and that
     * run {@code forgotten} when a fileserver that knew the session meets it again as a stranger (it
     * restarted): the session's reconnect, as far as AFS has one.
     */
    Vnodes(LongAdder total, Runnable forgotten) {
        this.total = total;
        this.forgotten = forgotten;
    }

    /** The break counter, to be read before a call whose reply may carry a promise. */
    long breaks() {
        return breaks.get();
    }

    /** Records a status fetched in a call begun when the break counter was {@code breaksBefore}. */
    void fetched(AfsFid fid, Fetched fetched, long breaksBefore) {
        long until = 0;
        if (fetched.callbackSeconds() > 0 && fetched.callbackType() != DROPPED) {
            until = System.nanoTime() + TimeUnit.SECONDS.toNanos(fetched.callbackSeconds()) - EARLY_NANOS;
        }
        Known next = new Known(fetched.status(), until);
        known.compute(fid, (key, old) -> breaks.get() == breaksBefore ? next : new Known(fetched.status(), 0));
    }

    /**
     * Records the status our own change of {@code fid} returned. The fileserver breaks no promise of
     * the client that made the change, so the promise stays if the DataVersion moved by exactly one
     * from the status we knew (nobody else changed it meanwhile, kAFS's rule); otherwise it ends.
     */
    void changed(AfsFid fid, AfsStatus after) {
        known.compute(fid, (key, old) -> {
            boolean ours = old != null && old.status.dataVersion() + 1 == after.dataVersion();
            return new Known(after, ours ? old.promiseUntil : 0);
        });
    }

    /** The status of {@code fid} if a live promise covers it, else null. */
    AfsStatus promised(AfsFid fid) {
        Known k = known.get(fid);
        return k != null && k.promiseUntil != 0 && System.nanoTime() - k.promiseUntil < 0 ? k.status : null;
    }

    /** The last status seen of {@code fid}, promised or not, or null. */
    AfsStatus last(AfsFid fid) {
        Known k = known.get(fid);
        return k == null ? null : k.status;
    }

    void forget(AfsFid fid) {
        known.remove(fid);
    }

    /**
     * Takes the engine's listener for broken promises ({@link io.fscache.netfs.NetfsSession#onServerChange}):
     * it gets the broken file's cookie key, or an empty id when every file's promise is broken.
     */
    void onBroken(Consumer<byte[]> brokenFile) {
        listener = brokenFile;
    }

    @Override
    public void broken(AfsFid fid) {
        breaks.incrementAndGet();
        if (fid.vnode() == 0) {
            known.replaceAll((key, k) -> key.volume() == fid.volume() ? new Known(k.status, 0) : k);
        } else {
            known.computeIfPresent(fid, (key, k) -> new Known(k.status, 0));
        }
        listener.accept(fid.vnode() == 0 ? new byte[0] : fid.cookieKey());
        total.increment();
    }

    @Override
    public void allBroken(InetSocketAddress server) {
        if (!met.add(server)) {
            forgotten.run();
        }
        breaks.incrementAndGet();
        known.replaceAll((key, k) -> new Known(k.status, 0));
        listener.accept(new byte[0]);
        total.increment();
    }
}
