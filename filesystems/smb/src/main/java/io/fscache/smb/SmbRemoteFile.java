package io.fscache.smb;

import com.hierynomus.mserref.NtStatus;
import com.hierynomus.msfscc.fileinformation.FileEndOfFileInformation;
import com.hierynomus.mssmb2.SMB2FileId;
import com.hierynomus.mssmb2.SMB2Packet;
import com.hierynomus.mssmb2.SMB2PacketHeader;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.mssmb2.messages.SMB2Close;
import com.hierynomus.mssmb2.messages.SMB2ReadRequest;
import com.hierynomus.mssmb2.messages.SMB2ReadResponse;
import com.hierynomus.mssmb2.messages.SMB2WriteRequest;
import com.hierynomus.mssmb2.messages.SMB2WriteResponse;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.RemoteFile;
import io.fscache.smb.smbj.AsyncResponses;
import io.fscache.smb.smbj.ByteBufferChunks;
import io.fscache.smb.smbj.SmbCredits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An open file. Reads and writes are sent as SMB2 READ/WRITE requests and complete when the
 * response arrives ({@link AsyncResponses}), so the engine keeps several on the wire from one thread.
 * The handle belongs to one {@link SmbTree}; after a reconnect the file is opened again on first use.
 */
final class SmbRemoteFile implements RemoteFile {

    private final SmbSession session;
    private final String path;
    private final SmbOpenMode mode;
    private volatile Handle handle;
    private volatile FileAttributes attributes;
    private volatile boolean closed;

    /** A file handle on the tree it was opened on. */
    private record Handle(SmbTree tree, SMB2FileId id) {
    }

    SmbRemoteFile(SmbSession session, String path, SmbOpenMode mode, SmbTree tree, SMB2FileId id,
            FileAttributes attributes) {
        this.session = session;
        this.path = path;
        this.mode = mode.reopen();
        this.handle = new Handle(tree, id);
        this.attributes = attributes;
    }

    @Override
    public FileAttributes attributes() {
        return attributes;
    }

    @Override
    public FileAttributes refresh() throws IOException {
        FileAttributes fresh = sync(h -> session.attributes().of(h.tree().share().getFileInformation(h.id()), path));
        attributes = fresh;
        return fresh;
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        int length = Math.min(dst.remaining(), session.limits().maxReadSize());
        if (length == 0) {
            return CompletableFuture.completedFuture(0);
        }
        return send(length, (h, bytes) -> new SMB2ReadRequest(h.tree().dialect(), h.id(), h.tree().sessionId(),
                h.tree().treeId(), position, bytes), SMB2ReadResponse.class, (response, bytes) -> {
                    if (response.getHeader().getStatusCode() == NtStatus.STATUS_END_OF_FILE.getValue()) {
                        return 0;
                    }
                    byte[] data = response.getData();
                    int moved = Math.min(Math.min(response.getDataLength(), data.length), dst.remaining());
                    dst.put(data, 0, moved);
                    session.counters().read(moved);
                    return moved;
                }, "READ");
    }

    @Override
    public CompletionStage<Integer> write(long position, ByteBuffer src) {
        int length = Math.min(src.remaining(), session.limits().maxWriteSize());
        if (length == 0) {
            return CompletableFuture.completedFuture(0);
        }
        return send(length, (h, bytes) -> {
            ByteBuffer data = src.duplicate().limit(src.position() + bytes);
            return new SMB2WriteRequest(h.tree().dialect(), h.id(), h.tree().sessionId(), h.tree().treeId(),
                    new ByteBufferChunks(data, position), bytes);
        }, SMB2WriteResponse.class, (response, bytes) -> {
            int written = Math.min(response.getBytesWritten(), bytes);
            src.position(src.position() + written);
            session.counters().written(written);
            return written;
        }, "WRITE");
    }

    @Override
    public void truncate(long size) throws IOException {
        sync(h -> {
            h.tree().share().setFileInformation(h.id(), new FileEndOfFileInformation(size));
            return null;
        });
    }

    @Override
    public void fsync() throws IOException {
        sync(h -> {
            h.tree().flush(h.id());
            return null;
        });
    }

