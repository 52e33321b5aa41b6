package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Samba smbd on loopback, started and stopped through {@code tools/peers/samba.sh} with its
 * own state directory, so a test can kill and restart it. As a test class's
 * {@code @RegisterExtension static} field it is started before the first test and stopped after the
 * last. Fails (never skips) when Samba is missing.
 */
final class SambaPeer implements BeforeAllCallback, AfterAllCallback {

    static final String USER = "smbpeer";
    static final String PASSWORD = "peerpass";
    static final String SHARE = "share";

    private final Path script;
    private final Path shareDir;
    private final Path state;
    private final int port;
    private final List<String> globalLines;

    /**
     * A server for {@code shareDir} on {@code port}, its state under {@code target/samba/<port>}, with
     * {@code globalLines} (such as {@code "smb2 max credits = 64"}) added to smb.conf's [global] section.
     */
    SambaPeer(Path shareDir, int port, String... globalLines) {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers is not set: run the tests through Maven (surefire sets it)");
        }
        this.script = Path.of(peers, "samba.sh");
        this.shareDir = shareDir;
        this.state = Path.of("target", "samba", String.valueOf(port)).toAbsolutePath();
        this.port = port;
        this.globalLines = List.of(globalLines);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        stop();
    }

    void start() throws IOException, InterruptedException {
        if (!onPath("smbd") || !onPath("smbclient")) {
            fail("Samba is not installed (no smbd or smbclient on the PATH): install it with "
                    + "'apt-get install samba smbclient' or run tools/peers/samba.sh start once as root");
        }
        Files.createDirectories(shareDir);
        run("start", shareDir.toString(), String.valueOf(port));
        if (!globalLines.isEmpty()) {
            configure();
        }
    }

    /**
     * Adds the extra lines in a second [global] section and makes smbd reload its configuration; the
     * connections it accepts afterwards use them. smbd handles its messages in order, so the answer to
     * a ping sent after the reload request means the reload is done.
     */
    private void configure() throws IOException, InterruptedException {
        Path conf = state.resolve("smb.conf");
        StringBuilder extra = new StringBuilder("\n[global]\n");
        globalLines.forEach(line -> extra.append("   ").append(line).append('\n'));
        Files.writeString(conf, extra, StandardOpenOption.APPEND);
        exec("smbcontrol", "-s", conf.toString(), "smbd", "reload-config");
        exec("smbcontrol", "-s", conf.toString(), "smbd", "ping");
    }

    private static void exec(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            fail(String.join(" ", command) + " failed:\n" + out);
        }
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
