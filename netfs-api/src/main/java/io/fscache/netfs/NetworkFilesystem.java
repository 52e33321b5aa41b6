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
     * The options this protocol takes, beside the engine's own. A mount that gives an option neither
     * declares is refused before {@link #connect} is called.
     *
     * @return the protocol's options; by default none
     * @since 1.3
     */
    default MountOptionSpec options() {
        return MountOptionSpec.of(scheme());
    }

    /**
     * Connects to a server.
     *
     * @param uri where to connect, in the protocol's URI form without a query (for example
     *        {@code 9p://alice@host:564/export}): the engine turns a mount URI's query into options
     * @param options protocol options (credentials among them), each declared by {@link #options()};
     *        implementations must never log or otherwise reveal secrets
     * @return a connected session, owned by the caller, who closes it
     * @throws IllegalArgumentException if the URI or an option is malformed, or an option is not
     *         declared by {@link #options()}
     * @throws IOException if the server cannot be reached or refuses the session
     */
    NetfsSession connect(URI uri, Map<String, String> options) throws IOException;
}
