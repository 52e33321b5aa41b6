package io.fscache.backend.cachefiles;

/** Metadata that cannot be trusted: the object or volume it describes is discarded. */
final class CorruptMetadataException extends Exception {

    private static final long serialVersionUID = 1L;

    CorruptMetadataException(String message) {
        super(message);
    }

    CorruptMetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
