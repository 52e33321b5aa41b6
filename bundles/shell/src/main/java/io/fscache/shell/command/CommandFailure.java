package io.fscache.shell.command;

/**
 * A failure a command explains in one line that names the side (local or remote) and the thing
 * that is wrong: shown to the user as is, never logged as a fault.
 */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
