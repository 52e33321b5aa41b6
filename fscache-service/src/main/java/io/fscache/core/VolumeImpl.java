package io.fscache.core;

import io.fscache.api.Cookie;
import io.fscache.api.KeyCollisionException;
import io.fscache.api.Volume;
import io.fscache.api.VolumeInfo;
import io.fscache.spi.BackendVolume;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A volume: its cookies by key, and the backend volume it has opened in each cache it has used.
 */
final class VolumeImpl implements Volume {

    private final FsCacheService service;
    private final String key;
    private final String cacheName;
    private final byte[] coherency;
    private final int debugId;
    private final Map<CookieKey, CookieImpl> cookies = new ConcurrentHashMap<>();
    private final Map<RegisteredCache, Binding> bindings = new ConcurrentHashMap<>();
    private boolean relinquished; // guarded by this
    private boolean dropped; // guarded by this

    VolumeImpl(FsCacheService service, String key, String cacheName, byte[] coherency, int debugId) {
        this.service = service;
        this.key = key;
        this.cacheName = cacheName;
        this.coherency = coherency;
        this.debugId = debugId;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public String cacheName() {
        return cacheName;
    }

    int debugId() {
        return debugId;
    }

    @Override
    public Cookie acquireCookie(byte[] keyBytes, byte[] aux, long objectSize) {
        CookieKey cookieKey = new CookieKey(Keys.checkCookieKey(keyBytes));
        byte[] checkedAux = Keys.checkAux(aux);
        Keys.checkSize(objectSize);
        service.counters().acquires.increment();
        CookieImpl fresh = null;
        while (true) {
            CookieImpl existing;
            synchronized (this) {
                checkLive();
                if (fresh == null) {
                    fresh = new CookieImpl(service, this, cookieKey, checkedAux, objectSize, service.nextCookieId());
                }
                existing = cookies.putIfAbsent(cookieKey, fresh);
            }
            if (existing == null) {
                service.counters().cookies.incrementAndGet();
                service.counters().acquiresOk.increment();
                return fresh;
            }
            if (!existing.isRelinquished()) {
                service.counters().cookieCollisions.increment();
                throw new KeyCollisionException("a cookie with this key is live in volume " + key + ": " + existing);
            }
            // The previous holder of the key is on its way out (perhaps retiring its data):
            // wait, so that our lookup cannot find what it is discarding.
            existing.awaitDropped();
        }
    }

    @Override
    public void relinquish(boolean invalidate) {
        List<CookieImpl> leaving;
        synchronized (this) {
            checkLive();
            List<CookieImpl> live = cookies.values().stream().filter(c -> !c.isRelinquished()).toList();
            if (!live.isEmpty()) {
                throw new IllegalStateException("volume " + key + " still has " + live.size()
                        + " live cookie(s); relinquish them first, e.g. " + live.get(0));
            }
            relinquished = true;
            leaving = new ArrayList<>(cookies.values());
        }
        leaving.forEach(CookieImpl::awaitDropped);
        for (RegisteredCache cache : List.copyOf(bindings.keySet())) {
            closeBinding(cache, invalidate);
        }
        synchronized (this) {
            dropped = true;
            notifyAll();
        }
        service.volumeRelinquished(this);
    }

    synchronized boolean isRelinquished() {
        return relinquished;
    }

    /** Waits until a relinquished volume is gone, so its key may be used again. */
    synchronized void awaitDropped() {
        boolean interrupted = false;
        while (!dropped) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void removeCookie(CookieImpl cookie) {
        cookies.remove(cookie.cookieKey(), cookie);
    }

    /** This volume's part of a cache, opened on first use. Called on a worker. */
    BackendVolume backendVolume(RegisteredCache cache) throws IOException {
        return bindings.computeIfAbsent(cache, Binding::new).open();
    }

    /** Closes this volume's part of a cache (the cache is withdrawing, or the volume is relinquished). */
    void closeBinding(RegisteredCache cache, boolean discard) {
        Binding binding = bindings.remove(cache);
        if (binding != null) {
            binding.close(discard);
        }
    }

    boolean usesCache(RegisteredCache cache) {
        return bindings.containsKey(cache);
    }

    List<CookieImpl> cookies() {
        return List.copyOf(cookies.values());
    }

    VolumeInfo info() {
        String bound = bindings.keySet().stream().map(c -> c.name).sorted().collect(Collectors.joining(","));
        int accesses = 0;
        for (CookieImpl cookie : cookies.values()) {
            accesses += cookie.info().accesses();
        }
        return new VolumeInfo(debugId, key, cacheName, bound, cookies.size(), accesses);
    }

    private synchronized void checkLive() {
        if (relinquished) {
            throw new IllegalStateException("volume " + key + " has been relinquished");
        }
    }

    /** A volume's backend part in one cache; opened once, by the first cookie that needs it. */
    private final class Binding {

        private final RegisteredCache cache;
        private BackendVolume opened; // guarded by this

        Binding(RegisteredCache cache) {
            this.cache = cache;
        }

        // Held across the backend call on purpose: the other cookies of this volume need the
        // same result and have nothing better to do than wait for it.
        synchronized BackendVolume open() throws IOException {
            if (opened == null) {
                opened = cache.backend.openVolume(key, coherency);
            }
            return opened;
        }

        synchronized void close(boolean discard) {
            if (opened != null) {
                if (discard) {
                    opened.discard();
                } else {
                    opened.close();
                }
                opened = null;
            }
        }
    }
}
