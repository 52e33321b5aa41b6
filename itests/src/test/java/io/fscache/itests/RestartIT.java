package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.fscache.itests.bundle.LocalFilesystemActivator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * The distribution as a user runs it: unpacked, started with bin/karaf, driven with bin/client
 * (mount, get, stats), stopped, started again. Data cached on disk before the restart is served
 * after it, and the bytes equal the server's.
 */
public class RestartIT {

    private final Path base = Path.of("target/restart").toAbsolutePath();
    private final Path karaf = base.resolve("karaf");
    private Process running;

    @Test
    public void dataCachedBeforeARestartIsServedAfterIt() throws Exception {
        unpack();
        Path export = Files.createDirectories(base.resolve("server/export"));
        byte[] content = new byte[3 << 20];
        new Random(13).nextBytes(content);
        FsCacheTestSupport.writeOld(export.resolve("file.bin"), content);
        try (InputStream bundle = TestFilesystemBundle.build()) {
            Files.copy(bundle, karaf.resolve("deploy/local-filesystem.jar"));
        }
        Files.writeString(karaf.resolve("etc/system.properties"), System.lineSeparator()
                + LocalFilesystemActivator.SERVER_ROOT + " = " + base.resolve("server") + System.lineSeparator(),
                StandardOpenOption.APPEND);

        start();
        client("netfs:mount --cache disk local://server/export data");
        client("netfs:get data:/file.bin " + base.resolve("first.bin"));
        assertArrayEquals(content, Files.readAllBytes(base.resolve("first.bin")));
        stop();

        start();
        client("netfs:mount --cache disk local://server/export data");
        client("netfs:get data:/file.bin " + base.resolve("second.bin"));
        assertArrayEquals(content, Files.readAllBytes(base.resolve("second.bin")));
        String stats = client("fscache:stats");
        assertTrue("after the restart the file came from the disk cache:\n" + stats,
                counter(stats, "rdb") >= content.length);
        assertArrayEquals("the server's content is unchanged", content, Files.readAllBytes(export.resolve("file.bin")));
        stop();
    }

    @After
    public void killLeftovers() {
        if (running != null && running.isAlive()) {
            running.destroyForcibly();
        }
    }

    private void unpack() throws Exception {
        deleteTree(base);
        Files.createDirectories(base);
        run(base, "tar", "xzf", System.getProperty("fscache.distribution"), "-C", base.toString());
        try (var entries = Files.list(base)) {
            Path unpacked = entries.filter(Files::isDirectory).findFirst().orElseThrow();
            Files.move(unpacked, karaf);
        }
    }

    private void start() throws Exception {
        running = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server")
                .directory(karaf.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("karaf.out").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            String out = tryClient("fscache:caches");
            if (out != null && out.contains("disk") && out.contains("ACTIVE") && tryClient("netfs:mounts") != null) {
                return;
            }
            if (System.nanoTime() > deadline || !running.isAlive()) {
                throw new AssertionError("the distribution did not come up; see " + base.resolve("karaf.out"));
            }
            Thread.sleep(500);
        }
    }

    private void stop() throws Exception {
        run(karaf, karaf.resolve("bin/stop").toString());
        assertTrue("karaf stopped", running.waitFor(60, TimeUnit.SECONDS));
    }

    private String client(String command) throws Exception {
        String out = tryClient(command);
        if (out == null) {
            throw new AssertionError("command failed: " + command);
        }
        return out;
    }

    /** Runs one shell command through bin/client; null if the client or the command failed. */
    private String tryClient(String command) throws IOException, InterruptedException {
        Process client = new ProcessBuilder(karaf.resolve("bin/client").toString(), "-b")
                .directory(karaf.toFile()).redirectErrorStream(true).start();
        client.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!client.waitFor(60, TimeUnit.SECONDS) || client.exitValue() != 0 || out.contains("Error executing command")) {
            return null;
        }
        return out;
    }

    private static long counter(String stats, String name) {
        Matcher matcher = Pattern.compile("\\b" + name + "=(\\d+)").matcher(stats);
        assertTrue("no counter " + name + " in:\n" + stats, matcher.find());
        return Long.parseLong(matcher.group(1));
    }

    private static void run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        assertEquals(String.join(" ", command), 0, process.waitFor());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
