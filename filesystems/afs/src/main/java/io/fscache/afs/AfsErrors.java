package io.fscache.afs;

import io.fscache.afs.rx.RxAbortException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The abort codes AFS servers send, as {@code java.nio} exceptions naming the caller's path: UAE
 * codes ({@code 49733376 + errno - 1}, kAFS {@code protocol_uae.h}; their errno numbers are
 * Linux's), bare errno values, the volume codes 101..111 ({@code src/afs/volerrors.h}) and the
 * VL server's {@code VL_NOENT}.
 */
final class AfsErrors {

    static final int UAE_BASE = 49733376;
    static final int VNOVNODE = 102;
    static final int VNOVOL = 103;
    static final int VOFFLINE = 106;
    static final int VBUSY = 110;
    static final int VMOVED = 111;
    static final int VL_NOENT = 363524;
    static final int RXGEN_OPCODE = -455;

    private AfsErrors() {
    }

    /** The errno an abort code carries, or 0 if it carries none. */
    static int errno(int code) {
        if (code > UAE_BASE && code < UAE_BASE + 256) {
            return code - UAE_BASE + 1;
        }
        return code > 0 && code < 100 ? code : 0;
    }

    /** Whether a call aborted with {@code code} may succeed if made again shortly (the volume is busy or moving). */
    static boolean retryable(int code) {
        return code == VBUSY || code == VOFFLINE;
    }

    /** The exception for an abort of {@code operation} on {@code path}. */
    static IOException of(RxAbortException abort, String operation, String path) {
        int code = abort.code();
        IOException mapped = switch (errno(code)) {
            case 1, 13 -> new AccessDeniedException(path);
            case 2 -> new NoSuchFileException(path);
            case 17 -> new FileAlreadyExistsException(path);
            case 20 -> new NotDirectoryException(path);
            case 21 -> new FileSystemException(path, null, "is a directory");
            case 30 -> new FileSystemException(path, null, "read-only volume");
            case 39 -> new DirectoryNotEmptyException(path);
            case 28 -> new FileSystemException(path, null, "no space left on the partition");
            case 122 -> new FileSystemException(path, null, "the volume's quota is exceeded");
            default -> volume(code, operation, path);
        };
        mapped.initCause(abort);
        return mapped;
    }

    private static IOException volume(int code, String operation, String path) {
        return switch (code) {
            case VNOVNODE -> new NoSuchFileException(path, null, "the file is gone (VNOVNODE)");
            case VNOVOL -> new FileSystemException(path, null, "the volume is not on this server (VNOVOL)");
            case VOFFLINE -> new FileSystemException(path, null, "the volume is offline (VOFFLINE)");
            case VBUSY -> new FileSystemException(path, null, "the volume is busy (VBUSY)");
            case VMOVED -> new FileSystemException(path, null, "the volume moved (VMOVED)");
            case 108 -> new FileSystemException(path, null, "the partition is full (VDISKFULL)");
            case 109 -> new FileSystemException(path, null, "the volume's quota is exceeded (VOVERQUOTA)");
            case RXGEN_OPCODE -> new FileSystemException(path, null, "the server does not know " + operation);
            default -> new FileSystemException(path, null, operation + " aborted by the server with code " + code);
        };
    }
}
