package io.fscache.core;

import io.fscache.api.FsCache;
import io.fscache.api.Volume;

/** Argument checks shared by the API implementations, with the messages users see. */
final class Keys {

    private static final byte[] EMPTY = new byte[0];

    private Keys() {
    }

    static String checkVolumeKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("volume key must not be empty");
        }
        if (key.length() > FsCache.MAX_VOLUME_KEY_LENGTH) {
            throw new IllegalArgumentException("volume key is " + key.length() + " characters, the most is "
                    + FsCache.MAX_VOLUME_KEY_LENGTH);
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '/') {
                throw new IllegalArgumentException("volume key must not contain '/': " + key);
            }
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException(
                        "volume key must be printable ASCII without spaces; bad character at index " + i);
            }
        }
        return key;
    }

    static byte[] checkCookieKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("cookie key must not be empty");
        }
        if (key.length > Volume.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("cookie key is " + key.length + " bytes, the most is "
                    + Volume.MAX_KEY_LENGTH);
        }
        return key.clone();
    }

    /** Copies coherency data; {@code null} means none. */
    static byte[] checkAux(byte[] aux) {
        if (aux == null) {
            return EMPTY;
        }
        if (aux.length > FsCache.MAX_AUX_LENGTH) {
            throw new IllegalArgumentException("coherency data is " + aux.length + " bytes, the most is "
                    + FsCache.MAX_AUX_LENGTH);
        }
        return aux.length == 0 ? EMPTY : aux.clone();
    }

    static long checkSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("object size must not be negative: " + size);
        }
        return size;
    }
}
