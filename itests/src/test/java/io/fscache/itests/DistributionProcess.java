package io.fscache.itests;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/** What the ITs that run the real distribution as a process of its own (RestartIT, RebuildIT) share. */
final class DistributionProcess {

    private DistributionProcess() {
    }

    /**
     * Stops a distribution started with {@code bin/karaf} or {@code ./fscache}: asks it with
     * {@code stop} (bin/stop, or the launcher's stop), waits for it, and if it is still there after
     * 60 s kills it. The script forks the JVM rather than exec'ing it, so the JVM is a descendant
     * the script's own end would leave running.
     *
     * @return whether it stopped when asked, without being killed
     */
    static boolean stop(Process running, ProcessBuilder stop) throws IOException, InterruptedException {
        List<ProcessHandle> tree = tree(running);
        stop.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        boolean stopped = true;
        for (ProcessHandle process : tree) {
            stopped &= !process.onExit().completeOnTimeout(process, 60, TimeUnit.SECONDS).join().isAlive();
        }
        kill(running);
        return stopped;
    }

    /**
     * Unpacks the built distribution into {@code karaf} (under {@code base}, emptied first) with free
     * SSH and RMI ports: another distribution may hold Karaf's defaults (bin/client reads the same file).
     */
    static void unpack(Path base, Path karaf) throws IOException, InterruptedException {
        deleteTree(base);
        Files.createDirectories(base);
        run(base, "tar", "xzf", System.getProperty("fscache.distribution"), "-C", base.toString());
        try (Stream<Path> entries = Files.list(base)) {
            Files.move(entries.filter(Files::isDirectory).findFirst().orElseThrow(), karaf);
        }
        List<Integer> ports = FsCacheTestSupport.freePorts(3);
        setPort(karaf.resolve("etc/org.apache.karaf.shell.cfg"), "sshPort", ports.get(0));
        setPort(karaf.resolve("etc/org.apache.karaf.management.cfg"), "rmiRegistryPort", ports.get(1));
        setPort(karaf.resolve("etc/org.apache.karaf.management.cfg"), "rmiServerPort", ports.get(2));
    }

    /**
     * Waits up to {@code limit} for a distribution started as a process to answer: {@code up} polls it
     * through bin/client. Fails at once if the process exits, and on a timeout with the last lines of
     * its console output and of its {@code data/log/karaf.log}, so a CI log says why.
     */
    static void awaitUp(Process running, Path console, Path base, Duration limit, Callable<Boolean> up) {
        try {
            await("the distribution in " + base + " answers").atMost(limit).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!running.isAlive()) {
                            throw new AssertionError("the distribution in " + base + " exited:\n" + tail(console, 20));
                        }
                        return up.call();
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n--- " + console + ":\n" + tail(console, 20)
                    + "\n--- " + base.resolve("data/log/karaf.log") + ":\n" + tail(base.resolve("data/log/karaf.log"), 40), e);
        }
    }

    /** The last {@code lines} lines of a text file (a console's progress bar's redraws dropped), or why not. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readString(file, StandardCharsets.ISO_8859_1).lines()
                    .map(line -> line.substring(line.lastIndexOf('\r') + 1)).toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Sets a port in one of Karaf's etc/ files, which must have the key already. */
    static void setPort(Path file, String key, int port) throws IOException {
        String text = Files.readString(file);
        String set = text.replaceAll("(?m)^" + key + "\\s*=.*$", key + " = " + port);
        assertTrue(key + " in " + file, !set.equals(text));
        Files.writeString(file, set);
    }

    /** Kills a distribution's process and every process it started, and returns once all are gone. */
    static void kill(Process running) {
        List<ProcessHandle> tree = tree(running);
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : tree) {
            process.onExit().completeOnTimeout(process, 30, TimeUnit.SECONDS).join();
            assertTrue("process " + process.pid() + " of the distribution is gone", !process.isAlive());
        }
    }

    private static List<ProcessHandle> tree(Process running) {
        return Stream.concat(running.descendants(), Stream.of(running.toHandle())).toList();
    }

    /**
     * Runs one shell command through a Karaf client process ({@code bin/client -b} or the launcher's
     * {@code client -b}).
     *
     * @return the command's output, or {@code null} if the client or the command failed
     */
    static String tryClient(ProcessBuilder client, String command) throws IOException, InterruptedException {
        Process process = client.redirectErrorStream(true).start();
        process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || out.contains("Error executing command")) {
            return null;
        }
        return out;
    }

    /** Runs one shell command through bin/client that must fail; its output, the error line included. */
    static String failingClient(ProcessBuilder client, String command) throws IOException, InterruptedException {
        Process process = client.redirectErrorStream(true).start();
        process.getOutputStream().write((command + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("the client ended", process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(command + " should fail, but printed: " + out, out.contains("Error executing command"));
        return out;
    }

    /** As {@link #tryClient}, failing the test if the command fails. */
    static String client(ProcessBuilder client, String command) throws IOException, InterruptedException {
        String out = tryClient(client, command);
        if (out == null) {
            throw new AssertionError("command failed: " + command);
        }
        return out;
    }

    /** A counter ({@code name=value}) in {@code fscache:stats} or {@code fscache:caches} output. */
    static long counter(String stats, String name) {
        Matcher matcher = Pattern.compile("\\b" + name + "=(\\d+)").matcher(stats);
        assertTrue("no counter " + name + " in:\n" + stats, matcher.find());
        return Long.parseLong(matcher.group(1));
    }

    /** Runs a command in {@code directory}, failing the test unless it exits 0. */
    static void run(Path directory, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).inheritIO().start();
        assertEquals(String.join(" ", command), 0, process.waitFor());
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
