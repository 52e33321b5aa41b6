package io.fscache.api;

/**
 * Thrown when a volume or cookie is acquired with the key of one that is still live. This is a bug
 * in the filesystem's use of the API (each file must have one cookie) and is counted in the stats.
 */
public class KeyCollisionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public KeyCollisionException(String message) {
        super(message);
    }
}
