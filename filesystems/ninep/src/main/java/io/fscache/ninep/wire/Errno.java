package io.fscache.ninep.wire;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Map;

/** Turns the Linux errno of an {@code Rlerror} into the exception a {@code java.nio.file} user expects. */
public final class Errno {

    static final int EPERM = 1;
    public static final int ENOENT = 2;
    static final int EIO = 5;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    static final int ENOTEMPTY = 39;
    public static final int EOPNOTSUPP = 95;

    /** Name and text of the errnos a file server plausibly sends. */
    private static final Map<Integer, String[]> KNOWN = Map.ofEntries(
            entry(EPERM, "EPERM", "operation not permitted"),
            entry(ENOENT, "ENOENT", "no such file or directory"),
            entry(EIO, "EIO", "input/output error"),
            entry(9, "EBADF", "bad file descriptor"),
            entry(11, "EAGAIN", "resource temporarily unavailable"),
            entry(12, "ENOMEM", "out of memory"),
            entry(EACCES, "EACCES", "permission denied"),
            entry(16, "EBUSY", "device or resource busy"),
            entry(EEXIST, "EEXIST", "file exists"),
            entry(18, "EXDEV", "invalid cross-device link"),
            entry(ENOTDIR, "ENOTDIR", "not a directory"),
            entry(EISDIR, "EISDIR", "is a directory"),
            entry(22, "EINVAL", "invalid argument"),
            entry(27, "EFBIG", "file too large"),
            entry(28, "ENOSPC", "no space left on device"),
            entry(30, "EROFS", "read-only file system"),
            entry(36, "ENAMETOOLONG", "file name too long"),
            entry(38, "ENOSYS", "function not implemented"),
            entry(ENOTEMPTY, "ENOTEMPTY", "directory not empty"),
            entry(40, "ELOOP", "too many levels of symbolic links"),
            entry(90, "EMSGSIZE", "message too long"),
            entry(EOPNOTSUPP, "EOPNOTSUPP", "operation not supported"),
            entry(116, "ESTALE", "stale file handle"),
            entry(122, "EDQUOT", "disk quota exceeded"));

    private Errno() {
    }

    /** The exception for {@code errno} reported on {@code path}. */
    public static IOException toException(int errno, String path) {
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(path);
            case EACCES, EPERM -> new AccessDeniedException(path, null, text(errno));
            case EEXIST -> new FileAlreadyExistsException(path);
            case ENOTEMPTY -> new DirectoryNotEmptyException(path);
            case ENOTDIR -> new NotADirectory(path);
            case EISDIR -> new FileSystemException(path, null, text(errno));
            default -> new NinePRemoteException(errno, "9P error " + name(errno) + " (" + errno + "): "
                    + text(errno) + " on " + path);
        };
    }

    static String name(int errno) {
        String[] known = KNOWN.get(errno);
        return known == null ? "errno" : known[0];
    }

    public static String text(int errno) {
        String[] known = KNOWN.get(errno);
        return known == null ? "unknown error " + errno : known[1];
    }

    private static Map.Entry<Integer, String[]> entry(int errno, String name, String text) {
        return Map.entry(errno, new String[] {name, text});
    }

    /** {@link NotDirectoryException}, which has no reason of its own, with errno's text as its reason. */
    private static final class NotADirectory extends NotDirectoryException {

        private static final long serialVersionUID = 1L;

        NotADirectory(String path) {
            super(path);
        }

        @Override
        public String getReason() {
            return text(ENOTDIR);
        }
    }
}
