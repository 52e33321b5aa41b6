package io.fscache.core;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.CookieInfo;
import io.fscache.api.CookieState;
import io.fscache.api.Volume;
import io.fscache.core.BoundObject.Disposal;
import io.fscache.core.CookieMachine.Step;
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
 * it asks {@link CookieMachine} for the next step from the state and the pending requests, then
 * performs it unlocked. Many requests arriving together (use, unuse, relinquish) coalesce into one
 * run. The state, the requests and every decision live in the {@link CookieMachine}; this class holds
 * the bound object, the coherency data and the backend calls.
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
    /**
     * Serializes resizes of this file's object (the only backend call made on the caller's thread)
     * with the catch-up of an object just opened ({@link #publishAtCookieSize}).
     */
    private final ReentrantLock resizeLock = new ReentrantLock();

    private volatile byte[] aux;
    private volatile long objectSize;
    private volatile long invalidations;

    // Guarded by this.
    private final CookieMachine machine = new CookieMachine(new MachineHost());
    /** The object of the generation in use: non-null exactly while the machine is bound. */
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
        return machine.state();
    }

    @Override
    public void use(boolean willModify) {
        synchronized (this) {
            checkLive();
            machine.use(willModify);
            if (machine.users() == 1 && service.lru().remove(this)) {
                service.counters().lruRemoved.increment();
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
            if (machine.users() == 0) {
                throw new IllegalStateException("cookie " + debugId + " is not in use");
            }
            resize = setCoherency(checkedAux, newSize);
            if (machine.unuse()) {
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
            machine.invalidate();
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
            machine.relinquish(retire);
            service.lru().remove(this);
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
            long attemptsSeen = machine.lookupAttempts();
            boolean asked = false;
            while (true) {
                switch (machine.admit(asked, attemptsSeen)) {
                    case ACCESS:
                        return openAccess();
                    case UNCACHED:
                        return Optional.empty();
                    case LOOKUP:
                        asked = true;
                        break;
                    default:
                        break;
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
        return machine.isRelinquished();
    }

    /** Whether no run of the machine is queued or under way (tests wait on it to order a race). */
    synchronized boolean isMachineIdle() {
        return !machine.isRunQueued();
    }

    /**
     * Waits until a relinquished cookie has been dropped, so its key may be used again. That needs
     * every access to its object closed: a caller that leaks an access keeps us here, so say so.
     */
    synchronized void awaitDropped() {
        boolean interrupted = false;
        long started = System.nanoTime();
        long nextWarning = TimeUnit.SECONDS.toNanos(10);
        while (machine.state() != CookieState.DROPPED) {
            try {
                wait(1_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            long waited = System.nanoTime() - started;
            if (machine.state() != CookieState.DROPPED && waited >= nextWarning) {
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
                machine.ioError();
            }
        }
        if (failed.cache.noteError()) {
            service.cacheFailed(failed.cache);
        }
    }

    /** The cookie's cache is being withdrawn. */
    synchronized void requestWithdraw(RegisteredCache cache) {
        if (bound != null && bound.cache == cache) {
            machine.withdraw();
        }
    }

    /** The LRU timer says this cookie has been idle long enough. */
    synchronized void lruExpire() {
        if (machine.users() == 0 && bound != null) {
            machine.expire();
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
            if (!machine.discardIdle(accesses.get() > 0)) {
                if (machine.users() == 0 && bound != null && !machine.isRelinquished()) {
                    parkOnLru();
                }
                return false;
            }
            victim = detachLocked(Disposal.COMMIT_AND_CLOSE);
        }
        service.counters().lruDropped.increment();
        victim.releaseOnWorker();
        return true;
    }

    /** A detached object of this cookie has been closed or discarded. */
    synchronized void onDisposed(BoundObject object) {
        machine.disposed(object.blocksLookup());
        notifyAll();
    }

    synchronized CookieInfo info() {
        HexFormat hex = HexFormat.of();
        return new CookieInfo(debugId, volume.debugId(), machine.state(), machine.users(), accesses.get(), invalidations,
                bound == null ? null : bound.cache.name, hex.formatHex(key.bytes()), hex.formatHex(aux), objectSize);
    }

    // ---- the state machine ----

    private void runMachine() {
        while (true) {
            Runnable step;
            synchronized (this) {
                step = perform(machine.nextStep());
                if (step == null) {
                    notifyAll();
                    return;
                }
            }
            step.run();
        }
    }

    /** The unlocked part of a step the machine chose; null when the run has ended. Called locked. */
    private Runnable perform(Step step) {
        switch (step) {
            case LOOK_UP:
                return this::lookUp;
            case INVALIDATE:
                BoundObject current = bound;
                byte[] newAux = aux;
                long newSize = objectSize;
                return () -> reinvalidate(current, newAux, newSize);
            case PREPARE_TO_WRITE:
                BoundObject target = bound;
                target.retain();
                return () -> prepareToWrite(target);
            case CLOSE:
                return detachStep(Disposal.COMMIT_AND_CLOSE);
            case DISCARD:
                return detachStep(Disposal.DISCARD);
            case EXPIRE:
                service.counters().lruExpired.increment();
                return detachStep(Disposal.COMMIT_AND_CLOSE);
            default:
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
        service.lru().remove(this);
        return old;
    }

    private void lookUp() {
        RegisteredCache cache = service.selectCache(volume.cacheName());
        if (cache == null || !cache.beginAccess()) {
            service.counters().lookupsNoCache.increment();
            finishLookup(null, false);
            return;
        }
        try {
            if (!service.limiter().acquire()) {
                service.counters().lookupsNoCache.increment();
                finishLookup(null, false);
                return;
            }
            BoundObject found = null;
            long openedSize = objectSize;
            try {
                found = new BoundObject(this, cache, openObject(cache, openedSize));
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
            if (found == null) {
                finishLookup(null, true);
            } else {
                BoundObject opened = found;
                publishAtCookieSize(opened, openedSize, () -> finishLookup(opened, true));
            }
        } finally {
            cache.endAccess();
        }
    }

    private CacheObject openObject(RegisteredCache cache, long lookupSize) throws IOException {
        BackendVolume backendVolume = volume.backendVolume(cache);
        byte[] lookupAux = aux;
        service.counters().lookups.increment();
        Optional<CacheObject> existing = backendVolume.lookupObject(key.bytes(), lookupAux, lookupSize);
        if (existing.isPresent()) {
            return existing.get();
        }
        service.counters().lookupsNegative.increment();
        synchronized (this) {
            machine.creating();
        }
        return backendVolume.createObject(key.bytes(), lookupAux, lookupSize);
    }

    /** @param failed the cache failed the lookup (else there was no cache or slot) */
    private synchronized void finishLookup(BoundObject found, boolean failed) {
        if (found == null) {
            machine.lookupMissed(failed);
            return;
        }
        bound = found;
        found.cache.boundCookies.add(this);
        if (machine.lookupFound()) {
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
        if (next == null) {
            synchronized (this) {
                // No next generation: discard the old one before anything may look the key up.
                bound = null;
                cache.boundCookies.remove(this);
                current.detach(Disposal.DISCARD, newAux, newSize, true);
                machine.invalidated(false);
            }
        } else {
            BoundObject opened = new BoundObject(this, cache, next);
            publishAtCookieSize(opened, newSize, () -> {
                // The old generation was detached by the backend: it cannot be found again, so
                // lookups need not wait for it.
                current.detach(Disposal.DISCARD, newAux, newSize, false);
                bound = opened;
                machine.invalidated(true);
            });
        }
        current.releaseOnWorker();
    }

    /**
     * Runs {@code publish} (locked) once the object just opened at {@code openedSize} has the
     * cookie's size. A resize made while the object was being opened found nothing bound and
     * changed only the cookie, so it is applied here, under the resize lock, until none came in
     * meanwhile: a writer that resized before its first access then stores into an object of its
     * file's size. A failed resize is reported once the object is published, as for a bound one.
     */
    private void publishAtCookieSize(BoundObject opened, long openedSize, Runnable publish) {
        Throwable failure = null;
        resizeLock.lock();
        try {
            long size = openedSize;
            while (true) {
                synchronized (this) {
                    if (failure != null || objectSize == size) {
                        publish.run();
                        break;
                    }
                    size = objectSize;
                }
                try {
                    opened.object.resize(size);
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }
        } finally {
            resizeLock.unlock();
        }
        if (failure != null) {
            reportIoError(opened, failure);
        }
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
                if (machine.state() != CookieState.ACTIVE || !bound.cache.beginAccess()) {
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
        if (bound == null || machine.isRelinquished()) {
            return;
        }
        if (service.settings().lruTimeout().isZero()) {
            machine.expire();
        } else {
            service.lru().add(this, bound.cache, System.nanoTime());
        }
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
        if (machine.isRelinquished()) {
            throw new IllegalStateException("cookie " + debugId + " has been relinquished");
        }
    }

    private static void checkOptionalSize(long size) {
        if (size < -1) {
            throw new IllegalArgumentException("object size must be -1 (unchanged) or >= 0: " + size);
        }
    }

    /** The machine's view of this cookie's surroundings; called under this cookie's monitor. */
    private final class MachineHost implements CookieMachine.Host {

        @Override
        public void startRun() {
            service.worker().execute(CookieImpl.this::runMachine);
        }

        @Override
        public boolean cacheUsable() {
            return service.hasUsableCache(volume.cacheName());
        }

        @Override
        public boolean boundCacheActive() {
            return bound.cache.isActive();
        }

        @Override
        public boolean beginBoundAccess() {
            return bound.cache.beginAccess();
        }

        @Override
        public void stateChanged() {
            CookieImpl.this.notifyAll();
        }

        @Override
        public void dropped() {
            // Uncounted before it leaves the volume: a volume relinquish that no longer sees it
            // returns to callers who expect the gauge to be down already.
            service.counters().cookies.decrementAndGet();
            volume.removeCookie(CookieImpl.this);
            service.counters().relinquishesDropped.increment();
        }
    }
}
