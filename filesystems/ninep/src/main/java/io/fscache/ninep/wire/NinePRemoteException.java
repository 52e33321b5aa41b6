package io.fscache.ninep.wire;

import java.io.IOException;

/** A server error ({@code Rlerror}) that has no closer {@code java.nio.file} exception. */
public final class NinePRemoteException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    NinePRemoteException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
