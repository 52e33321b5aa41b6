package io.fscache.nfs;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * NFSv4 status codes ({@code nfsstat4}, RFC 8881 §15) and the {@code java.nio} exceptions users
 * expect for them, each naming the path the caller gave and the status. Statuses a client recovers
 * from (a lost session, a lost open state) are {@link StateException}s, which the session retries.
 */
final class Nfs4Status {

    static final int OK = 0;
    static final int PERM = 1;
    static final int NOENT = 2;
    static final int ACCESS = 13;
    static final int EXIST = 17;
    static final int NOTDIR = 20;
    static final int ISDIR = 21;
    static final int INVAL = 22;
    static final int NOSPC = 28;
    static final int ROFS = 30;
    static final int NAMETOOLONG = 63;
    static final int NOTEMPTY = 66;
    static final int STALE = 70;
    static final int BADHANDLE = 10001;
    static final int NOTSUPP = 10004;
    static final int SERVERFAULT = 10006;
    static final int DELAY = 10008;
    static final int EXPIRED = 10011;
    static final int GRACE = 10013;
    static final int STALE_CLIENTID = 10022;
    static final int STALE_STATEID = 10023;
    static final int OLD_STATEID = 10024;
    static final int BAD_STATEID = 10025;
    static final int SYMLINK = 10029;
    static final int BADSESSION = 10052;
    static final int BADSLOT = 10053;
    static final int SEQ_MISORDERED = 10063;
    static final int DEADSESSION = 10078;
    private static final int IO = 5;
    private static final int NXIO = 6;
    private static final int XDEV = 18;
    private static final int FBIG = 27;
    private static final int MLINK = 31;
    private static final int DQUOT = 69;
    private static final int LOCKED = 10012;
    private static final int SHARE_DENIED = 10015;
    private static final int WRONGSEC = 10016;
    private static final int RESOURCE = 10018;
    private static final int MOVED = 10019;
    private static final int NOFILEHANDLE = 10020;
    private static final int ATTRNOTSUPP = 10032;
    private static final int BADXDR = 10036;
    private static final int OPENMODE = 10038;
    private static final int BADOWNER = 10039;
    private static final int BADCHAR = 10040;
    private static final int BADNAME = 10041;
    private static final int FILE_OPEN = 10046;
    private static final int ADMIN_REVOKED = 10047;

    private Nfs4Status() {
    }

    /** A status the client recovers from: a new session, a new client id, or the file opened again. */
    static final class StateException extends FileSystemException {
        private static final long serialVersionUID = 1L;
        private final int status;

        StateException(int status, String path) {
            super(path, null, name(status));
            this.status = status;
        }

        int status() {
            return status;
        }

        /** The session is gone (or its slot state lost): make a new one. */
        boolean sessionLost() {
            return status == BADSESSION || status == DEADSESSION || status == BADSLOT || status == SEQ_MISORDERED
                    || status == STALE_CLIENTID || status == EXPIRED;
        }

        /** The client id is gone (the server restarted or the lease expired): EXCHANGE_ID again. */
        boolean clientLost() {
            return status == STALE_CLIENTID || status == EXPIRED;
        }

        /** An open file's state is gone: open it again. */
        boolean openLost() {
            return status == BAD_STATEID || status == STALE_STATEID || status == OLD_STATEID || status == EXPIRED;
        }
    }

    static IOException toException(int status, String path) {
        String reason = reasonOf(status) + " (" + name(status) + ")";
        return switch (status) {
            case NOENT -> new NoSuchFileException(path, null, reason);
            case PERM, ACCESS -> new AccessDeniedException(path, null, reason);
            case EXIST -> new FileAlreadyExistsException(path, null, reason);
            case NOTEMPTY -> new DirectoryNotEmptyException(path);
            case NOTDIR -> new NotDirectoryException(path);
            case STALE, BADHANDLE -> new Nfs3Status.StaleHandleException(path, name(status));
            case BADSESSION, DEADSESSION, BADSLOT, SEQ_MISORDERED, STALE_CLIENTID, EXPIRED, STALE_STATEID, OLD_STATEID,
                    BAD_STATEID -> new StateException(status, path);
            default -> new FileSystemException(path, null, reason);
        };
    }

