package io.fscache.shell.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.karaf.shell.api.console.Session;

/**
 * The console's history file ({@code ~/.karaf/karaf.history}) made readable by its owner only.
 * JLine creates it with the default permissions (often 0644), and it holds every line typed,
 * mount URIs and options included; the distribution keeps lines with a secret out of it
 * ({@code history-ignore} in {@code etc/scripts/fscache.script}), and a command that runs tightens
 * the file that the line typed to run it was just appended to. Once owner-only it stays so: JLine
 * appends to it, and rewrites it through an owner-only temporary file.
 */
final class ConsoleHistory {

    /** The session variable (shared with JLine's reader) naming the history file. */
    static final String HISTORY_FILE = "history-file";

    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private ConsoleHistory() {
    }

    /** Takes group and others' permissions off the session's history file, if it has one. */
    static void ownerOnly(Session session) {
        if (session != null && session.get(HISTORY_FILE) instanceof Path file) {
            ownerOnly(file);
        }
    }

    static void ownerOnly(Path file) {
        try {
            if (!OWNER_ONLY.containsAll(Files.getPosixFilePermissions(file))) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No such file yet, another owner's file or no POSIX permissions: the command runs anyway.
        }
    }
}
