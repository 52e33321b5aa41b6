package io.fscache.smb;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.msfscc.FileInformationClass;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2FileId;
import com.hierynomus.mssmb2.SMB2Packet;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.mssmb2.messages.SMB2Close;
import com.hierynomus.mssmb2.messages.SMB2CreateResponse;
import com.hierynomus.mssmb2.messages.SMB2Flush;
import com.hierynomus.mssmb2.messages.SMB2QueryDirectoryRequest;
import com.hierynomus.mssmb2.messages.SMB2QueryDirectoryRequest.SMB2QueryDirectoryFlags;
import com.hierynomus.mssmb2.messages.SMB2QueryDirectoryResponse;
import com.hierynomus.mssmb2.messages.SMB2SetInfoRequest;
import com.hierynomus.protocol.transport.TransportException;
import com.hierynomus.smbj.common.SMBRuntimeException;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import io.fscache.smb.smbj.AsyncResponses;
import io.fscache.smb.smbj.SmbCredits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One live connection, authenticated session and tree connect to a share, and the connection's
 * credits. A session replaces its tree after a connection loss; open files notice the new
 * {@link #generation()} and re-open. Requests that carry names are built here rather than by smbj
 * ({@link SmbNames}); they fail with smbj's runtime exceptions, which callers map ({@link SmbErrors}).
 */
record SmbTree(Connection connection, Session session, DiskShare share, long generation, SmbCredits credits,
        AsyncResponses responses, Duration timeout) {

    /** The output buffer asked of each QUERY_DIRECTORY: one credit's worth. */
    private static final int LIST_BUFFER = 65536;

    SMB2Dialect dialect() {
        return connection.getNegotiatedProtocol().getDialect();
    }

    long sessionId() {
        return session.getSessionId();
    }

    long treeId() {
        return share.getTreeConnect().getTreeId();
    }

    /**
     * Sends a READ or WRITE. smbj signs every request once the session has a signing key, which
     * costs an AES-CMAC over every byte both ways; like the kernel's cifs client, data requests
     * are signed only when the session requires it (the server demands signing, or the mount says
     * {@code sign=true}), and sealed when the session encrypts.
     */
    Future<SMB2Packet> sendData(SMB2Packet request) throws TransportException {
        if (session.isSigningRequired() || session.shouldEncryptData()) {
            return session.send(request);
        }
        return connection.send(request);
    }

    /**
     * Opens {@code smbPath} (share-relative, backslashes) sharing read, write and delete, its name sent
     * exactly ({@link SmbCreateRequest}).
     */
    SMB2FileId create(String smbPath, Set<AccessMask> access, long fileAttributes, SMB2CreateDisposition disposition,
            Set<SMB2CreateOptions> options) {
        SMB2CreateResponse response = transact(new SmbCreateRequest(dialect(), sessionId(), treeId(), smbPath, access,
                fileAttributes, disposition, options), "CREATE");
        return response.getFileId();
    }

    /** Closes a handle asking for its attributes after the close; a handle already closed is no error. */
    SMB2Close close(SMB2FileId id) {
        return transact(new SMB2Close(dialect(), sessionId(), treeId(), id), "CLOSE",
                NtStatus.STATUS_FILE_CLOSED.getValue());
    }

    /**
     * Sends CLOSE without waiting for the answer, for a handle that only read: its close has nothing
     * to report, and waiting cost a round trip per file (a third of the time 16 readers of cached files
     * spent per open and close). Requests on a connection are answered in order, so a later request on
     * the file (a delete, a rename) finds it closed. Completes with the answer, or exceptionally if the
     * close failed or the connection was lost (the handle then goes with the session).
     */
    CompletableFuture<Void> closeBehind(SMB2FileId id) {
        Future<SMB2Close> response;
        try {
            response = session.send(new SMB2Close(dialect(), sessionId(), treeId(), id));
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        return responses.track(response, connection, timeout).thenApply(answer -> null);
    }

    /** Closes a handle when the call that opened it is already failing or done. */
    void closeQuietly(SMB2FileId id) {
        try {
            close(id);
        } catch (RuntimeException e) {
            // The handle goes with the session if the close did not reach the server.
        }
    }

    void flush(SMB2FileId id) {
        transact(new SMB2Flush(dialect(), id, sessionId(), treeId()), "FLUSH");
    }

    /** Renames the open file to {@code smbTarget} ([MS-FSCC] 2.4.37 FileRenameInformation, name sent exactly). */
    void rename(SMB2FileId id, String smbTarget, boolean replace) {
        byte[] name = SmbNames.encode(smbTarget);
        ByteBuffer info = ByteBuffer.allocate(20 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        info.put((byte) (replace ? 1 : 0)).put(new byte[7]).putLong(0).putInt(name.length).put(name);
        transact(new SMB2SetInfoRequest(dialect(), sessionId(), treeId(), SMB2SetInfoRequest.SMB2InfoType.SMB2_0_INFO_FILE,
                id, FileInformationClass.FileRenameInformation, null, info.array()), "SET_INFO (rename)");
    }

    /** The entries of an open directory, "." and ".." included. */
    List<SmbDirectoryEntry> list(SMB2FileId directory) {
        List<SmbDirectoryEntry> entries = new ArrayList<>();
        Set<SMB2QueryDirectoryFlags> flags = EnumSet.of(SMB2QueryDirectoryFlags.SMB2_RESTART_SCANS);
        while (true) {
            SMB2QueryDirectoryResponse response = transact(new SMB2QueryDirectoryRequest(dialect(), sessionId(),
                    treeId(), directory, FileInformationClass.FileIdBothDirectoryInformation, flags, 0, "*", LIST_BUFFER),
                    "QUERY_DIRECTORY", NtStatus.STATUS_NO_MORE_FILES.getValue(), NtStatus.STATUS_NO_SUCH_FILE.getValue());
            byte[] buffer = response.getOutputBuffer();
            if (!NtStatus.isSuccess(response.getHeader().getStatusCode()) || buffer == null || buffer.length == 0) {
                return entries;
            }
            SmbDirectoryEntry.parse(buffer, entries);
            flags = EnumSet.noneOf(SMB2QueryDirectoryFlags.class);
        }
    }

    /**
     * Sends a metadata request (signed or sealed as the session is) and waits for its response, at most
     * {@link #timeout()}, or until the connection is found lost ({@link AsyncResponses#track}: smbj
     * itself would wait out the timeout). Fails with {@link SMBApiException} on a status other than
     * success and {@code alsoOk}, and with {@link SMBRuntimeException} around a transport failure or timeout.
     */
    <T extends SMB2Packet> T transact(SMB2Packet request, String what, long... alsoOk) {
        Future<T> response;
        try {
            response = session.send(request);
        } catch (TransportException e) {
            throw new SMBRuntimeException(e);
        }
        T packet;
        try {
            packet = responses.track(response, connection, timeout).get();
        } catch (ExecutionException e) {
            throw new SMBRuntimeException(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SMBRuntimeException(e);
        }
        long status = packet.getHeader().getStatusCode();
        if (!NtStatus.isSuccess(status) && Arrays.stream(alsoOk).noneMatch(ok -> ok == status)) {
            throw new SMBApiException(packet.getHeader(), what + " failed");
        }
        return packet;
    }

    /**
     * Whether the tree may still be used: its share is connected and smbj's reader has not lost the
     * connection. smbj's own {@code Connection.isConnected()} is not asked: it takes the transport's
     * lock, which every send holds while it writes, so 16 readers opening files at once spent 5 % of
     * their time waiting in it; and it kept answering true for a connection its reader had lost.
     */
    boolean isAlive() {
        return !responses.isLost(connection) && share.isConnected();
    }

    /**
     * Drops a tree whose connection is lost, without the logoff smbj would wait for: the socket is
     * closed at once.
     */
    void abandon() {
        try {
            connection.close(true);
        } catch (IOException | RuntimeException e) {
            // Closing a broken connection; nothing else to release.
        }
    }

    /** Disconnects the share and logs off; smbj closes the connection when no other session uses it. */
    void close() {
        try {
            share.close();
        } catch (IOException | RuntimeException e) {
            // The connection may already be gone; there is nothing left to release then.
        }
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            // As above.
        }
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // As above.
        }
    }
}
