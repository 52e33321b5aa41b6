package io.fscache.ninep;

import java.io.IOException;

/** A server error ({@code Rlerror}) that has no closer {@code java.nio.file} exception. */
final class NinePRemoteException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    NinePRemoteException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
