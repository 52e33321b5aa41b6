package io.fscache.backend.memory;

import java.util.Arrays;

/** A cookie key as a map key: a private copy of the caller's bytes, compared by content. */
final class ObjectKey {

    private final byte[] bytes;
    private final int hash;

    ObjectKey(byte[] key) {
        this.bytes = key.clone();
        this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ObjectKey k && hash == k.hash && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
