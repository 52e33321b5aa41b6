package io.fscache.netfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An open file on the server. Thread-safe: the engine keeps several ranged reads or writes in
 * flight at once, up to {@link IoLimits#maxInFlight()}, each at most
 * {@link IoLimits#maxReadSize()} or {@link IoLimits#maxWriteSize()} bytes.
 *
 * <p>Buffers passed to {@code read}/{@code write} belong to the file until the stage completes;
 * their position is advanced by the bytes moved.
 */
@ConsumerType
public interface RemoteFile extends Closeable {

    /**
     * The attributes as of the open, or of the last {@link #refresh()}, or, once {@link #close()} has
     * returned normally, as of the close: what the server reports for the file after this handle is
     * closed. A protocol whose close changes nothing returns the last refresh; one whose server updates
     * attributes at the close (SMB sets a written file's last-write time then) returns the attributes
     * the close reported. The engine refreshes before closing a handle that wrote and records these
     * after the close as the file's coherency data, so they must match what the next open sees.
     */
    FileAttributes attributes();

    /** Fetches the attributes from the server again. */
    FileAttributes refresh() throws IOException;

    /**
     * Reads from the server. May read fewer bytes than asked (a short read); the engine continues.
     *
     * @return the bytes read, {@code 0} at or beyond the end of the file
     */
    CompletionStage<Integer> read(long position, ByteBuffer dst);

    /**
     * Writes to the server. May write fewer bytes than given; the engine continues. A server that
     * wants smaller writes fails with {@link WriteTooLargeException} and the engine re-splits.
     *
     * @return the bytes written
     */
    CompletionStage<Integer> write(long position, ByteBuffer src);

    /** Sets the file size on the server. */
    void truncate(long size) throws IOException;

    /** Makes written data durable on the server. */
    void fsync() throws IOException;

    /** Closes the server's handle; afterwards {@link #attributes()} are as of the close. */
    @Override
    void close() throws IOException;
}
