package io.fscache.shell.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleHistoryTest {

    @TempDir
    Path dir;

    // ~/.karaf/karaf.history was 0644: every user of the machine could read the mount lines typed.
    @Test
    void theHistoryFileBecomesOwnerOnly() throws Exception {
        Path history = Files.writeString(dir.resolve("karaf.history"), "1:netfs:mounts\n");
        Files.setPosixFilePermissions(history, PosixFilePermissions.fromString("rw-r--r--"));
        ConsoleHistory.ownerOnly(history);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
    }

    @Test
    void noHistoryFileIsNoError() {
        ConsoleHistory.ownerOnly(dir.resolve("none"));
        ConsoleHistory.ownerOnly((org.apache.karaf.shell.api.console.Session) null);
    }
}
