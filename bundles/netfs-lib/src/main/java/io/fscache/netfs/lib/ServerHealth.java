package io.fscache.netfs.lib;

import io.fscache.api.Futures;
import java.lang.System.Logger.Level;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether a mount's server answers, from the outcome of its calls: the first call that finds it
 * {@linkplain ServerFailures#unreachable unreachable} is logged at WARNING, and the first call
 * answered after that at INFO. An outage with every command timing out had left the log without a
 * line. Thread-safe; a success costs one volatile read.
 */
final class ServerHealth {

    private static final System.Logger LOG = System.getLogger(ServerHealth.class.getName());
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String mount;
    /** Since when and why the server is not answering; {@code null} while it answers. */
    private final AtomicReference<String> down = new AtomicReference<>();

    ServerHealth(String mount) {
        this.mount = mount;
    }

    /** {@code "not answering since 03:05:12 UTC: <why>"}, or {@code null} while the server answers. */
    String problem() {
        return down.get();
    }

    /** A call got the server's answer (an error the server sent counts: it answered). */
    void answered() {
        if (down.get() != null && down.getAndSet(null) != null) {
            LOG.log(Level.INFO, "Mount " + mount + ": the server answers again");
        }
    }

    /** A call failed: the server is not answering if the failure says so, else it answered. */
    void failed(Throwable failure) {
        if (!ServerFailures.unreachable(failure)) {
            answered();
            return;
        }
        Throwable cause = Futures.unwrap(failure);
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        String since = CLOCK.format(LocalTime.now(ZoneOffset.UTC)) + " UTC: ";
        if (down.compareAndSet(null, "not answering since " + since + why)) {
            LOG.log(Level.WARNING, "Mount " + mount + ": the server is not answering: " + why);
        }
    }
}
