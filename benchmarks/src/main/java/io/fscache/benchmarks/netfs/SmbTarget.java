package io.fscache.benchmarks.netfs;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.smb.SmbFilesystem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * SMB 3.1.1 against a real Samba, compared with smbclient ({@code get}, {@code put}, {@code ls}).
 * Port 0 starts it on a free port, which restarts keep.
 */
final class SmbTarget implements Target {

    private static final String USER = "smbpeer";
    private static final String PASSWORD = "peerpass";

    private final Path peers;
    private int port;
    private Path state;

    SmbTarget(Path peers, int port) {
        this.peers = peers;
        this.port = port;
    }

    @Override
    public String name() {
        return "SMB (Samba, port " + port + ")";
    }

    @Override
    public String protocol() {
        return "SMB";
    }

    @Override
    public void start(Path export, Path state) throws IOException {
        this.state = state;
        PeerProcess.script(peers, "samba.sh", state, "start", export.toString(), Integer.toString(port));
        port = PeerProcess.port(state, port);
    }

    @Override
    public NetworkFilesystem filesystem() {
        return new SmbFilesystem();
    }

    @Override
    public long serverBytesRead(NetworkFilesystem filesystem) {
        return ((SmbFilesystem) filesystem).stats().readBytes();
    }

    @Override
    public URI uri(Path export) {
        return NetfsUri.parse("smb://" + USER + "@127.0.0.1:" + port + "/share");
    }

    @Override
    public Map<String, String> options() {
        return Map.of("password", PASSWORD);
    }

    @Override
    public String toolName() {
        return "smbclient";
    }

    @Override
    public void toolRead(Path export, String file) throws IOException {
        smbclient("get " + file + " /dev/null");
    }

    @Override
    public String toolListName() {
        return "smbclient ls";
    }

    @Override
    public void toolList(Path export, String dir) throws IOException {
        smbclient("cd " + dir + "; ls");
    }

    @Override
    public String toolWriteName() {
        return "smbclient put";
    }

    @Override
    public void toolWrite(Path local, String file) throws IOException {
        smbclient("put " + local + " " + file);
    }

    private void smbclient(String commands) throws IOException {
        PeerProcess.runDiscardingOutput("smbclient", "-s", "/dev/null", "//127.0.0.1/share", "-p", Integer.toString(port),
                "-U", USER + "%" + PASSWORD, "-c", commands);
    }

    @Override
    public void close() throws IOException {
        if (state != null) {
            PeerProcess.script(peers, "samba.sh", state, "stop");
        }
    }
}
