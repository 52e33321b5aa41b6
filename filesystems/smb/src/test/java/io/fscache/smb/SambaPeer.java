package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.fail;

import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.Ports;
import io.fscache.netfs.contract.Shell;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Samba smbd on loopback, on a free port, started and stopped through
 * {@code tools/peers/samba.sh} with its own state directory, so a test can kill and restart it: the
 * SMB {@link Peer} of the contract suites, sharing {@code target/smb-share/<name>} as {@code share}
 * to user {@value #USER}. As a test class's {@code @RegisterExtension static} field it is started
 * before the first test and stopped after the last. Fails (never skips) when Samba is missing.
 */
final class SambaPeer implements Peer, BeforeAllCallback, AfterAllCallback {

    static final String USER = "smbpeer";
    static final String PASSWORD = "peerpass";
    static final String SHARE = "share";

    private final Path script;
    private final Path shareDir;
    private final Path state;
    private final List<String> globalLines;
    private int port;
    private boolean running;

    /**
     * A server for {@code target/smb-share/<name>}, its state under {@code target/samba/<name>}, with
     * {@code globalLines} (such as {@code "smb2 max credits = 64"}) added to smb.conf's [global] section.
     */
    SambaPeer(String name, String... globalLines) {
        String peers = System.getProperty("fscache.peers");
        if (peers == null) {
            fail("system property fscache.peers is not set: run the tests through Maven (surefire sets it)");
        }
        this.script = Path.of(peers, "samba.sh");
        this.shareDir = Path.of("target", "smb-share", name).toAbsolutePath();
        this.state = Path.of("target", "samba", name).toAbsolutePath();
        this.globalLines = List.of(globalLines);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
    }

    /**
     * Starts smbd unless it runs; the first start tries fresh free ports until one binds, later ones
     * reuse it.
     */
    @Override
    public void start() throws IOException {
        if (running) {
            return;
        }
        if (!onPath("smbd") || !onPath("smbclient")) {
            fail("Samba is not installed (no smbd or smbclient on the PATH): install it with "
                    + "'apt-get install samba smbclient' or run tools/peers/samba.sh start once as root");
        }
        Files.createDirectories(shareDir);
        if (port == 0) {
            run("stop"); // an smbd a killed test run left behind on this state directory
            port = Ports.startOnAFreePort(candidate -> {
                try {
                    run("start", shareDir.toString(), String.valueOf(candidate));
                } catch (IOException e) {
                    run("stop");
                    throw e;
                }
            });
        } else {
            run("start", shareDir.toString(), String.valueOf(port));
        }
        running = true;
        if (!globalLines.isEmpty()) {
            configure();
        }
    }

    /**
     * Adds the extra lines in a second [global] section and makes smbd reload its configuration; the
     * connections it accepts afterwards use them. smbd handles its messages in order, so the answer to
     * a ping sent after the reload request means the reload is done.
     */
    private void configure() throws IOException {
        Path conf = state.resolve("smb.conf");
        StringBuilder extra = new StringBuilder("\n[global]\n");
        globalLines.forEach(line -> extra.append("   ").append(line).append('\n'));
        Files.writeString(conf, extra, StandardOpenOption.APPEND);
        exec("smbcontrol", "-s", conf.toString(), "smbd", "reload-config");
        exec("smbcontrol", "-s", conf.toString(), "smbd", "ping");
    }

    /** Deletes everything in the share directory (the server's view of the share becomes empty). */
    void clearShare() throws IOException {
        Shell.empty(shareDir);
    }

    @Override
    public void stop() throws IOException {
        running = false;
        run("stop");
    }

    /** The port smbd listens on, once started. */
    int port() {
        return port;
    }

    Path shareDir() {
        return shareDir;
    }

    @Override
    public Path export() {
        return shareDir;
    }

    /** The share's URI without a password (the password goes in the options). */
    @Override
    public URI uri() {
        return URI.create("smb://" + USER + "@127.0.0.1:" + port + "/" + SHARE);
    }

    @Override
    public Map<String, String> options(String... more) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("password", PASSWORD);
        // Below the contract's one-minute wait: a request lost in a server restart fails by its own
        // timeout if the lost connection goes unnoticed (seen once, on a loaded machine).
        options.put("timeout", "20s");
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    @Override
    public NetworkFilesystem newClient() {
        return new SmbFilesystem();
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return ((SmbFilesystem) client).statistics().readBytes();
    }

    @Override
    public Names names() {
        return Names.UTF16;
    }

    /** Output of {@code smbstatus} for this server: its sessions with their signing and encryption. */
    String smbstatus() throws IOException {
        return exec("smbstatus", "-b", "-s", state.resolve("smb.conf").toString());
    }

    private void run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PEERS_STATE", state.toString());
        output(builder.start(), "samba.sh " + String.join(" ", args));
    }

    private static String exec(String... command) throws IOException {
        return output(new ProcessBuilder(command).redirectErrorStream(true).start(), String.join(" ", command));
    }

    /** The process's output once it exits; an {@link IOException} with that output if it fails. */
    private static String output(Process process, String what) throws IOException {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(what + " failed:\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
        return out;
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
