package io.fscache.netfs.contract;

import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A real server of one protocol on loopback, and the client that talks to it: what a protocol
 * module supplies to run {@link NetfsSessionContract} and {@link MountContract}. The contracts
 * start it once per test class, empty its export before each test, restart it in the middle of
 * reads, and stop it after the class.
 *
 * <p>The export is the server's files as another client sees them: for most protocols the local
 * directory the server serves, where the contracts make and change files behind the server's back
 * and check what a client wrote. A server with no such directory gives a {@link Path} of another
 * kind (AFS: a second client's uncached mount) and overrides the operations that take a shell to
 * the export ({@link #empty}, {@link #modified}, {@link #makeFiles}, {@link #rawNames},
 * {@link #deny}). Used from one test thread at a time; {@link #bytesRead} is read while other
 * threads read through the client.
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

    /** The server's files as another client sees them, usually the local directory the server exports; exists while the peer is started. */
    Path export();

    /** The URI a client connects or mounts with; valid once started. */
    URI uri();

    /**
     * {@code host:port} of the server that serves the files, as a failure message must name it; by
     * default the URI's. AFS's URI names a VL server, which names the fileserver.
     */
    default String server() {
        return uri().getHost() + ":" + uri().getPort();
    }

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

    /** Deletes everything in the export, whatever the names, immutable files included; keeps the export. */
    default void empty() throws IOException {
        Shell.empty(export());
    }

    /** The bytes the server's storage holds in all, as a client's space query must report them; by default the export's file store's. */
    default long totalSpace() throws IOException {
        return Files.getFileStore(export()).getTotalSpace();
    }

    /** Sets the modification time of {@code file} (a path in the export) behind the client's back. */
    default void modified(Path file, Instant time) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(time));
    }

    /**
     * Makes directory {@code dir} (a path in the export) holding a file for each name, given as its
     * bytes in lowercase hex, with the ASCII text it maps to. The default has bash make them from
     * their bytes: Java cannot spell names that are not UTF-8, and a JVM in the POSIX locale not
     * even {@code café}.
     */
    default void makeFiles(Path dir, Map<String, String> contentByHexName) throws IOException {
        StringBuilder script = new StringBuilder("mkdir \"$0\" && cd \"$0\" || exit 1\n");
        contentByHexName.forEach((hex, content) -> script.append("printf '%s' '").append(content).append("' > \"$(printf '")
                .append(Shell.escapes(hex)).append("')\" || exit 1\n"));
        Shell.run(dir.getParent(), script.toString(), dir.getFileName().toString());
    }

    /** The names in {@code dir} (a path in the export) as the server holds them: bytes, each name in lowercase hex. */
    default Set<String> rawNames(Path dir) throws IOException {
        return Shell.rawNames(dir);
    }
}
