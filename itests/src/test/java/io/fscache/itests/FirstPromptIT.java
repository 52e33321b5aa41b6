package io.fscache.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * The first start of a fresh distribution as a user meets it: bin/karaf's own console on a
 * terminal ({@code script} gives it one), and a command typed the moment the prompt shows.
 */
public class FirstPromptIT {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]|\u001B[=>]");

    private final Path base = Path.of("target/first-prompt").toAbsolutePath();
    private final Path karaf = base.resolve("karaf");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Process running;

    // Broke as: on the first start the prompt showed ~0.5 s before fscache-shell's commands were
    // registered, so fscache:caches typed at once said "Command not found". karaf.delay.console
    // waits for the framework's start level only, and the features service installed the boot
    // features (FS-Cache among them) on a thread of its own after that.
    @Test
    public void aCommandTypedTheMomentTheFirstPromptShowsRuns() throws Exception {
        DistributionProcess.unpack(base, karaf);
        running = new ProcessBuilder("script", "-qfec", karaf.resolve("bin/karaf").toString(), "/dev/null")
                .directory(karaf.toFile()).redirectErrorStream(true).start();
        Thread reader = new Thread(this::readConsole, "first-prompt-console");
        reader.setDaemon(true);
        reader.start();
        await("the first prompt; see " + karaf.resolve("data/log/karaf.log")).atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(10)).until(() -> shown().contains("@root()>"));
        OutputStream keyboard = running.getOutputStream();
        keyboard.write("fscache:caches\r".getBytes(StandardCharsets.US_ASCII));
        keyboard.flush();
        int typedAt = shown().length();
        await("the command's answer").atMost(Duration.ofSeconds(30))
                .until(() -> answer(typedAt).contains("Command not found") || answer(typedAt).contains("Priority"));
        String answer = answer(typedAt);
        assertFalse("typed at the first prompt:\n" + answer, answer.contains("Command not found"));
        assertTrue("the default caches listed:\n" + answer, answer.contains("disk") && answer.contains("memory"));
        keyboard.write("shutdown -f\r".getBytes(StandardCharsets.US_ASCII));
        keyboard.flush();
    }

    @After
    public void stopTheDistribution() {
        if (running != null) {
            DistributionProcess.kill(running);
        }
    }

    private void readConsole() {
        byte[] buffer = new byte[8192];
        try (InputStream in = running.getInputStream()) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                synchronized (console) {
                    console.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the console closed with the process
        }
    }

    /** What the console has shown so far, without its colours and cursor moves. */
    private String shown() {
        synchronized (console) {
            return ANSI.matcher(console.toString(StandardCharsets.UTF_8)).replaceAll("");
        }
    }

    private String answer(int from) {
        String shown = shown();
        return shown.substring(Math.min(from, shown.length()));
    }
}
