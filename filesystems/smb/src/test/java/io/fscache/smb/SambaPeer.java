package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Samba smbd on loopback, started and stopped through {@code tools/peers/samba.sh} with its
 * own state directory, so a test can kill and restart it. Fails (never skips) when Samba is missing.
 */
final class SambaPeer {

    static final String USER = "smbpeer";
    static final String PASSWORD = "peerpass";
    static final String SHARE = "share";

    private final Path script;
    private final Path shareDir;
    private final Path state;
    private final int port;

    /** A server for {@code shareDir} on {@code port}, its state under {@code target/samba/<port>}. */
    SambaPeer(Path shareDir, int port) {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers is not set: run the tests through Maven (surefire sets it)");
        }
        this.script = Path.of(peers, "samba.sh");
        this.shareDir = shareDir;
        this.state = Path.of("target", "samba", String.valueOf(port)).toAbsolutePath();
        this.port = port;
    }

    void start() throws IOException, InterruptedException {
        if (!onPath("smbd") || !onPath("smbclient")) {
            fail("Samba is not installed (no smbd or smbclient on the PATH): install it with "
                    + "'apt-get install samba smbclient' or run tools/peers/samba.sh start once as root");
        }
        Files.createDirectories(shareDir);
        run("start", shareDir.toString(), String.valueOf(port));
    }

    /** Deletes everything in the share directory (the server's view of the share becomes empty). */
    void clearShare() throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(shareDir)) {
            for (Path path : (Iterable<Path>) paths.sorted(java.util.Comparator.reverseOrder())::iterator) {
                if (!path.equals(shareDir)) {
                    Files.delete(path);
                }
            }
        }
    }

    void stop() throws IOException, InterruptedException {
        run("stop");
    }

    int port() {
        return port;
    }

    Path shareDir() {
        return shareDir;
    }

    /** The share's URI without a password (the password goes in the options). */
    URI uri() {
        return URI.create("smb://" + USER + "@127.0.0.1:" + port + "/" + SHARE);
    }

    Map<String, String> options(String... more) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        options.put("password", PASSWORD);
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    /** Output of {@code smbstatus} for this server: its sessions with their signing and encryption. */
    String smbstatus() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("smbstatus", "-b", "-s", state.resolve("smb.conf").toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private void run(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PEERS_STATE", state.toString());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail("samba.sh " + String.join(" ", args) + " failed:\n" + out);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/usr/bin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
