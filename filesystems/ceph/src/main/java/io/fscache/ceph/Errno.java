package io.fscache.ceph;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/**
 * The Linux errno values libcephfs returns (negated) and the {@code java.nio.file} exceptions they
 * become, each naming the path the caller gave and the errno's name.
 */
final class Errno {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EROFS = 30;
    static final int ENOTEMPTY = 39;
    static final int ETIMEDOUT = 110;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "operation not permitted (EPERM)"),
            Map.entry(ENOENT, "no such file or directory (ENOENT)"),
            Map.entry(EIO, "input/output error (EIO)"),
            Map.entry(9, "bad file handle (EBADF)"),
            Map.entry(11, "try again (EAGAIN)"),
            Map.entry(12, "out of memory (ENOMEM)"),
            Map.entry(EACCES, "permission denied (EACCES)"),
            Map.entry(16, "busy (EBUSY)"),
            Map.entry(EEXIST, "file exists (EEXIST)"),
            Map.entry(18, "cross-device link (EXDEV)"),
            Map.entry(ENOTDIR, "not a directory (ENOTDIR)"),
            Map.entry(EISDIR, "is a directory (EISDIR)"),
            Map.entry(22, "invalid argument (EINVAL)"),
            Map.entry(27, "file too large (EFBIG)"),
            Map.entry(28, "no space left on device (ENOSPC)"),
            Map.entry(EROFS, "read-only file system (EROFS)"),
            Map.entry(36, "file name too long (ENAMETOOLONG)"),
            Map.entry(ENOTEMPTY, "directory not empty (ENOTEMPTY)"),
            Map.entry(61, "no data (ENODATA)"),
            Map.entry(95, "not supported (EOPNOTSUPP)"),
            Map.entry(107, "not connected to the cluster (ENOTCONN)"),
            Map.entry(108, "this client was blocklisted by the cluster (ESHUTDOWN)"),
            Map.entry(ETIMEDOUT, "timed out (ETIMEDOUT)"),
            Map.entry(111, "connection refused (ECONNREFUSED)"),
            Map.entry(116, "stale file handle (ESTALE)"),
            Map.entry(122, "disk quota exceeded (EDQUOT)"));

    private Errno() {
    }

    /** What a (positive or negated) errno means, in words and by name: {@code "permission denied (EACCES)"}. */
    static String describe(int errno) {
        int code = Math.abs(errno);
        return NAMES.getOrDefault(code, "error " + code);
    }

    /**
     * The exception a failed read or write becomes: as {@link #toException(int, String)}, but a
     * cluster that did not answer or cut the client off is named.
     *
     * @param server the monitor as the mount's URI names it
     */
    static FileSystemException ioException(int errno, String path, String server, String call) {
        return switch (Math.abs(errno)) {
            case ETIMEDOUT, EIO, 107, 108 -> new FileSystemException(path, null, "ceph cluster " + server
                    + " failed " + call + ": " + describe(errno));
            default -> toException(errno, path);
        };
    }

    /**
     * The exception a failed call on {@code path} becomes.
     *
     * @param errno the call's result, a negated errno
     * @param path the path as the caller gave it
     */
    static FileSystemException toException(int errno, String path) {
        String reason = describe(errno);
        return switch (Math.abs(errno)) {
            case ENOENT -> new NoSuchFileException(path, null, reason);
            case EEXIST -> new FileAlreadyExistsException(path, null, reason);
            case ENOTEMPTY -> new DirectoryNotEmptyException(path);
            case ENOTDIR -> new NotDirectoryException(path);
            case EACCES, EPERM, EROFS -> new AccessDeniedException(path, null, reason);
            default -> new FileSystemException(path, null, reason);
        };
    }
}
