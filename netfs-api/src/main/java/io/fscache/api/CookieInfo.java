package io.fscache.api;

/**
 * One line of the cookies listing.
 *
 * @param debugId a number identifying the cookie in logs and listings
 * @param volumeDebugId the debug id of its volume
 * @param state the state machine's state
 * @param users nested {@link Cookie#use} calls outstanding
 * @param accesses operations in progress
 * @param invalidations how many times the cookie has been invalidated
 * @param cacheName the cache the cookie is bound to, or {@code null}
 * @param keyHex the key in hexadecimal
 * @param auxHex the coherency data in hexadecimal
 * @param objectSize the object size
 */
public record CookieInfo(long debugId, int volumeDebugId, CookieState state, int users, int accesses,
        long invalidations, String cacheName, String keyHex, String auxHex, long objectSize) {
}
