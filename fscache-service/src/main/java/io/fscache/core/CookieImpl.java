package io.fscache.core;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.CookieInfo;
import io.fscache.api.CookieState;
import io.fscache.api.Volume;
import io.fscache.core.BoundObject.Disposal;
import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A cookie and its state machine.
 *
 * <p>API calls only change fields under the cookie's monitor and queue the machine; the machine runs
 * on the shared worker pool, at most one run per cookie at a time, and does the backend work (lookup,
 * creation, invalidation, commit and close) outside the monitor. Each run loops: under the monitor
 * it picks the next step from the state and the pending requests, then performs it unlocked. Many
 * requests arriving together (use, unuse, relinquish) coalesce into one run.
 *
 * <p>Only {@link #beginOperation()} waits, and only for this cookie's lookup or invalidation.
 */
final class CookieImpl implements Cookie {

    private static final System.Logger LOG = System.getLogger(CookieImpl.class.getName());

    private final FsCacheService service;
    private final VolumeImpl volume;
    private final CookieKey key;
    private final long debugId;
    private final AtomicInteger accesses = new AtomicInteger();
    /** Serializes resizes of this file: the only backend call made on the caller's thread. */
    private final ReentrantLock resizeLock = new ReentrantLock();

    private volatile byte[] aux;
    private volatile long objectSize;
    private volatile long invalidations;

    // Guarded by this.
    private CookieState state = CookieState.QUIESCENT;
    private int users;
    /** A user opened the file for writing, and some user still has it (the kernel's FSCACHE_COOKIE_LOCAL_WRITE). */
    private boolean localWrite;
    /** The bound object is to be told to expect writes (the kernel's FSCACHE_COOKIE_DO_PREP_TO_WRITE). */
    private boolean prepareWritePending;
    private boolean relinquished;
    private boolean retire;
    private boolean lookupWanted;
    private boolean invalidatePending;
    private boolean withdrawPending;
    private boolean lruExpired;
    private boolean errorPending;
    private boolean machineQueued;
    private long lookupAttempts;
    private int pendingDisposals;
    private BoundObject bound;

    // Guarded by the CookieLru's lock.
    CookieImpl lruPrev;
    CookieImpl lruNext;
    long lruExpiry;
    boolean lruQueued;
    RegisteredCache lruCache;

    CookieImpl(FsCacheService service, VolumeImpl volume, CookieKey key, byte[] aux, long objectSize, long debugId) {
        this.service = service;
        this.volume = volume;
        this.key = key;
        this.aux = aux;
        this.objectSize = objectSize;
        this.debugId = debugId;
    }

    // ---- API ----

    @Override
    public Volume volume() {
        return volume;
    }

    @Override
    public byte[] key() {
        return key.bytes();
    }

    @Override
    public byte[] aux() {
        return aux.clone();
    }

    @Override
    public long objectSize() {
        return objectSize;
    }

    @Override
    public synchronized CookieState state() {
        return state;
    }

    @Override
    public void use(boolean willModify) {
        synchronized (this) {
            checkLive();
            users++;
            if (willModify) {
                localWrite = true;
                prepareWritePending = true;
                if (state == CookieState.ACTIVE) {
                    queueMachine();
                }
            }
            if (users == 1 && service.lru().remove(this)) {
                service.counters().lruRemoved.increment();
            }
            if (state == CookieState.FAILED) {
                state = CookieState.QUIESCENT;
            }
            if (state == CookieState.QUIESCENT && service.hasUsableCache(volume.cacheName())) {
                lookupWanted = true;
                queueMachine();
            }
        }
    }

    @Override
    public void unuse(byte[] newAux, long newSize) {
        byte[] checkedAux = newAux == null ? null : Keys.checkAux(newAux);
        checkOptionalSize(newSize);
        boolean resize;
        synchronized (this) {
            checkLive();
            if (users == 0) {
                throw new IllegalStateException("cookie " + debugId + " is not in use");
            }
            resize = setCoherency(checkedAux, newSize);
            if (--users == 0) {
                localWrite = false;
                parkOnLru();
            }
        }
        if (resize) {
            applyResize();
        }
    }

    @Override
    public void invalidate(byte[] newAux, long newSize) {
        byte[] checkedAux = newAux == null ? null : Keys.checkAux(newAux);
        Keys.checkSize(newSize);
        service.counters().invalidations.increment();
        synchronized (this) {
            checkLive();
            if (checkedAux != null) {
                aux = checkedAux;
            }
            objectSize = newSize;
            // From here on, every access begun earlier is stale.
            invalidations++;
            invalidatePending = true;
            if (state == CookieState.ACTIVE) {
                // Make new operations wait for the fresh generation instead of using the old one.
                state = CookieState.INVALIDATING;
                queueMachine();
            }
        }
    }

    @Override
    public void resize(long newSize) {
        Keys.checkSize(newSize);
        service.counters().resizes.increment();
        synchronized (this) {
            checkLive();
            objectSize = newSize;
        }
        applyResize();
    }

    @Override
    public void update(byte[] newAux, long newSize) {
        byte[] checkedAux = newAux == null ? null : Keys.checkAux(newAux);
        checkOptionalSize(newSize);
        service.counters().updates.increment();
        boolean resize;
        synchronized (this) {
            checkLive();
            resize = setCoherency(checkedAux, newSize);
        }
        if (resize) {
            applyResize();
        }
    }

    @Override
    public void relinquish(boolean retire) {
        synchronized (this) {
            checkLive();
            relinquished = true;
            this.retire = retire;
            users = 0;
            service.lru().remove(this);
            queueMachine();
        }
        service.counters().relinquishes.increment();
        if (retire) {
            service.counters().relinquishesRetire.increment();
        }
    }

    @Override
    public Optional<CacheAccess> beginOperation() {
        synchronized (this) {
            checkLive();
            long attemptsSeen = lookupAttempts;
            boolean asked = false;
            while (true) {
                switch (state) {
                    case ACTIVE:
                        return openAccess();
                    case QUIESCENT:
                        // Bind now if a cache is live; but never wait for a disposal: the caller may
                        // itself hold the access that keeps the old object open.
                        if (asked && lookupAttempts != attemptsSeen || pendingDisposals > 0
                                || !service.hasUsableCache(volume.cacheName())) {
                            if (pendingDisposals > 0) {
                                lookupWanted = true;
                            }
                            return Optional.empty();
                        }
                        lookupWanted = true;
                        asked = true;
                        queueMachine();
                        break;
                    case LOOKING_UP, CREATING, INVALIDATING:
                        break;
                    default:
                        // FAILED, or an object on its way out: uncached for now.
                        return Optional.empty();
                }
                awaitChange();
            }
        }
    }

    @Override
    public String toString() {
        return "cookie " + debugId + " [" + volume.key() + ", " + HexFormat.of().formatHex(key.bytes()) + "]";
    }

    // ---- used by the rest of the core ----

    long debugId() {
        return debugId;
    }

    CookieKey cookieKey() {
        return key;
    }

    long invalidationCount() {
        return invalidations;
    }

    FsCacheService service() {
        return service;
    }

    synchronized boolean isRelinquished() {
        return relinquished;
    }

    /**
     * Waits until a relinquished cookie has been dropped, so its key may be used again. That needs
     * every access to its object closed: a caller that leaks an access keeps us here, so say so.
     */
    synchronized void awaitDropped() {
        boolean interrupted = false;
        long started = System.nanoTime();
        long nextWarning = TimeUnit.SECONDS.toNanos(10);
        while (state != CookieState.DROPPED) {
            try {
                wait(1_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            long waited = System.nanoTime() - started;
            if (state != CookieState.DROPPED && waited >= nextWarning) {
                LOG.log(Level.WARNING, this + " has waited " + TimeUnit.NANOSECONDS.toSeconds(waited)
                        + " s to be dropped; " + accesses.get() + " cache access(es) on it are still open");
                nextWarning += TimeUnit.SECONDS.toNanos(60);
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void endAccess() {
        accesses.decrementAndGet();
    }

    /** A read or write on {@code failed} hit an I/O error: discard that object, rebind later. */
    void reportIoError(BoundObject failed, Throwable cause) {
        service.counters().ioErrors.increment();
        LOG.log(Level.DEBUG, () -> this + ": cache I/O error: " + cause);
        synchronized (this) {
            if (bound == failed) {
                errorPending = true;
                queueMachine();
            }
        }
        if (failed.cache.noteError()) {
            service.cacheFailed(failed.cache);
        }
    }

    /** The cookie's cache is being withdrawn. */
    synchronized void requestWithdraw(RegisteredCache cache) {
        if (bound != null && bound.cache == cache) {
            withdrawPending = true;
            queueMachine();
        }
    }

    /** The LRU timer says this cookie has been idle long enough. */
    synchronized void lruExpire() {
        if (users == 0 && bound != null) {
            lruExpired = true;
            queueMachine();
        }
    }

    /**
     * Commits and closes this idle cookie's object at once, on the caller's thread: to free an
     * open-object slot, or space in its cache. Does nothing if the cookie is busy (used, accessed,
     * or its machine is running); an idle one that was busy only for a moment goes back on the LRU.
     *
     * @return whether the object was detached for closing
     */
    boolean discardToFreeSlot() {
        BoundObject victim;
        synchronized (this) {
            if (state != CookieState.ACTIVE || users > 0 || accesses.get() > 0 || machineQueued || bound == null) {
                if (users == 0 && bound != null && !relinquished) {
                    parkOnLru();
                }
                return false;
            }
            state = CookieState.LRU_DISCARDING;
            victim = detachLocked(Disposal.COMMIT_AND_CLOSE);
        }
        service.counters().lruDropped.increment();
        victim.releaseOnWorker();
        return true;
    }

    /** A detached object of this cookie has been closed or discarded. */
    synchronized void onDisposed(BoundObject object) {
        if (object.blocksLookup()) {
            pendingDisposals--;
        }
        if (pendingDisposals == 0) {
            switch (state) {
                case RELINQUISHING -> drop();
                case LRU_DISCARDING, WITHDRAWING -> {
                    state = CookieState.QUIESCENT;
                    if (relinquished) {
                        // Relinquished while its object was going: the machine, idle meanwhile, drops it now.
                        queueMachine();
                    } else if (lookupWanted || users > 0 && service.hasUsableCache(volume.cacheName())) {
                        lookupWanted = true;
                        queueMachine();
                    }
                }
                case QUIESCENT -> {
                    if (lookupWanted || relinquished) {
                        queueMachine();
                    }
                }
                default -> {
                }
            }
        }
        notifyAll();
    }

    synchronized CookieInfo info() {
        HexFormat hex = HexFormat.of();
        return new CookieInfo(debugId, volume.debugId(), state, users, accesses.get(), invalidations,
                bound == null ? null : bound.cache.name, hex.formatHex(key.bytes()), hex.formatHex(aux), objectSize);
    }

    // ---- the state machine ----

    private void queueMachine() {
        if (!machineQueued) {
            machineQueued = true;
            service.worker().execute(this::runMachine);
        }
    }

    private void runMachine() {
        while (true) {
            Runnable step;
            synchronized (this) {
                step = nextStep();
                if (step == null) {
                    machineQueued = false;
                    notifyAll();
                    return;
                }
            }
            step.run();
        }
    }

    /** Picks the next piece of work from the state and the pending requests. Called locked. */
    private Runnable nextStep() {
        switch (state) {
            case QUIESCENT, FAILED:
                if (relinquished) {
                    if (pendingDisposals == 0) {
                        drop();
                    } else {
                        state = CookieState.RELINQUISHING;
                    }
                    return null;
                }
                if (state == CookieState.QUIESCENT && lookupWanted && pendingDisposals == 0) {
                    lookupWanted = false;
                    setState(CookieState.LOOKING_UP);
                    return this::lookUp;
                }
                return null;
            case ACTIVE, INVALIDATING:
                if (relinquished) {
                    setState(CookieState.RELINQUISHING);
                    return detachStep(retire ? Disposal.DISCARD : Disposal.COMMIT_AND_CLOSE);
                }
                if (withdrawPending || !bound.cache.isActive()) {
                    withdrawPending = false;
                    setState(CookieState.WITHDRAWING);
                    return detachStep(Disposal.COMMIT_AND_CLOSE);
                }
                if (errorPending) {
                    errorPending = false;
                    setState(CookieState.QUIESCENT);
                    return detachStep(Disposal.DISCARD);
                }
                if (invalidatePending) {
                    invalidatePending = false;
                    setState(CookieState.INVALIDATING);
                    BoundObject current = bound;
                    byte[] newAux = aux;
                    long newSize = objectSize;
                    return () -> reinvalidate(current, newAux, newSize);
                }
                if (state == CookieState.INVALIDATING) {
                    setState(CookieState.ACTIVE);
                }
                if (prepareWritePending) {
                    prepareWritePending = false;
                    if (localWrite && !bound.preparedForWrite && bound.cache.beginAccess()) {
                        BoundObject target = bound;
                        target.preparedForWrite = true;
                        target.retain();
                        return () -> prepareToWrite(target);
                    }
                }
                if (lruExpired) {
                    lruExpired = false;
                    if (users == 0) {
                        service.counters().lruExpired.increment();
                        setState(CookieState.LRU_DISCARDING);
                        return detachStep(Disposal.COMMIT_AND_CLOSE);
                    }
                }
                lookupWanted = false;
                return null;
            case RELINQUISHING:
                if (pendingDisposals == 0) {
                    drop();
                }
                return null;
            default:
                // LRU_DISCARDING and WITHDRAWING end in onDisposed; LOOKING_UP and CREATING belong
                // to the step in progress; DROPPED is final.
                return null;
        }
    }

    private Runnable detachStep(Disposal how) {
        BoundObject old = detachLocked(how);
        return old::releaseOnWorker;
    }

    private BoundObject detachLocked(Disposal how) {
        BoundObject old = bound;
        bound = null;
        old.cache.boundCookies.remove(this);
        old.detach(how, aux, objectSize, true);
        pendingDisposals++;
        service.lru().remove(this);
        return old;
    }

    private void lookUp() {
        RegisteredCache cache = service.selectCache(volume.cacheName());
        if (cache == null || !cache.beginAccess()) {
            service.counters().lookupsNoCache.increment();
            finishLookup(null, CookieState.QUIESCENT);
            return;
        }
        try {
            if (!service.limiter().acquire()) {
                service.counters().lookupsNoCache.increment();
                finishLookup(null, CookieState.QUIESCENT);
                return;
            }
            BoundObject found = null;
            try {
                found = new BoundObject(this, cache, openObject(cache));
                cache.objectOpened();
            } catch (IOException | RuntimeException e) {
                service.counters().lookupsFailed.increment();
                LOG.log(Level.WARNING, this + ": lookup in " + cache + " failed: " + e);
                if (cache.noteError()) {
                    service.cacheFailed(cache);
                }
            } finally {
                if (found == null) {
                    service.limiter().release();
                }
            }
            finishLookup(found, CookieState.FAILED);
        } finally {
            cache.endAccess();
        }
    }

    private CacheObject openObject(RegisteredCache cache) throws IOException {
        BackendVolume backendVolume = volume.backendVolume(cache);
        byte[] lookupAux = aux;
        long lookupSize = objectSize;
        service.counters().lookups.increment();
        Optional<CacheObject> existing = backendVolume.lookupObject(key.bytes(), lookupAux, lookupSize);
        if (existing.isPresent()) {
            return existing.get();
        }
        service.counters().lookupsNegative.increment();
        synchronized (this) {
            setState(CookieState.CREATING);
        }
        return backendVolume.createObject(key.bytes(), lookupAux, lookupSize);
    }

    private synchronized void finishLookup(BoundObject found, CookieState stateIfNone) {
        lookupAttempts++;
        if (found == null) {
            setState(stateIfNone);
            return;
        }
        bound = found;
        found.cache.boundCookies.add(this);
        prepareWritePending = localWrite;
        // An invalidation that arrived during the lookup applies to what was found.
        setState(invalidatePending ? CookieState.INVALIDATING : CookieState.ACTIVE);
        if (users == 0 && !relinquished) {
            parkOnLru();
        }
    }

    private void reinvalidate(BoundObject current, byte[] newAux, long newSize) {
        RegisteredCache cache = current.cache;
        CacheObject next = null;
        if (cache.beginAccess()) {
            try {
                if (service.limiter().acquire()) {
                    try {
                        next = current.object.invalidate(newAux, newSize);
                        cache.objectOpened();
                    } catch (IOException | RuntimeException e) {
                        service.limiter().release();
                        service.counters().ioErrors.increment();
                        LOG.log(Level.WARNING, this + ": invalidation in " + cache + " failed: " + e);
                        if (cache.noteError()) {
                            service.cacheFailed(cache);
                        }
                    }
                }
            } finally {
                cache.endAccess();
            }
        }
        synchronized (this) {
            bound = null;
            if (next != null) {
                // The old generation was detached by the backend: it cannot be found again, so
                // lookups need not wait for it.
                current.detach(Disposal.DISCARD, newAux, newSize, false);
                bound = new BoundObject(this, cache, next);
                prepareWritePending = localWrite;
                setState(invalidatePending ? CookieState.INVALIDATING : CookieState.ACTIVE);
            } else {
                // No next generation: discard the old one before anything may look the key up.
                cache.boundCookies.remove(this);
                current.detach(Disposal.DISCARD, newAux, newSize, true);
                pendingDisposals++;
                invalidatePending = false;
                setState(CookieState.QUIESCENT);
            }
        }
        current.releaseOnWorker();
    }

    /** Tells the bound object to expect writes; a failure counts as the object's I/O error. */
    private void prepareToWrite(BoundObject target) {
        try {
            target.object.prepareToWrite();
        } catch (IOException | RuntimeException e) {
            reportIoError(target, e);
        } finally {
            target.release();
            target.cache.endAccess();
        }
    }

    private void applyResize() {
        resizeLock.lock();
        try {
            BoundObject target;
            long size;
            synchronized (this) {
                if (state != CookieState.ACTIVE || !bound.cache.beginAccess()) {
                    // Nothing bound: the next lookup passes the new size, and a cached object of
                    // another size is stale. An invalidation in progress uses the new size too.
                    return;
                }
                target = bound;
                target.retain();
                size = objectSize;
            }
            try {
                target.object.resize(size);
            } catch (IOException | RuntimeException e) {
                reportIoError(target, e);
            } finally {
                target.release();
                target.cache.endAccess();
            }
        } finally {
            resizeLock.unlock();
        }
    }

    // ---- helpers, called locked ----

    private Optional<CacheAccess> openAccess() {
        if (!bound.cache.beginAccess()) {
            return Optional.empty();
        }
        bound.retain();
        accesses.incrementAndGet();
        return Optional.of(new AccessImpl(this, bound, invalidations));
    }

    /** Records new coherency data and size; true if the size changed and the object must follow. */
    private boolean setCoherency(byte[] newAux, long newSize) {
        if (newAux != null) {
            aux = newAux;
        }
        if (newSize >= 0 && newSize != objectSize) {
            objectSize = newSize;
            return true;
        }
        return false;
    }

    private void parkOnLru() {
        if (bound == null || relinquished) {
            return;
        }
        if (service.settings().lruTimeout().isZero()) {
            lruExpired = true;
            queueMachine();
        } else {
            service.lru().add(this, bound.cache, System.nanoTime());
        }
    }

    private void drop() {
        setState(CookieState.DROPPED);
        volume.removeCookie(this);
        service.counters().cookies.decrementAndGet();
        service.counters().relinquishesDropped.increment();
    }

    private void setState(CookieState next) {
        state = next;
        notifyAll();
    }

    private void awaitChange() {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cookie " + debugId, e);
        }
    }

    private void checkLive() {
        if (relinquished) {
            throw new IllegalStateException("cookie " + debugId + " has been relinquished");
        }
    }

    private static void checkOptionalSize(long size) {
        if (size < -1) {
            throw new IllegalArgumentException("object size must be -1 (unchanged) or >= 0: " + size);
        }
    }
}
