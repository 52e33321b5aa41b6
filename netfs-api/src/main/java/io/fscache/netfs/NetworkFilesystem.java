package io.fscache.netfs;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A network filesystem protocol (9P, NFS, SMB, Ceph, AFS): registered as a service with the
 * property {@value #SCHEME_PROPERTY}. Thread-safe.
 */
@ConsumerType
public interface NetworkFilesystem {

    /** The service property naming the URI scheme a filesystem serves, such as {@code "9p"}. */
    String SCHEME_PROPERTY = "netfs.scheme";

    /** The URI scheme this filesystem serves. */
    String scheme();

    /**
     * Connects to a server.
     *
     * @param uri where to connect, in the protocol's URI form (for example
     *        {@code 9p://host:564/export?uname=alice})
     * @param options protocol options (credentials among them); implementations must never log
     *        or otherwise reveal secrets
     * @return a connected session, owned by the caller, who closes it
     * @throws IllegalArgumentException if the URI or an option is malformed
     * @throws IOException if the server cannot be reached or refuses the session
     */
    NetfsSession connect(URI uri, Map<String, String> options) throws IOException;
}
