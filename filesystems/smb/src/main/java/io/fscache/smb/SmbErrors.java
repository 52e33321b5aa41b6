package io.fscache.smb;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import io.fscache.api.Futures;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what smbj throws into the {@code java.nio.file} exceptions callers expect, each message naming
 * the NT status so an administrator can look it up. smbj reports server errors as
 * {@link SMBApiException} (with the status) and a lost connection as {@link TransportException},
 * often wrapped in {@link SMBRuntimeException} or an {@link ExecutionException}.
 */
final class SmbErrors {

    /** A name the server cannot convert (Samba: an unpaired surrogate it listed itself). */
    private static final long STATUS_ILLEGAL_CHARACTER = 0xC0000161L;

    private SmbErrors() {
    }

    /** The exception for a failed operation on {@code path} (a share path such as {@code /a/b}). */
    static IOException map(Throwable failure, String path, String server) {
        Throwable cause = unwrap(failure);
        if (cause instanceof SMBApiException api) {
            return mapStatus(api.getStatus(), api.getStatusCode(), path, server);
        }
        if (cause instanceof TimeoutException) {
            SocketTimeoutException timeout = new SocketTimeoutException("no answer from " + server + " for " + path
                    + " within the request timeout");
            timeout.initCause(cause);
            return timeout;
        }
        if (isConnectionLoss(cause)) {
            return new SmbConnectionLostException("connection to " + server + " lost during an operation on " + path
                    + ": " + cause.getMessage(), cause);
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException("SMB error on " + path + " at " + server + ": " + cause, cause);
    }

    /**
     * Why no SMB connection could be made, in a few words: the innermost cause, without the class
     * names of the wrappers smbj adds. A peer that hangs up before answering the negotiation is
     * most likely not an SMB server; so is one that never answers it.
     *
     * @param timeout how long the client waited for the answer
     */
    static String connectReason(Throwable failure, Duration timeout) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof EOFException) {
            return "the connection closed before an SMB answer (is this an SMB server's port?)";
        }
        if (root instanceof TimeoutException) {
            String waited = timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
            return "no answer to SMB NEGOTIATE within " + waited + " (is this an SMB server's port? -o timeout sets the wait)";
        }
        if (root instanceof UnknownHostException) {
            return "unknown host";
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Whether a failure means the connection or session is gone, so the next call must reconnect. */
    static boolean isConnectionLoss(Throwable failure) {
        if (isTransportLoss(failure)) {
            return true;
        }
        if (unwrap(failure) instanceof SMBApiException api) {
            NtStatus status = api.getStatus();
            return status == NtStatus.STATUS_USER_SESSION_DELETED || status == NtStatus.STATUS_NETWORK_SESSION_EXPIRED
                    || status == NtStatus.STATUS_NETWORK_NAME_DELETED;
        }
        return false;
    }

    /** Whether the connection itself broke (rather than the server ending a session on a working one). */
    static boolean isTransportLoss(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause instanceof SmbConnectionLostException || cause instanceof TransportException
                || cause instanceof CancellationException
                || cause instanceof SMBRuntimeException && !(cause instanceof SMBApiException);
    }

    static IOException mapStatus(NtStatus status, long code, String path, String server) {
        String name = status == null || status == NtStatus.STATUS_OTHER ? unlisted(code) : status.name();
        String reason = "(" + name + ")";
        if (status == null) {
            return new IOException(path + ": SMB error " + reason);
        }
        return switch (status) {
            case STATUS_OBJECT_NAME_NOT_FOUND, STATUS_OBJECT_PATH_NOT_FOUND, STATUS_NO_SUCH_FILE, STATUS_NOT_FOUND ->
                    new NoSuchFileException(path, null, "no such file or directory on " + server + " " + reason);
            case STATUS_ACCESS_DENIED -> new AccessDeniedException(path, null, "access denied by " + server + " " + reason);
            case STATUS_OBJECT_NAME_COLLISION -> new FileAlreadyExistsException(path, null, "already exists " + reason);
            case STATUS_DIRECTORY_NOT_EMPTY -> new DirectoryNotEmptyException(path + " " + reason);
            case STATUS_NOT_A_DIRECTORY -> new NotDirectoryException(path + " " + reason);
            case STATUS_SHARING_VIOLATION -> new FileSystemException(path, null,
                    "is in use by another client " + reason);
            case STATUS_DELETE_PENDING -> new NoSuchFileException(path, null, "is being deleted " + reason);
            case STATUS_FILE_IS_A_DIRECTORY -> new FileSystemException(path, null, "is a directory " + reason);
            case STATUS_DISK_FULL -> new FileSystemException(path, null, "no space left on " + server + " " + reason);
            default -> new IOException(path + ": " + server + " answered " + reason);
        };
    }

    /** The name of a status smbj does not list, or its number. */
    private static String unlisted(long code) {
        return code == STATUS_ILLEGAL_CHARACTER ? "STATUS_ILLEGAL_CHARACTER" : String.format("0x%08x", code);
    }

    /** The failure without the futures' wrappers and smbj's plain {@link SMBRuntimeException} around its cause. */
    private static Throwable unwrap(Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        while (cause.getClass() == SMBRuntimeException.class && cause.getCause() != null) {
            cause = Futures.unwrap(cause.getCause());
        }
        return cause;
    }
}
