package io.fscache.netfs;

import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a protocol client could not connect, in the words of a one-line error that has already named
 * the server: {@code "cannot connect to nfs server host:2049: " + reason(cause)}; and what a port
 * that answered in another protocol said ({@link #textGreeting}).
 *
 * @since 1.7
 */
public final class ConnectFailures {

    /** Causes looked through at most, so that a cycle ends (initCause lets two throwables name each other). */
    private static final int MAX_DEPTH = 16;
    /** Characters of a text greeting shown at most. */
    private static final int GREETING_SHOWN = 40;
    /** Printable characters that make a server's first bytes text rather than a binary header. */
    private static final int TEXT_AT_LEAST = 4;

    private ConnectFailures() {
    }

    /**
     * The first bytes a server sent in place of a protocol's binary header, when they are text: most
     * likely another protocol's greeting on that port. An SSH server's {@code SSH-2.0-OpenSSH_9.2p1}
     * was read as the length of a record of 1397966893 bytes. The text is cut at the end of its first
     * line and at {@value #GREETING_SHOWN} characters.
     *
     * @param first the first bytes, as many as have arrived; not changed
     * @return the text, or empty unless the bytes up to the first line's end (or the first
     *         {@value #GREETING_SHOWN}) are printable ASCII, {@value #TEXT_AT_LEAST} of them at least
     * @since 1.8
     */
    public static Optional<String> textGreeting(byte[] first) {
        StringBuilder text = new StringBuilder();
        for (byte b : first) {
            if (b == '\r' || b == '\n' || text.length() == GREETING_SHOWN) {
                break;
            }
            if (b < 0x20 || b > 0x7E) {
                return Optional.empty();
            }
            text.append((char) b);
        }
        return text.length() >= TEXT_AT_LEAST ? Optional.of(text.toString()) : Optional.empty();
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
