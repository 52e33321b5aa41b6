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

    /** Stops the server. */
    @Override
    void close() throws IOException;
}
