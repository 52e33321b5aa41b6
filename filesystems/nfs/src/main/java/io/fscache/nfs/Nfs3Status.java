package io.fscache.nfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * NFSv3 status codes ({@code nfsstat3}, RFC 1813 §2.6) and the {@code java.nio} exceptions users
 * expect for them, each naming the path the caller gave and the status.
 */
final class Nfs3Status {

    static final int OK = 0;
    static final int PERM = 1;
    static final int NOENT = 2;
    static final int IO = 5;
    static final int NXIO = 6;
    static final int ACCES = 13;
    static final int EXIST = 17;
    static final int XDEV = 18;
    static final int NODEV = 19;
    static final int NOTDIR = 20;
    static final int ISDIR = 21;
    static final int INVAL = 22;
    static final int FBIG = 27;
    static final int NOSPC = 28;
    static final int ROFS = 30;
    static final int MLINK = 31;
    static final int NAMETOOLONG = 63;
    static final int NOTEMPTY = 66;
    static final int DQUOT = 69;
    static final int STALE = 70;
    static final int REMOTE = 71;
    static final int BADHANDLE = 10001;
    static final int NOT_SYNC = 10002;
    static final int BAD_COOKIE = 10003;
    static final int NOTSUPP = 10004;
    static final int TOOSMALL = 10005;
    static final int SERVERFAULT = 10006;
    static final int BADTYPE = 10007;
    static final int JUKEBOX = 10008;

    private Nfs3Status() {
    }

    /** A stale file handle: the file is gone, or the server no longer knows the handle. */
    static final class StaleHandleException extends FileSystemException {
        private static final long serialVersionUID = 1L;

        /** @param status the status's name, such as {@code NFS3ERR_STALE} */
        StaleHandleException(String path, String status) {
            super(path, null, "stale file handle (" + status + ")");
        }

        private StaleHandleException(StaleHandleException stale) {
            super(stale.getFile(), null, stale.getReason() + "; the path now names another file");
        }

        /** This failure, once a new lookup found the path naming another file: final. */
        StaleHandleException replaced() {
            return new StaleHandleException(this);
        }
    }

    /** The exception for a status other than {@link #OK} on {@code path}. */
    static IOException toException(int status, String path) {
        String reason = reason(status) + " (" + name(status) + ")";
        return switch (status) {
            case NOENT -> new NoSuchFileException(path, null, reason);
            case PERM, ACCES -> new AccessDeniedException(path, null, reason);
            case EXIST -> new FileAlreadyExistsException(path, null, reason);
            case NOTEMPTY -> new DirectoryNotEmptyException(path);
            case NOTDIR -> new NotDirectoryException(path);
            case STALE, BADHANDLE -> new StaleHandleException(path, name(status));
            default -> new FileSystemException(path, null, reason);
        };
    }

    static String name(int status) {
        return switch (status) {
            case OK -> "NFS3_OK";
            case PERM -> "NFS3ERR_PERM";
            case NOENT -> "NFS3ERR_NOENT";
            case IO -> "NFS3ERR_IO";
            case NXIO -> "NFS3ERR_NXIO";
            case ACCES -> "NFS3ERR_ACCES";
            case EXIST -> "NFS3ERR_EXIST";
            case XDEV -> "NFS3ERR_XDEV";
            case NODEV -> "NFS3ERR_NODEV";
            case NOTDIR -> "NFS3ERR_NOTDIR";
            case ISDIR -> "NFS3ERR_ISDIR";
            case INVAL -> "NFS3ERR_INVAL";
            case FBIG -> "NFS3ERR_FBIG";
            case NOSPC -> "NFS3ERR_NOSPC";
            case ROFS -> "NFS3ERR_ROFS";
            case MLINK -> "NFS3ERR_MLINK";
            case NAMETOOLONG -> "NFS3ERR_NAMETOOLONG";
            case NOTEMPTY -> "NFS3ERR_NOTEMPTY";
            case DQUOT -> "NFS3ERR_DQUOT";
            case STALE -> "NFS3ERR_STALE";
            case REMOTE -> "NFS3ERR_REMOTE";
            case BADHANDLE -> "NFS3ERR_BADHANDLE";
            case NOT_SYNC -> "NFS3ERR_NOT_SYNC";
            case BAD_COOKIE -> "NFS3ERR_BAD_COOKIE";
            case NOTSUPP -> "NFS3ERR_NOTSUPP";
            case TOOSMALL -> "NFS3ERR_TOOSMALL";
            case SERVERFAULT -> "NFS3ERR_SERVERFAULT";
            case BADTYPE -> "NFS3ERR_BADTYPE";
            case JUKEBOX -> "NFS3ERR_JUKEBOX";
            default -> "nfsstat3 " + Integer.toUnsignedString(status);
        };
    }

    /** The errno-like text of a status (v3 and v4 share the numbers below 10000 and the common ones above). */
    static String reasonOf(int status) {
        return reason(status);
    }

    private static String reason(int status) {
        return switch (status) {
            case PERM -> "operation not permitted";
            case NOENT -> "no such file or directory";
            case IO -> "I/O error on the server";
            case ACCES -> "permission denied";
            case EXIST -> "file exists";
            case XDEV -> "cross-device link";
            case NOTDIR -> "not a directory";
            case ISDIR -> "is a directory";
            case INVAL -> "invalid argument";
            case FBIG -> "file too large";
            case NOSPC -> "no space left on device";
            case ROFS -> "read-only file system";
            case NAMETOOLONG -> "file name too long";
            case NOTEMPTY -> "directory not empty";
            case DQUOT -> "disk quota exceeded";
            case STALE -> "stale file handle";
            case NOTSUPP -> "operation not supported";
            case SERVERFAULT -> "server fault";
            case JUKEBOX -> "the server is busy; try again";
            case 10029 -> "a symbolic link on the way";
            case 10013 -> "the server is in its grace period; try again";
            default -> "refused";
        };
    }
}
