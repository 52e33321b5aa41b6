package io.fscache.shell.command;

import io.fscache.netfs.Secrets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

/**
 * What every fscache:* and netfs:* command shares: a mistake the user can fix, or a failure the
 * command explains in one line, reaches the console as that line alone and the log only at DEBUG;
 * anything else is a fault and keeps its stack trace in the log at ERROR.
 *
 * <p>Karaf's console logs a command's exception at ERROR unless its class is named
 * {@code CommandException} (it tests the simple name), so the explained failures leave
 * {@link #execute()} as Karaf's own {@link CommandException}, with the original as its cause. A
 * failure of a command interrupted by Ctrl-C is printed by the command itself: the console never
 * sees it (Gogo's job ends with an {@code InterruptedException} of its own, which Karaf ignores).
 */
abstract class ShellCommand implements Action {

    /** The console session running the command; none when a command runs outside a shell (tests). */
    @Reference(optional = true)
    Session session;

    @Override
    public final Object execute() throws Exception {
        ConsoleHistory.ownerOnly(session);
        try {
            return run();
        } catch (IllegalArgumentException | CommandFailure e) {
            CommandException explained = new CommandException(e.getMessage(), e);
            if (Thread.currentThread().isInterrupted() && session != null) {
                // Ctrl-C: Gogo ends the job with its own InterruptedException instead of this one,
                // and Karaf's console prints nothing for that; so the line is shown here, as Karaf
                // shows a failure.
                ShellUtil.logException(session, explained);
            }
            throw explained;
        }
    }

    /**
     * Runs the command.
     *
     * @throws IllegalArgumentException for input the user can correct, with a one-line message
     * @throws CommandFailure for a failure explained in one line
     */
    abstract Object run() throws Exception;

    /**
     * Whether {@code done} holds within {@code seconds}, asked every 50 ms: what a command waits for
     * (a cache up, a mount gone) happens on other threads.
     */
    static boolean within(int seconds, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * The {@code -o name=value} properties of a cache's command line, in order. One {@code -o} may
     * hold several, separated by commas as {@code netfs:mount} takes them ({@code -o brun=5,bcull=7});
     * a piece without {@code =} continues the value before it, since a value may be a list
     * ({@code -o tiers=fast,disk}). A value is never repeated in a message.
     *
     * @throws IllegalArgumentException for a property without a name, or one given twice
     */
    static Map<String, String> cacheOptions(List<String> given) {
        List<String> properties = new ArrayList<>();
        for (String argument : given == null ? List.<String>of() : given) {
            List<String> pieces = new ArrayList<>();
            for (String piece : argument.split(",", -1)) {
                if (piece.indexOf('=') < 0 && !pieces.isEmpty()) {
                    pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + "," + piece);
                } else {
                    pieces.add(piece);
                }
            }
            properties.addAll(pieces);
        }
        return options(properties, false);
    }

    /**
     * The {@code -o name=value} options of a mount's command line, in order; a bare name has an
     * empty value, as in a URI's query: a flag set ({@code -o sign}), and for any other option a
     * one-line error saying what value it needs. One {@code -o} may hold several options separated by
     * commas, as with mount(8) ({@code -o vers=3,rsize=1m}), except a secret's, whose value is taken
     * whole (a password may hold a comma); an empty piece is a stray comma. A value is never repeated
     * in a message: it may be a secret.
     *
     * @throws IllegalArgumentException for an option without a name, or one given twice
     */
    static Map<String, String> mountOptions(List<String> given) {
        return options(given, true);
    }

    private static Map<String, String> options(List<String> given, boolean commaSeparated) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String argument : given == null ? List.<String>of() : given) {
            for (String option : commaSeparated ? split(argument) : List.of(argument)) {
                int eq = option.indexOf('=');
                String name = (eq < 0 ? option : option.substring(0, eq)).trim();
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("-o takes name=value (or a flag's bare name), not '"
                            + option.replaceAll("=.*", "=...") + "'");
                }
                if (options.put(name, eq < 0 ? "" : option.substring(eq + 1)) != null) {
                    throw new IllegalArgumentException("-o " + name + " is given twice");
                }
            }
        }
        return options;
    }

    /** One {@code -o}'s options: split at commas unless it names a secret. */
    private static List<String> split(String argument) {
        int eq = argument.indexOf('=');
        String first = eq < 0 ? argument : argument.substring(0, eq);
        if (Secrets.isSecret(first.trim()) || argument.indexOf(',') < 0) {
            return List.of(argument);
        }
        // An empty piece ("msize=1m,") is a stray comma, as mount(8) reads it.
        return Arrays.stream(argument.split(",")).filter(piece -> !piece.isEmpty()).toList();
    }
}
