package io.fscache.core;

import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One generation of a cookie's backing object, reference counted: one reference for the cookie's
 * binding and one per open {@link AccessImpl}. A detached object (invalidated, withdrawn, retired,
 * discarded for the LRU or after an error) serves no new access; it is committed and closed, or
 * discarded, once its last access ends, so that no backend object is ever closed under I/O.
 */
final class BoundObject {

    private static final System.Logger LOG = System.getLogger(BoundObject.class.getName());

    /** What happens to a detached object once its last access ends. */
    enum Disposal { COMMIT_AND_CLOSE, DISCARD }

    final CookieImpl cookie;
    final RegisteredCache cache;
    final CacheObject object;

    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile boolean detached;
    private Disposal disposal;
    private byte[] commitAux;
    private long commitSize;
    private boolean blocksLookup;

    BoundObject(CookieImpl cookie, RegisteredCache cache, CacheObject object) {
        this.cookie = cookie;
        this.cache = cache;
        this.object = object;
    }

    /** Adds a reference for an access. Only called while the object is the cookie's bound one. */
    void retain() {
        refs.incrementAndGet();
    }

    boolean isDetached() {
        return detached;
    }

    /**
     * Detaches the object from its cookie. Called under the cookie's lock, once.
     *
     * @param blocksLookup the cookie must not look its key up again until this object is disposed
     *        of (true unless a next generation already replaced it)
     */
    void detach(Disposal how, byte[] aux, long size, boolean blocksLookup) {
        this.disposal = how;
        this.commitAux = aux;
        this.commitSize = size;
        this.blocksLookup = blocksLookup;
        this.detached = true;
    }

    boolean blocksLookup() {
        return blocksLookup;
    }

    /** Drops a reference from a worker thread: a disposal due now runs here. */
    void releaseOnWorker() {
        if (refs.decrementAndGet() == 0) {
            dispose();
        }
    }

    /** Drops a reference from any thread: a disposal due now is handed to the worker pool. */
    void release() {
        if (refs.decrementAndGet() == 0) {
            cookie.service().worker().execute(this::dispose);
        }
    }

    private void dispose() {
        try {
            if (disposal == Disposal.DISCARD) {
                object.discard();
            } else {
                commitAndClose();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "Closing an object of " + cache + " failed", e);
        } finally {
            cookie.service().limiter().release();
            cookie.onDisposed(this);
            // Last: a withdrawal waiting for this count returns only once the cookie has settled.
            cache.objectClosed();
        }
    }

    private void commitAndClose() {
        try {
            object.commit(commitAux, commitSize);
        } catch (IOException e) {
            // Coherency data that cannot be recorded cannot be checked later: drop the data.
            LOG.log(Level.WARNING, "Committing an object of " + cache + " failed, discarding it: " + e);
            cookie.service().counters().ioErrors.increment();
            object.discard();
            return;
        }
        object.close();
    }
}
