package io.fscache.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Cookies nobody uses but whose objects are still open, oldest first: an intrusive doubly-linked
 * list (links live in the cookie) under one short lock, as the kernel's {@code fscache_cookie_lru}.
 * Lock order: a cookie's monitor may be held when calling in here, never the other way round.
 */
final class CookieLru {

    private final long timeoutNanos;
    private final Stats stats;
    private CookieImpl head;
    private CookieImpl tail;

    CookieLru(long timeoutNanos, Stats stats) {
        this.timeoutNanos = timeoutNanos;
        this.stats = stats;
    }

    /** Parks a cookie whose object is open in {@code cache}, to expire at {@code now} plus the timeout. */
    synchronized void add(CookieImpl cookie, RegisteredCache cache, long now) {
        boolean requeued = cookie.lruQueued;
        if (requeued) {
            // Moved to the tail: the count stays, so a reader of the statistics never sees it dip.
            unlinkKeepingCount(cookie);
        }
        cookie.lruCache = cache;
        cookie.lruExpiry = now + timeoutNanos;
        cookie.lruQueued = true;
        cookie.lruPrev = tail;
        cookie.lruNext = null;
        if (tail == null) {
            head = cookie;
        } else {
            tail.lruNext = cookie;
        }
        tail = cookie;
        if (!requeued) {
            stats.lruCookies.incrementAndGet();
        }
    }

    /** Takes a cookie off the list because it is used again; true if it was on it. */
    synchronized boolean remove(CookieImpl cookie) {
        if (!cookie.lruQueued) {
            return false;
        }
        unlink(cookie);
        return true;
    }

    synchronized CookieImpl pollOldest() {
        CookieImpl oldest = head;
        if (oldest != null) {
            unlink(oldest);
        }
        return oldest;
    }

    /** Takes off the oldest cookie whose object is open in {@code cache}, or returns null. */
    synchronized CookieImpl pollOldest(RegisteredCache cache) {
        for (CookieImpl cookie = head; cookie != null; cookie = cookie.lruNext) {
            if (cookie.lruCache == cache) {
                unlink(cookie);
                return cookie;
            }
        }
        return null;
    }

    /** Takes off every cookie whose time is up. */
    synchronized List<CookieImpl> pollExpired(long now) {
        List<CookieImpl> expired = new ArrayList<>();
        while (head != null && head.lruExpiry - now <= 0) {
            CookieImpl cookie = head;
            unlink(cookie);
            expired.add(cookie);
        }
        return expired;
    }

    private void unlink(CookieImpl cookie) {
        unlinkKeepingCount(cookie);
        stats.lruCookies.decrementAndGet();
    }

    private void unlinkKeepingCount(CookieImpl cookie) {
        CookieImpl prev = cookie.lruPrev;
        CookieImpl next = cookie.lruNext;
        if (prev == null) {
            head = next;
        } else {
            prev.lruNext = next;
        }
        if (next == null) {
            tail = prev;
        } else {
            next.lruPrev = prev;
        }
        cookie.lruPrev = null;
        cookie.lruNext = null;
        cookie.lruQueued = false;
        cookie.lruCache = null;
    }
}
