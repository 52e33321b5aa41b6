package io.fscache.benchmarks.netfs;

import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * A protocol under test: its real server, our client for it, and the server's own client. The
 * benchmarks write their files into a local export directory, which most servers serve as it is; a
 * server without one (AFS: files live in its cell) gets each file through {@link #publish} and each
 * change through {@link #change}.
 */
interface Target extends AutoCloseable {

    /** Shown in the report, e.g. {@code "9P (diod)"}. */
    String name();

    /** The protocol's short name for the table: {@code "9P"}, {@code "SMB"}. */
    String protocol();

    /** Starts the server exporting {@code export}, with its state under {@code state}. */
    void start(Path export, Path state) throws IOException;

    /** Our client, fresh. */
    NetworkFilesystem filesystem();

    /**
     * The server's UDP address our client's data goes to, which a
     * {@link io.fscache.netfs.contract.LossyRelay} can stand in front of; {@code null} (the default)
     * for a protocol over TCP.
     */
    default InetSocketAddress datagramServer() {
        return null;
    }

    /** Our client, fresh, sending to {@code relay} what it would send to {@link #datagramServer()}. */
    default NetworkFilesystem filesystemThrough(InetSocketAddress relay) {
        throw new UnsupportedOperationException(protocol() + " runs over TCP: no datagram relay");
    }

    /**
     * Makes {@code file} (a path relative to the export), just written into the export, visible to
     * the clients. Nothing to do (the default) for a server that serves the export directory.
     */
    default void publish(Path export, String file) throws IOException {
    }

    /**
     * Changes {@code file} (relative to the export) behind our mounts, so that the next open through
     * a mount finds its cached copy out of date; the bytes stay. By default its modification time
     * moves on a second in the export.
     */
    default void change(Path export, String file) throws IOException {
        BenchRun.changedOnTheServer(export.resolve(file));
    }

    /** Bytes our client has read from the server so far, over all of {@code filesystem}'s sessions. */
    long serverBytesRead(NetworkFilesystem filesystem);

    /** The mount URI of the export. */
    URI uri(Path export);

    /** Mount options (credentials). */
    Map<String, String> options();

    /** The server's own command-line client, e.g. {@code "diodcat"}. */
    String toolName();

    /** Copies {@code file} of the export to /dev/null (or, where the issue names such a tool, to memory) with the server's own client. */
    void toolRead(Path export, String file) throws IOException;

    /**
     * A second, stricter anchor for cold reads where {@link #toolRead} keeps a copy of what it reads
     * (as our mount keeps one in its cache): the server's client that streams the file to /dev/null
     * and keeps nothing, e.g. {@code "nfs-cat"}; {@code null} if there is none.
     */
    default String toolStreamName() {
        return null;
    }

    /** Copies {@code file} of the export to /dev/null with {@link #toolStreamName}. */
    default void toolStream(Path export, String file) throws IOException {
        throw new UnsupportedOperationException(name() + " has no second client to stream a file");
    }

    /** The server's own client's listing command, e.g. {@code "diodls -l"}; {@code null} if it lists nothing (afsio). */
    String toolListName();

    /** Lists a directory of the export with attributes ({@code ls -l}) with the server's own client. */
    void toolList(Path export, String dir) throws IOException;

    /** The client {@link #toolWrite} runs, e.g. {@code "smbclient put"}; {@code null} if there is none (diod). */
    default String toolWriteName() {
        return null;
    }

    /**
     * Copies a local file to {@code file} of the export with the server's own client.
     *
     * @throws UnsupportedOperationException if the server ships no client that writes (diod)
     */
    void toolWrite(Path local, String file) throws IOException;

    /** Stops the server. */
    @Override
    void close() throws IOException;
}
