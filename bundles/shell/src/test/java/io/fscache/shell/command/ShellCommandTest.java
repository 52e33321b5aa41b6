package io.fscache.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.console.SessionFactoryImpl;
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

    // Broke as: -o vers=3,rsize=1m was read as one option vers with the value "3,rsize=1m". A cache's
    // options keep their commas: tiers=disk,memory is one value.
    @Test
    void oneOptionArgumentHoldsSeveralSeparatedByCommasButASecretIsTakenWhole() {
        assertEquals(Map.of("vers", "3", "rsize", "1m", "sign", "", "password", "a,b=c"),
                ShellCommand.mountOptions(List.of("vers=3,rsize=1m,sign", "password=a,b=c")));
        assertEquals("-o vers is given twice",
                assertThrows(IllegalArgumentException.class, () -> ShellCommand.mountOptions(List.of("vers=3,vers=4.1"))).getMessage());
        assertEquals(Map.of("msize", "1m"), ShellCommand.mountOptions(List.of("msize=1m,")));
        assertEquals(Map.of("tiers", "disk,memory"), ShellCommand.cacheOptions(List.of("tiers=disk,memory")));
    }

    // Broke as: fscache:cache-add -o brun=5,bcull=7 read one property brun with the value "5,bcull=7",
    // unlike netfs:mount's -o.
    @Test
    void aCachesOptionArgumentHoldsSeveralSeparatedByCommasAndAListValueKeepsItsCommas() {
        assertEquals(Map.of("brun", "5", "bcull", "7"), ShellCommand.cacheOptions(List.of("brun=5,bcull=7")));
        assertEquals(Map.of("tiers", "fast,disk", "promotion", "on-first-hit"),
                ShellCommand.cacheOptions(List.of("tiers=fast,disk,promotion=on-first-hit")));
        assertEquals("-o brun is given twice",
                assertThrows(IllegalArgumentException.class, () -> ShellCommand.cacheOptions(List.of("brun=5", "brun=6"))).getMessage());
    }

    @Test
    void aFaultKeepsItsOwnException() {
        NullPointerException fault = new NullPointerException("bug");
        assertSame(fault, assertThrows(NullPointerException.class, () -> failing(fault).execute()));
    }

    // Broke as: Ctrl-C during netfs:get dropped its one-line message ("interrupted after 4.0 MiB of
    // 16.0 MiB ..."): Gogo ends the interrupted job with an InterruptedException of its own, for which
    // Karaf's console prints nothing.
    @Test
    void anInterruptedCommandShowsItsLineItselfOnceAndOtherwiseLeavesItToKaraf() throws Exception {
        ThreadIOImpl threadIO = new ThreadIOImpl();
        threadIO.start();
        SessionFactoryImpl sessions = new SessionFactoryImpl(threadIO);
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(shown, true, StandardCharsets.UTF_8);
        String line = "netfs:get data:/big.bin: interrupted after 4.0 MiB of 16.0 MiB";
        try (Session session = sessions.create(InputStream.nullInputStream(), console, console)) {
            ShellCommand command = failing(new CommandFailure(line));
            command.session = session;
            Thread.currentThread().interrupt();
            try {
                assertEquals(line, assertThrows(CommandException.class, command::execute).getMessage());
            } finally {
                Thread.interrupted();
            }
            String text = shown.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
            assertEquals("Error executing command: " + line, text.strip());

            shown.reset();
            assertThrows(CommandException.class, command::execute);
            assertEquals("", shown.toString(StandardCharsets.UTF_8), "not interrupted: Karaf's console prints it");
        } finally {
            sessions.stop();
            threadIO.stop();
        }
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
