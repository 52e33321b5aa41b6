package io.fscache.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.fscache.itests.bundle.LocalFilesystemActivator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;

/**
 * The distribution as a user runs it: unpacked, started with bin/karaf, driven with bin/client
 * (mount, get, stats), stopped, started again. Data cached on disk before the restart is served
 * after it, and the bytes equal the server's; a mount made with --persist comes back by itself.
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
        deployLocalFilesystem();

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
                DistributionProcess.counter(stats, "rdb") >= content.length);
        assertArrayEquals("the server's content is unchanged", content, Files.readAllBytes(export.resolve("file.bin")));
        stop();
    }

    @Test
    public void aPersistedMountComesBackAfterARestart() throws Exception {
        // Mounts were forgotten at restart: after one, netfs:mounts was empty and data:/ unknown.
        unpack();
        Path server = base.resolve("server");
        Path export = Files.createDirectories(server.resolve("export"));
        byte[] content = new byte[1 << 20];
        new Random(17).nextBytes(content);
        FsCacheTestSupport.writeOld(export.resolve("file.bin"), content);
        deployLocalFilesystem();

        start();
        client("netfs:mount --persist --cache disk -o uname=alice local://server/export data");
        Path cfg = karaf.resolve("etc/io.fscache.mount-data.cfg");
        assertTrue("--persist wrote " + cfg, Files.exists(cfg));
        String written = Files.readString(cfg);
        assertTrue(written, written.contains("local://server/export") && written.contains("uname=alice"));
        String refused = tryClient("netfs:mount --persist -o password=hunter2 local://server/export other");
        assertTrue("a secret is not kept", refused == null && Files.notExists(karaf.resolve("etc/io.fscache.mount-other.cfg")));
        stop();

        start();
        awaitMountsShow("data", "mounted");
        client("netfs:get data:/file.bin " + base.resolve("after-restart.bin"));
        assertArrayEquals(content, Files.readAllBytes(base.resolve("after-restart.bin")));
        stop();

        // The server is down at start: the mount retries in the background and says so.
        Path away = Files.move(export, server.resolve("away"));
        start();
        awaitMountsShow("data", "retrying: /export: no such export");
        // Broke as: "no mount named 'data'" while netfs:mounts listed it.
        String ls = DistributionProcess.failingClient(clientProcess(), "netfs:ls data:/");
        assertTrue(ls, ls.contains("mount 'data' is not up: retrying: /export: no such export (see netfs:mounts)"));
        Files.move(away, export, StandardCopyOption.ATOMIC_MOVE);
        awaitMountsShow("data", "mounted");

        client("netfs:umount --forget data");
        assertTrue("--forget deleted " + cfg, Files.notExists(cfg));
        assertFalse(client("netfs:mounts").contains("data"));

        // A file written by hand mounts under the name in its file name; deleting the file unmounts.
        Path byHand = karaf.resolve("etc/io.fscache.mount-byhand.cfg");
        Files.writeString(byHand, "uri = local://server/export" + System.lineSeparator());
        awaitMountsShow("byhand", "mounted");
        Files.delete(byHand);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !client("netfs:mounts").contains("byhand"));
        stop();
        start();
        assertFalse("a forgotten mount stays away", client("netfs:mounts").contains("data"));
        stop();
    }

    // Broke as: a failed test left its Karaf JVM running: destroying bin/karaf, the script, does not
    // end the JVM it forked.
    @After
    public void killLeftovers() {
        if (running != null) {
            DistributionProcess.kill(running);
        }
    }

    /** Waits until netfs:mounts shows the mount's state (the retries of a down server back off up to 60 s). */
    private void awaitMountsShow(String name, String state) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String mounts = tryClient("netfs:mounts");
            return mounts != null && mounts.lines().anyMatch(line -> line.startsWith(name + " ") && line.strip().endsWith(state));
        });
    }

    /** The test-only filesystem of scheme local, serving target/restart/server. */
    private void deployLocalFilesystem() throws IOException {
        try (InputStream bundle = TestFilesystemBundle.build()) {
            Files.copy(bundle, karaf.resolve("deploy/local-filesystem.jar"));
        }
        Files.writeString(karaf.resolve("etc/system.properties"), System.lineSeparator()
                + LocalFilesystemActivator.SERVER_ROOT + " = " + base.resolve("server") + System.lineSeparator(),
                StandardOpenOption.APPEND);
    }

    private void unpack() throws Exception {
        DistributionProcess.unpack(base, karaf);
    }

    private void start() throws Exception {
        running = new ProcessBuilder(karaf.resolve("bin/karaf").toString(), "server")
                .directory(karaf.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("karaf.out").toFile()))
                .start();
        // Karaf alone took 24 s on a loaded machine, and each bin/client a few more.
        DistributionProcess.awaitUp(running, base.resolve("karaf.out"), karaf, Duration.ofSeconds(180), () -> {
            String out = tryClient("fscache:caches");
            return out != null && out.contains("disk") && out.contains("ACTIVE") && tryClient("netfs:mounts") != null;
        });
    }

    private void stop() throws Exception {
        assertTrue("karaf stopped when asked",
                DistributionProcess.stop(running, new ProcessBuilder(karaf.resolve("bin/stop").toString()).directory(karaf.toFile())));
    }

    private String client(String command) throws IOException, InterruptedException {
        return DistributionProcess.client(clientProcess(), command);
    }

    /** Runs one shell command through bin/client; null if the client or the command failed. */
    private String tryClient(String command) throws IOException, InterruptedException {
        return DistributionProcess.tryClient(clientProcess(), command);
    }

    private ProcessBuilder clientProcess() {
        return new ProcessBuilder(karaf.resolve("bin/client").toString(), "-b").directory(karaf.toFile());
    }
}