    /** What a status means, in the words of {@code strerror} where NFSv3 shares the code. */
    private static String reasonOf(int status) {
        return switch (status) {
            case LOCKED -> "locked by another client";
            case SHARE_DENIED -> "open by another client in a mode that excludes this one";
            case WRONGSEC -> "the server wants another security flavor than AUTH_SYS";
            case RESOURCE -> "the server ran out of a resource";
            case MOVED -> "moved to another server";
            case ATTRNOTSUPP -> "an attribute the server does not support";
            case OPENMODE -> "not open for this";
            case BADOWNER -> "an owner the server does not know";
            case BADCHAR, BADNAME -> "a name the server does not take";
            case FILE_OPEN -> "the file is open";
            case ADMIN_REVOKED -> "the server's administrator revoked the open state";
            default -> Nfs3Status.reasonOf(status);
        };
    }

    static String name(int status) {
        return switch (status) {
            case OK -> "NFS4_OK";
            case PERM -> "NFS4ERR_PERM";
            case NOENT -> "NFS4ERR_NOENT";
            case ACCESS -> "NFS4ERR_ACCESS";
            case EXIST -> "NFS4ERR_EXIST";
            case NOTDIR -> "NFS4ERR_NOTDIR";
            case ISDIR -> "NFS4ERR_ISDIR";
            case INVAL -> "NFS4ERR_INVAL";
            case NOSPC -> "NFS4ERR_NOSPC";
            case ROFS -> "NFS4ERR_ROFS";
            case NAMETOOLONG -> "NFS4ERR_NAMETOOLONG";
            case NOTEMPTY -> "NFS4ERR_NOTEMPTY";
            case STALE -> "NFS4ERR_STALE";
            case BADHANDLE -> "NFS4ERR_BADHANDLE";
            case NOTSUPP -> "NFS4ERR_NOTSUPP";
            case SERVERFAULT -> "NFS4ERR_SERVERFAULT";
            case DELAY -> "NFS4ERR_DELAY";
            case EXPIRED -> "NFS4ERR_EXPIRED";
            case GRACE -> "NFS4ERR_GRACE";
            case STALE_CLIENTID -> "NFS4ERR_STALE_CLIENTID";
            case STALE_STATEID -> "NFS4ERR_STALE_STATEID";
            case OLD_STATEID -> "NFS4ERR_OLD_STATEID";
            case BAD_STATEID -> "NFS4ERR_BAD_STATEID";
            case SYMLINK -> "NFS4ERR_SYMLINK";
            case BADSESSION -> "NFS4ERR_BADSESSION";
            case BADSLOT -> "NFS4ERR_BADSLOT";
            case SEQ_MISORDERED -> "NFS4ERR_SEQ_MISORDERED";
            case DEADSESSION -> "NFS4ERR_DEADSESSION";
            case IO -> "NFS4ERR_IO";
            case NXIO -> "NFS4ERR_NXIO";
            case XDEV -> "NFS4ERR_XDEV";
            case FBIG -> "NFS4ERR_FBIG";
            case MLINK -> "NFS4ERR_MLINK";
            case DQUOT -> "NFS4ERR_DQUOT";
            case LOCKED -> "NFS4ERR_LOCKED";
            case SHARE_DENIED -> "NFS4ERR_SHARE_DENIED";
            case WRONGSEC -> "NFS4ERR_WRONGSEC";
            case RESOURCE -> "NFS4ERR_RESOURCE";
            case MOVED -> "NFS4ERR_MOVED";
            case NOFILEHANDLE -> "NFS4ERR_NOFILEHANDLE";
            case ATTRNOTSUPP -> "NFS4ERR_ATTRNOTSUPP";
            case BADXDR -> "NFS4ERR_BADXDR";
            case OPENMODE -> "NFS4ERR_OPENMODE";
            case BADOWNER -> "NFS4ERR_BADOWNER";
            case BADCHAR -> "NFS4ERR_BADCHAR";
            case BADNAME -> "NFS4ERR_BADNAME";
            case FILE_OPEN -> "NFS4ERR_FILE_OPEN";
            case ADMIN_REVOKED -> "NFS4ERR_ADMIN_REVOKED";
            default -> "nfsstat4 " + Integer.toUnsignedString(status);
        };
    }
}
