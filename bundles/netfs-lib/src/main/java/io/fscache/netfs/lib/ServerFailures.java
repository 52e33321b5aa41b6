package io.fscache.netfs.lib;

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

    /**
     * The server did not answer the call in time, so asking it again would wait as long: the
     * failure or any of its causes is a {@link SocketTimeoutException}.
     */
    static boolean timedOut(Throwable failure) {
        return anyCause(failure, SocketTimeoutException.class);
    }

    /**
     * The server did not answer, or its connection was refused or lost: the failure or any of its
     * causes is a {@link SocketException} or {@link SocketTimeoutException}. Protocols wrap the
     * transport's exception in one that names the server ({@code cannot connect to nfs server ...:
     * connection refused}); with only the outermost one looked at, a mount whose server had died
     * went on showing {@code mounted}.
     */
    static boolean unreachable(Throwable failure) {
        return anyCause(failure, SocketTimeoutException.class, SocketException.class);
    }

    /** Whether the failure or one of its first {@value #MAX_CAUSES} causes is one of {@code types}. */
    @SafeVarargs
    private static boolean anyCause(Throwable failure, Class<? extends Throwable>... types) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }
}
