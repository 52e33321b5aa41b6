package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.fscache.itests.bundle.LocalFilesystemActivator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Test;

/**
 * The README's run command across a rebuild: the repository's {@code fscache} launcher starts the
 * distribution in {@code karaf-assembly/target/assembly} with its home in {@code run/}. A rebuild
 * (the whole of {@code target/} replaced by a fresh distribution whose defaults changed) keeps the
 * disk cache's data, the caches added with {@code fscache:cache-add}, the caches deleted, and the
 * user's etc/ edits, while a default the user never touched follows the new build.
 */
public class RebuildIT {

    private final Path base = Path.of("target/rebuild").toAbsolutePath();
    private final Path repo = base.resolve("repo");
    private final Path home = repo.resolve("run");
    private final Path assembly = repo.resolve("karaf-assembly/target/assembly");
    private Process running;

    // Broke (issue 13): the README ran the distribution inside karaf-assembly/target, so the rebuild
    // in the README's own command emptied data/ and etc/: the disk cache and every added cache were gone.
    @Test
    public void aRebuildKeepsTheCachesTheirDataAndTheUsersEtc() throws Exception {
        DistributionProcess.deleteTree(base);
        Files.createDirectories(repo);
        Files.copy(Path.of("../fscache"), repo.resolve("fscache"));
        repo.resolve("fscache").toFile().setExecutable(true);
        build();
        String init = launcher("init");
        assertTrue(init, init.contains("FS-Cache home: " + home));
        assertFalse("the home is outside target/", home.startsWith(repo.resolve("karaf-assembly/target")));
        usePorts(home, FsCacheTestSupport.freePorts(3));
        Path export = Files.createDirectories(base.resolve("server/export"));
        byte[] content = new byte[3 << 20];
        new Random(13).nextBytes(content);
        FsCacheTestSupport.writeOld(export.resolve("file.bin"), content);
        Files.writeString(home.resolve("etc/system.properties"), System.lineSeparator()
                + LocalFilesystemActivator.SERVER_ROOT + " = " + base.resolve("server") + System.lineSeparator(),
                StandardOpenOption.APPEND);
        try (InputStream bundle = TestFilesystemBundle.build()) {
            Files.copy(bundle, home.resolve("deploy/local-filesystem.jar"));
        }

        start();
        assertTrue(client("fscache:cache-add --size 16m memory fast").contains("Cache fast added."));
        client("fscache:cache-withdraw --delete memory");
        client("netfs:mount local://server/export data"); // no --cache: disk, the highest priority
        client("netfs:get data:/file.bin " + base.resolve("first.bin"));
        assertArrayEquals(content, Files.readAllBytes(base.resolve("first.bin")));
        stop();
        assertTrue("the disk cache is in the home", Files.isDirectory(home.resolve("data/fscache")));
        Path staleBundles = Files.createDirectories(home.resolve("data/cache")).resolve("from-the-old-build");
        Files.createFile(staleBundles);

        build();
        // The new build: its bundles differ (one more file in system/ stands for them), and a default changed.
        Files.writeString(assembly.resolve("system/io/fscache/second-build.txt"), "rebuilt\n");
        Path coreDefaults = assembly.resolve("etc/io.fscache.core.cfg");
        Files.writeString(coreDefaults, "# a default of the new build\n", StandardOpenOption.APPEND);
        start();
        assertFalse("the old build's bundle cache is cleared", Files.exists(staleBundles));
        assertEquals("an etc/ file the user never changed follows the build",
                Files.readString(coreDefaults), Files.readString(home.resolve("etc/io.fscache.core.cfg")));
        assertTrue("the user's etc/ edits are kept",
                Files.readString(home.resolve("etc/system.properties")).contains(LocalFilesystemActivator.SERVER_ROOT));
        assertFalse("a default the user deleted stays deleted",
                Files.exists(home.resolve("etc/io.fscache.backend.memory-default.cfg")));
        String caches = client("fscache:caches");
        assertTrue("the added cache is back:\n" + caches, caches.contains(" fast "));
        assertFalse("the deleted cache is not:\n" + caches, caches.contains(" memory "));

        client("netfs:mount local://server/export data");
        client("netfs:get data:/file.bin " + base.resolve("second.bin"));
        assertArrayEquals(content, Files.readAllBytes(base.resolve("second.bin")));
        String stats = client("fscache:stats");
        assertTrue("after the rebuild the file came from the disk cache:\n" + stats,
                DistributionProcess.counter(stats, "rdb") >= content.length);

        // Broke as: "There is a Root instance already running": a second home, as README shows it.
        Path second = base.resolve("second");
        ProcessBuilder secondInit = launcherProcess(second, "init").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        assertEquals(0, secondInit.start().waitFor());
        usePorts(second, FsCacheTestSupport.freePorts(3));
        Process other = launcherProcess(second, "server").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("karaf-second.out").toFile())).start();
        try {
            DistributionProcess.awaitUp(other, base.resolve("karaf-second.out"), second, Duration.ofSeconds(180), () -> {
                String out = DistributionProcess.tryClient(launcherProcess(second, "client", "-b"), "fscache:caches");
                return out != null && out.contains(" disk ");
            });
            assertTrue("its disk cache is its own", Files.isDirectory(second.resolve("data/fscache")));
        } finally {
            assertTrue("the second home stopped when asked", DistributionProcess.stop(other, launcherProcess(second, "stop")));
        }
        stop();
    }

    @After
    public void killLeftovers() {
        if (running != null) {
            DistributionProcess.kill(running);
        }
    }

    /** What a rebuild does to the distribution: target/ replaced by a fresh one. */
    private void build() throws Exception {
        DistributionProcess.deleteTree(repo.resolve("karaf-assembly/target"));
        Path unpacking = Files.createDirectories(repo.resolve("karaf-assembly/target/unpacking"));
        DistributionProcess.run(unpacking, "tar", "xzf", System.getProperty("fscache.distribution"), "-C", unpacking.toString());
        try (Stream<Path> entries = Files.list(unpacking)) {
            Files.move(entries.filter(Files::isDirectory).findFirst().orElseThrow(), assembly);
        }
    }

    /** Moves the SSH and RMI ports to free ones, as a second distribution on one machine does. */
    private static void usePorts(Path home, List<Integer> ports) throws IOException {
        DistributionProcess.setPort(home.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", ports.get(0));
        DistributionProcess.setPort(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", ports.get(1));
        DistributionProcess.setPort(home.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", ports.get(2));
    }

    private void start() throws IOException {
        running = launcherProcess("server")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("karaf.out").toFile()))
                .start();
        DistributionProcess.awaitUp(running, base.resolve("karaf.out"), home, Duration.ofSeconds(180), () -> {
            String out = tryClient("fscache:caches");
            return out != null && out.contains(" disk ") && out.contains("ACTIVE") && tryClient("netfs:mounts") != null;
        });
    }

    private void stop() throws Exception {
        assertTrue("karaf stopped when asked", DistributionProcess.stop(running, launcherProcess("stop")));
    }

    private ProcessBuilder launcherProcess(String... arguments) {
        return launcherProcess(null, arguments);
    }

    /** {@code ./fscache} with {@code arguments}, for the home {@code otherHome} ({@code FSCACHE_HOME}), or the default one if null. */
    private ProcessBuilder launcherProcess(Path otherHome, String... arguments) {
        List<String> command = new ArrayList<>(List.of(repo.resolve("fscache").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile());
        if (otherHome == null) {
            builder.environment().remove("FSCACHE_HOME");
        } else {
            builder.environment().put("FSCACHE_HOME", otherHome.toString());
        }
        return builder;
    }

    private String launcher(String... arguments) throws Exception {
        Process process = launcherProcess(arguments).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(String.join(" ", arguments) + ":\n" + out, 0, process.waitFor());
        return out;
    }

    private String client(String command) throws IOException, InterruptedException {
        return DistributionProcess.client(launcherProcess("client", "-b"), command);
    }

    /** Runs one shell command through the client; null if the client or the command failed. */
    private String tryClient(String command) throws IOException, InterruptedException {
        return DistributionProcess.tryClient(launcherProcess("client", "-b"), command);
    }
}