    /**
     * Closes the handle with SMB2 CLOSE asking for the attributes after the close
     * (SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB), and keeps them as {@link #attributes()}: Samba sets the
     * last-write time of a written handle only when it is closed, so attributes queried before the close
     * are not what the next open sees. A handle opened only to read is closed without waiting
     * ({@link SmbTree#closeBehind}).
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        Handle current = handle;
        if (!current.tree().isAlive()) {
            return;
        }
        session.counters().sent(SmbSession.METADATA);
        if (!mode.write()) {
            // Nothing written, so no attributes to wait for: the close goes behind the caller.
            current.tree().closeBehind(current.id()).whenComplete((ignored, failure) -> session.counters().answered());
            return;
        }
        try {
            SMB2Close response = current.tree().close(current.id());
            if (NtStatus.isSuccess(response.getHeader().getStatusCode())) {
                attributes = session.attributes().of(response, attributes);
            }
        } catch (RuntimeException e) {
            throw failedOn(current, e);
        } finally {
            session.counters().answered();
        }
    }

    @Override
    public String toString() {
        return "SmbRemoteFile[" + session.mount().server() + "/" + session.mount().share() + path + "]";
    }

    // ---- internals ----

    @FunctionalInterface
    private interface FileCall<T> {
        T apply(Handle handle);
    }

    @FunctionalInterface
    private interface RequestBuilder {
        SMB2Packet build(Handle handle, int bytes);
    }

    @FunctionalInterface
    private interface ResponseHandler<R> {
        Integer apply(R response, int bytes);
    }

    /**
     * Sends one READ or WRITE of up to {@code length} bytes, built for the current handle once the
     * connection's credits cover it ({@link SmbCredits}; fewer bytes if fewer credits are given), and
     * maps its response or failure.
     */
    private <R extends SMB2Packet> CompletionStage<Integer> send(int length, RequestBuilder request,
            Class<R> responseType, ResponseHandler<R> onSuccess, String kind) {
        Handle current;
        try {
            current = handle();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        SmbCredits credits = current.tree().credits();
        return credits.acquire(SmbCredits.charge(length))
                .orTimeout(session.mount().timeout().toNanos(), TimeUnit.NANOSECONDS)
                .handle((granted, failure) -> failure == null
                        ? sendWith(current, granted, Math.min(length, granted * SmbCredits.CREDIT_PAYLOAD), request,
                                responseType, onSuccess, kind)
                        : CompletableFuture.<Integer>failedFuture(failedOn(current, failure)))
                .thenCompose(sent -> sent);
    }

    private <R extends SMB2Packet> CompletionStage<Integer> sendWith(Handle current, int credits, int bytes,
            RequestBuilder request, Class<R> responseType, ResponseHandler<R> onSuccess, String kind) {
        SmbCredits gate = current.tree().credits();
        Future<SMB2Packet> response;
        try {
            response = current.tree().sendData(request.build(current, bytes));
        } catch (IOException | RuntimeException e) {
            gate.unused(credits);
            return CompletableFuture.failedFuture(failedOn(current, e));
        }
        gate.sent(credits);
        session.counters().sent(kind);
        CompletableFuture<Integer> result = new CompletableFuture<>();
        session.responses().track(response, current.tree().connection(), session.mount().timeout())
                .whenComplete((packet, failure) -> {
                    gate.answered();
                    session.counters().answered();
                    try {
                        if (failure != null) {
                            result.completeExceptionally(failedOn(current, failure));
                            return;
                        }
                        SMB2PacketHeader header = packet.getHeader();
                        long status = header.getStatusCode();
                        if (!NtStatus.isSuccess(status) && status != NtStatus.STATUS_END_OF_FILE.getValue()) {
                            result.completeExceptionally(
                                    failedOn(current, new SMBApiException(header, "request failed for " + path)));
                            return;
                        }
                        result.complete(onSuccess.apply(responseType.cast(packet), bytes));
                    } catch (RuntimeException e) {
                        result.completeExceptionally(failedOn(current, e));
                    }
                });
        return result;
    }

    /** {@link #failureOn}, counted as a failed request. */
    private IOException failedOn(Handle used, Throwable failure) {
        IOException mapped = failureOn(used, failure);
        session.counters().failed(mapped);
        return mapped;
    }

    private IOException failureOn(Handle used, Throwable failure) {
        return session.failure(used.tree(), failure, path);
    }

    private <T> T sync(FileCall<T> call) throws IOException {
        Handle current = handle();
        session.counters().sent(SmbSession.METADATA);
        try {
            return call.apply(current);
        } catch (RuntimeException e) {
            throw failedOn(current, e);
        } finally {
            session.counters().answered();
        }
    }

    /** The handle on the session's live tree, opening the file again after a reconnect. */
    private Handle handle() throws IOException {
        if (closed) {
            throw new IOException(path + ": the file is closed");
        }
        SmbTree tree = session.tree();
        Handle current = handle;
        if (current.tree() == tree) {
            return current;
        }
        synchronized (this) {
            current = handle;
            if (current.tree() != tree) {
                try {
                    current = new Handle(tree, mode.open(tree, SmbSession.smbPath(path)));
                } catch (RuntimeException e) {
                    throw session.failure(tree, e, path);
                }
                handle = current;
            }
            return current;
        }
    }
}
