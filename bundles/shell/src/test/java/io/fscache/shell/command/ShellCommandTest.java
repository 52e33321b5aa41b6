package io.fscache.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

/** Which failures reach Karaf as a user's mistake (one line, no ERROR in the log) and which as faults. */
class ShellCommandTest {

    // Every typo left an ERROR with a stack trace in karaf.log: Karaf logs at DEBUG only an
    // exception whose class is named CommandException.
    @Test
    void aMistakeOrAnExplainedFailureReachesKarafAsACommandException() {
        for (RuntimeException thrown : new RuntimeException[] {new IllegalArgumentException("no mount named 'x'"),
                new CommandFailure("remote data:/a: access denied")}) {
            CommandException e = assertThrows(CommandException.class, () -> failing(thrown).execute());
            assertEquals("CommandException", e.getClass().getSimpleName());
            assertEquals(thrown.getMessage(), e.getMessage());
            assertSame(thrown, e.getCause(), "kept for the DEBUG log");
        }
    }

    @Test
    void aFaultKeepsItsOwnException() {
        NullPointerException fault = new NullPointerException("bug");
        assertSame(fault, assertThrows(NullPointerException.class, () -> failing(fault).execute()));
    }

    private static ShellCommand failing(RuntimeException e) {
        return new ShellCommand() {
            @Override
            Object run() {
                throw e;
            }
        };
    }
}
