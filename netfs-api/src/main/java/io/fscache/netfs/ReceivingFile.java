package io.fscache.netfs;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link RemoteFile} that lends the engine the buffers its read replies arrived in
 * ({@link ReceivedBytes}) instead of copying each reply into a buffer of the engine's. The engine
 * reads through {@link #receive} where it would otherwise read into a buffer it then copies from (a
 * fetch for the cache or for readahead); {@link #read(long, java.nio.ByteBuffer)} still serves reads
 * straight into a reader's buffer.
 */
@ConsumerType
public interface ReceivingFile extends RemoteFile {

    /**
     * Reads from the server. May read fewer bytes than asked (a short read); the engine continues.
     *
     * @param length at most {@link IoLimits#maxReadSize()} bytes
     * @return the bytes read, none at or beyond the end of the file; the caller closes them
     */
    CompletionStage<ReceivedBytes> receive(long position, int length);
}
