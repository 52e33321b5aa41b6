package io.fscache.smb;

import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.Peer;
import io.fscache.netfs.contract.ScriptPeer;
import io.fscache.netfs.contract.Shell;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

/**
 * A real Samba smbd started with {@code tools/peers/samba.sh} ({@link ScriptPeer}), sharing
 * {@code target/smb-share/<name>} as {@value #SHARE} to user {@value #USER}: the SMB {@link Peer} of
 * the contract suites.
 */
final class SambaPeer extends ScriptPeer {

    static final String USER = "smbpeer";
    static final String PASSWORD = "peerpass";
    static final String SHARE = "share";

    private final List<String> globalLines;

    /**
     * A server for {@code target/smb-share/<name>}, its state under {@code target/samba/<name>}, with
     * {@code globalLines} (such as {@code "smb2 max credits = 64"}) added to smb.conf's [global] section.
     */
    SambaPeer(String name, String... globalLines) {
        super("samba.sh", Path.of("target", "smb-share", name), Path.of("target", "samba", name));
        this.globalLines = List.of(globalLines);
    }

    @Override
    protected String missing() {
        return onPath("smbd") && onPath("smbclient") ? null
                : "Samba is not installed (no smbd or smbclient on the PATH): install it with "
                        + "'apt-get install samba smbclient' or run tools/peers/samba.sh start once as root";
    }

    /**
     * Adds the extra lines in a second [global] section and makes smbd reload its configuration; the
     * connections it accepts afterwards use them. smbd handles its messages in order, so the answer to
     * a ping sent after the reload request means the reload is done.
     */
    @Override
    protected void started() throws IOException {
        if (globalLines.isEmpty()) {
            return;
        }
        Path conf = state().resolve("smb.conf");
        StringBuilder extra = new StringBuilder("\n[global]\n");
        globalLines.forEach(line -> extra.append("   ").append(line).append('\n'));
        Files.writeString(conf, extra, StandardOpenOption.APPEND);
        exec("smbcontrol", "-s", conf.toString(), "smbd", "reload-config");
        exec("smbcontrol", "-s", conf.toString(), "smbd", "ping");
    }

    /** Deletes everything in the share directory (the server's view of the share becomes empty). */
    void clearShare() throws IOException {
        Shell.empty(export());
    }

    /** The share's URI without a password (the password goes in the options). */
    @Override
    public URI uri() {
        return URI.create("smb://" + USER + "@127.0.0.1:" + port() + "/" + SHARE);
    }

    @Override
    public Map<String, String> options(String... more) {
        // Below the contract's one-minute wait: a request lost in a server restart fails by its own
        // timeout if the lost connection goes unnoticed (seen once, on a loaded machine).
        return options(Map.of("password", PASSWORD, "timeout", "20s"), more);
    }

    @Override
    public NetworkFilesystem newClient() {
        return new SmbFilesystem();
    }

    @Override
    public long bytesRead(NetworkFilesystem client) {
        return ((SmbFilesystem) client).stats().readBytes();
    }

    @Override
    public Names names() {
        return Names.UTF16;
    }

    /** Output of {@code smbstatus} for this server: its sessions with their signing and encryption. */
    String smbstatus() throws IOException {
        return exec("smbstatus", "-b", "-s", state().resolve("smb.conf").toString());
    }

    private static String exec(String... command) throws IOException {
        return output(new ProcessBuilder(command).redirectErrorStream(true).start(), String.join(" ", command));
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
