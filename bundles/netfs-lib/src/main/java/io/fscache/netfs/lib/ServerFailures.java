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

    private ServerFailures() {
    }

    /** The server did not answer the call in time: asking it again would wait as long. */
    static boolean timedOut(Throwable failure) {
        return Futures.unwrap(failure) instanceof SocketTimeoutException;
    }

    /** The server did not answer, or its connection was refused or lost. */
    static boolean unreachable(Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        return cause instanceof SocketTimeoutException || cause instanceof SocketException;
    }
}
