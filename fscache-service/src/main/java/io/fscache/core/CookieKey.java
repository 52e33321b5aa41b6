package io.fscache.core;

import java.util.Arrays;

/** A cookie key as a map key: the bytes (owned, never exposed) and their precomputed hash. */
final class CookieKey {

    private final byte[] bytes;
    private final int hash;

    CookieKey(byte[] ownedBytes) {
        this.bytes = ownedBytes;
        this.hash = Arrays.hashCode(ownedBytes);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CookieKey other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
