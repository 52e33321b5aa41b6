package io.fscache.itests;

import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import io.fscache.api.CacheInfo;
import io.fscache.api.FsCacheMonitor;
import io.fscache.itests.bundle.LocalFilesystemActivator;
import io.fscache.netfs.Mounts;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.inject.Inject;
import org.awaitility.Awaitility;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** What every integration test shares: the distribution under test and small waiting helpers. */
public abstract class FsCacheTestSupport {

    @Inject
    protected BundleContext context;

    @Inject
    protected Mounts mounts;

    @Inject
    protected FsCacheMonitor monitor;

    /**
     * Log entries at WARN or above that Karaf itself writes in a test container: the audit module
     * without EventAdmin, and Karaf's specs locator failing during the refresh that installing Pax
     * Exam's own feature causes (absent when the distribution boots on its own).
     */
    static final List<String> KNOWN_KARAF_NOISE = List.of(
            "EventAdminAuditLoginModule", "java.rmi.server.hostname", "Task rejected for JMX Notification",
            "org/apache/karaf/specs/locator/OsgiLocator");

    protected Option[] distribution() {
        String localRepository = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        List<Integer> ports = freePorts(3);
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(distributionUrl())
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            logLevel(LogLevel.INFO),
            // The container resolves Pax Exam's own bundles from the build's repository, never the network.
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepository),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""),
            systemProperty("pax.exam.osgi.unresolved.fail").value("true"),
            // Never Karaf's default ports: another container or distribution on the machine may hold them.
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", Integer.toString(ports.get(0))),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", Integer.toString(ports.get(1))),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", Integer.toString(ports.get(2))),
            // Tests wait on conditions with Awaitility, which runs in the container with them.
            mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
            mavenBundle("org.awaitility", "awaitility").versionAsInProject(),
        };
    }

    /**
     * Ports free right now, distinct, each held until all are found. They are drawn below Linux's
     * ephemeral range (32768-60999), which a port 0 listener would get: there any outgoing
     * connection on the machine (the peers' servers talk all the time) could take one before Karaf
     * binds it, and a Karaf whose SSH port was taken runs on without a shell. A listener elsewhere on
     * the machine can still take one first; nothing here depends on a fixed port being free.
     */
    static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        Random random = new Random();
        try {
            for (int tries = 0; sockets.size() < count; tries++) {
                if (tries == 1000) {
                    throw new IllegalStateException("no " + count + " free ports in 20000-32767");
                }
                try {
                    sockets.add(new ServerSocket(20000 + random.nextInt(12768)));
                } catch (IOException taken) {
                    // in use: draw another
                }
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a listening socket that accepted nothing: nothing to lose
                }
            }
        }
    }

    /** The reactor's freshly built distribution (set by failsafe), else the installed one. */
    private static String distributionUrl() {
        String built = System.getProperty("fscache.distribution");
        if (built != null && Files.isRegularFile(Path.of(built))) {
            return Path.of(built).toUri().toString();
        }
        return maven("io.fscache", "fscache-karaf").type("tar.gz").versionAsInProject().getURL();
    }

    /**
     * The distribution plus the test-only bundle serving scheme {@code local} from
     * {@code target/<serverDirectory>}; tests find that directory through the
     * {@link LocalFilesystemActivator#SERVER_ROOT} property (their working directory differs
     * inside the container).
     */
    protected Option[] distributionWithLocalFilesystem(String serverDirectory) {
        return OptionUtils.combine(distribution(),
                systemProperty(LocalFilesystemActivator.SERVER_ROOT).value(new File("target", serverDirectory).getAbsolutePath()),
                streamBundle(TestFilesystemBundle.build()));
    }

    /** The server's export directory, created, as seen from inside the container. */
    static Path serverExport() throws java.io.IOException {
        return Files.createDirectories(Path.of(System.getProperty(LocalFilesystemActivator.SERVER_ROOT), "export"));
    }

    /**
     * Waits until the cache holds a whole file: the engine copies what it fetched to the cache
     * asynchronously, so a read straight after the first one may still go to the server.
     */
    static void awaitCached(Path file, long size) {
        await(file + " cached", Duration.ofSeconds(30), () -> {
            try {
                return ((Number) Files.getAttribute(file, "fscache:cachedBytes")).longValue() >= size;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    /**
     * The distribution, told where a real server started around the integration tests (see the
     * pom: {@code diod} or {@code samba}) exports from and listens on, through the system
     * properties {@code fscache.itest.<server>.export} and {@code .port}.
     */
    protected Option[] distributionWithPeer(String server) {
        return OptionUtils.combine(distribution(),
                systemProperty(peerProperty(server, "export")).value(peerExport(server).toString()),
                systemProperty(peerProperty(server, "port")).value(Integer.toString(peerPort(server))));
    }

    /** The canonical export directory of a real server (diod wants it as the attach name). */
    static Path peerExport(String server) {
        try {
            return Path.of(System.getProperty(peerProperty(server, "export"))).toRealPath();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the " + server + " server started for the integration tests is missing: " + e);
        }
    }

    /**
     * The port a real server listens on: the one it was told ({@code -Ditest.<server>.port}), or,
     * started on a free one (the default), the one its script wrote beside its state.
     */
    static int peerPort(String server) {
        String port = System.getProperty(peerProperty(server, "port"), "0");
        if (!port.equals("0")) {
            return Integer.parseInt(port);
        }
        try {
            return Integer.parseInt(Files.readString(Path.of(System.getProperty(peerProperty(server, "state")), "port")).strip());
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the " + server + " server started for the integration tests wrote no port: " + e);
        }
    }

    private static String peerProperty(String server, String what) {
        return "fscache.itest." + server + "." + what;
    }

    /**
     * Runs a shell command as a user at the console would, returning what it printed.
     *
     * @throws Exception what the command threw (Karaf shows its message as the error)
     */
    static String shell(SessionFactory sessions, String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (Session session = sessions.create(InputStream.nullInputStream(), print, print)) {
            Object result = session.execute(command);
            if (result != null) {
                print.println(result);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Writes a file into a server's export, last modified an hour ago: an old file, whose fetched
     * data the engine trusts on the next open (data fetched within a mount's racy window of a
     * modification is fetched again).
     */
    static void writeOld(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** A counter of one cache ({@code hits}, {@code misses}...), 0 if the cache is not live. */
    long cacheCounter(String cache, String counter) {
        return monitor.caches().stream().filter(c -> c.name().equals(cache))
                .mapToLong(c -> c.counters().getOrDefault(counter, 0L)).sum();
    }

    Bundle bundle(String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(symbolicName + " not installed"));
    }

    static List<String> cacheNames(FsCacheMonitor monitor) {
        return monitor.caches().stream().map(CacheInfo::name).toList();
    }

    /** Waits with Awaitility (provisioned into the container by {@link #distribution()}) until {@code condition} holds. */
    static void await(String what, Duration timeout, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(timeout).until(condition);
    }

    /** Waits until the readers have read {@code reads} whole files in all, or one of them failed. */
    static void awaitReads(ReadLoad load, long reads) {
        await(reads + " whole-file reads", Duration.ofSeconds(60), () -> load.reads() >= reads || load.failed());
    }

    static Path karafEtc() {
        return Path.of(System.getProperty("karaf.etc"));
    }

    /** Log entries (a line and its stack trace) at WARN or above that are not known Karaf noise. */
    static List<String> logLinesAtWarnOrAbove() throws Exception {
        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        List<String> entries = new ArrayList<>();
        StringBuilder entry = null;
        for (String line : Files.readAllLines(log)) {
            boolean starts = line.length() > 4 && Character.isDigit(line.charAt(0)) && line.contains(" | ");
            if (starts) {
                if (entry != null) {
                    entries.add(entry.toString());
                }
                entry = new StringBuilder(line);
            } else if (entry != null) {
                entry.append('\n').append(line);
            }
        }
        if (entry != null) {
            entries.add(entry.toString());
        }
        return entries.stream()
                .filter(e -> e.contains("| WARN ") || e.contains("| ERROR"))
                .filter(e -> KNOWN_KARAF_NOISE.stream().noneMatch(e::contains))
                .map(e -> e.lines().findFirst().orElse(e))
                .toList();
    }
}
