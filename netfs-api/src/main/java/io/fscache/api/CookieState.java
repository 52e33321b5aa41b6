package io.fscache.api;

/** The states of a cookie's state machine (the kernel's {@code fscache_cookie_state}). */
public enum CookieState {
    /** No cache object is bound: nothing is cached for this file at the moment. */
    QUIESCENT,
    /** The object is being looked up in a cache. */
    LOOKING_UP,
    /** The lookup found nothing usable; a fresh object is being created. */
    CREATING,
    /** An object is bound and serves I/O. */
    ACTIVE,
    /** Fresh backing store is being put in place of the current one. */
    INVALIDATING,
    /** Lookup or creation failed; the file is not cached until the cookie is used anew. */
    FAILED,
    /** The object is being committed and closed because nobody used it for the LRU period. */
    LRU_DISCARDING,
    /** The object is being closed because its cache is being withdrawn. */
    WITHDRAWING,
    /** The cookie has been relinquished and its object is being committed (or retired). */
    RELINQUISHING,
    /** The cookie is gone. */
    DROPPED
}
