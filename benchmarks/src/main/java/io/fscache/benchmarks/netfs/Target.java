package io.fscache.benchmarks.netfs;

import io.fscache.netfs.NetworkFilesystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/** A protocol under test: its real server, our client for it, and the server's own client. */
interface Target extends AutoCloseable {

    /** Shown in the report, e.g. {@code "9P (diod)"}. */
    String name();

    /** The protocol's short name for the table: {@code "9P"}, {@code "SMB"}. */
    String protocol();

    /** Starts the server exporting {@code export}, with its state under {@code state}. */
    void start(Path export, Path state) throws IOException;

    /** Our client, fresh. */
    NetworkFilesystem filesystem();

    /** Bytes our client has read from the server so far, over all of {@code filesystem}'s sessions. */
    long serverBytesRead(NetworkFilesystem filesystem);

    /** The mount URI of the export. */
    URI uri(Path export);

    /** Mount options (credentials). */
    Map<String, String> options();

    /** The server's own command-line client, e.g. {@code "diodcat"}. */
    String toolName();

    /** Copies {@code file} of the export to /dev/null with the server's own client. */
    void toolRead(Path export, String file) throws IOException;

    /** The server's own client's listing command, e.g. {@code "diodls -l"}. */
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
