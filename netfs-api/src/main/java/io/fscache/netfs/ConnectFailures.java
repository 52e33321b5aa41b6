package io.fscache.netfs;

import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Why a protocol client could not connect, in the words of a one-line error that has already named
 * the server: {@code "cannot connect to nfs server host:2049: " + reason(cause)}.
 *
 * @since 1.7
 */
public final class ConnectFailures {

    /** Causes looked through at most, so that a cycle ends (initCause lets two throwables name each other). */
    private static final int MAX_DEPTH = 16;

    private ConnectFailures() {
    }

    /**
     * The reason of a failed connect: {@code "unknown host"} when the name did not resolve (the JDK's
     * message is the bare name), else the cause's message in lower case without the address Netty
     * appends ({@code "Connection refused: /127.0.0.1:2049"} becomes {@code "connection refused"}).
     */
    public static String reason(Throwable cause) {
        Throwable at = cause;
        for (int depth = 0; at != null && depth < MAX_DEPTH; depth++, at = at.getCause()) {
            if (at instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        String message = String.valueOf(cause.getMessage());
        int address = message.lastIndexOf(": /");
        return (address > 0 ? message.substring(0, address) : message).toLowerCase(Locale.ROOT);
    }
}
