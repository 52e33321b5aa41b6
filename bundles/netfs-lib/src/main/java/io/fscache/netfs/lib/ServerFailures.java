package io.fscache.netfs.lib;

import io.fscache.api.Futures;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * What a failed call says about its server, in one place for the engine: whether the server did
 * not answer in time (protocols fail such calls with a {@link SocketTimeoutException}), or could
 * not be reached at all (that, or a refused or lost connection: a {@link SocketException}).
 */
final class ServerFailures {

    /** Causes looked at, so that a chain with a loop ends. */
    private static final int MAX_CAUSES = 16;

    private ServerFailures() {
    }

    /** The server did not answer the call in time: asking it again would wait as long. */
    static boolean timedOut(Throwable failure) {
        return Futures.unwrap(failure) instanceof SocketTimeoutException;
    }

    /**
     * The server did not answer, or its connection was refused or lost: the failure or any of its
     * causes is a {@link SocketException} or {@link SocketTimeoutException}. Protocols wrap the
     * transport's exception in one that names the server ({@code cannot connect to nfs server ...:
     * connection refused}); with only the outermost one looked at, a mount whose server had died
     * went on showing {@code mounted}.
     */
    static boolean unreachable(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof SocketException) {
                return true;
            }
        }
        return false;
    }
}
