package io.fscache.netfs.contract;

import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real server of one protocol on loopback, and the client that talks to it: what a protocol
 * module supplies to run {@link NetfsSessionContract} and {@link MountContract}. The contracts
 * start it once per test class, empty its export before each test, restart it in the middle of
 * reads, and stop it after the class.
 *
 * <p>The export is a local directory the server serves: the contracts make and change files there
 * behind the server's back, and check there what a client wrote. Used from one test thread at a
 * time; {@link #bytesRead} is read while other threads read through the client.
 */
public interface Peer {

    /** How a protocol names files on the wire, which decides the names a contract round-trips. */
    enum Names {
        /** Byte strings (9P, NFS): any name but {@code '/'} and NUL, UTF-8 or not. */
        BYTES,
        /** UTF-16 (SMB): every Unicode name; bytes that are not UTF-8 are the server's business. */
        UTF16
    }

    /**
     * Starts the server on a free port, serving {@link #export()}; after a {@link #stop()}, starts it
     * again on the same port, so a client's URI stays valid. Starting a running peer does nothing.
     *
     * @throws IOException if the server does not come up (the message says why)
     */
    void start() throws IOException;

    /** Stops the server at once: connections drop, calls in flight fail. Stopping twice is harmless. */
    void stop() throws IOException;

    /** The local directory the server exports; exists while the peer is started. */
    Path export();

    /** The URI a client connects or mounts with; valid once started. */
    URI uri();

    /** The options every connection needs (credentials; never logged), plus {@code more} as name, value pairs. */
    Map<String, String> options(String... more);

    /** A new client of this protocol; the contract closes it if it is {@link AutoCloseable}. */
    NetworkFilesystem newClient();

    /** The file data bytes the server sent {@code client} in read replies, summed over its sessions. */
    long bytesRead(NetworkFilesystem client);

    /** How the protocol names files. */
    Names names();

    /**
     * Makes the server refuse to modify or delete {@code file} (a path in the export), for the
     * {@link java.nio.file.AccessDeniedException} checks, until the returned handle is closed. The
     * default marks it immutable ({@code chattr +i}), which even a server running as root cannot pass.
     */
    default AutoCloseable deny(Path file) throws IOException {
        Shell.run(file.getParent(), "chattr +i \"$0\"", file.getFileName().toString());
        return () -> Shell.run(file.getParent(), "chattr -i \"$0\"", file.getFileName().toString());
    }
}
