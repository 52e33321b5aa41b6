package io.fscache.ceph;

import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.MountOptionValues;
import io.fscache.netfs.NetfsUri;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A mount's settings, from a {@code ceph://[client-id@]mon-host[:port]/fs-name[/path]} URI and the
 * options of {@link #SPEC}. The cephx key comes from {@code secret}, else from a {@code credentials}
 * file (a keyring, or a file holding only the key, like the kernel's {@code secretfile}), else from
 * the keyring a {@code conf} file names. {@link #toString()} never shows the key.
 */
record CephOptions(String clientId, String monHost, String fsName, String path, Optional<String> key,
        Optional<Path> conf, Duration timeout, int readers, int rsize, int wsize, boolean objectCacher) {

    static final int MAX_CREDENTIALS_FILE = 64 * 1024;
    static final String FORM = "ceph://[client-id@]mon-host[:port]/fs-name[/path]";
    static final int MAX_IO = 64 << 20;

    static final MountOptionSpec SPEC = MountOptionSpec.of("ceph",
            MountOption.secret("secret", "the client's cephx key, base64 (better: a credentials file)"),
            MountOption.string("credentials", null,
                    "a local keyring file ([client.<id>] key = ...) or a file holding only the key"),
            MountOption.string("conf", null, "a local ceph.conf read before the other settings (monitors, keyring)"),
            MountOption.duration("timeout", "30s", Duration.ofSeconds(1), Duration.ofDays(1),
                    "how long the mount (client_mount_timeout) and each read or write may take before they fail"),
            MountOption.count("readers", 8L, 1, 64, "threads that make blocking reads and writes: the I/O in flight per mount"),
            MountOption.bytes("rsize", "4m", 4096, MAX_IO, "the largest single read"),
            MountOption.bytes("wsize", "4m", 4096, MAX_IO, "the largest single write"),
            MountOption.bool("objectcacher", true,
                    "libcephfs's own object cacher (client_oc): on, writes are buffered and flushed in parallel (synced at "
                            + "close) and in-place rewrites by other clients are noticed in open files; off saves its memory"));

    static CephOptions parse(URI uri, Map<String, String> options) throws IOException {
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        if (authority.lastIndexOf('@') > 0 && authority.substring(0, authority.lastIndexOf('@')).contains(":")) {
            // Not shown: a base64 key's '/' and '=' leave no user info that display() could hide.
            throw new IllegalArgumentException("a ceph URI carries no key: give it as secret= or credentials=<file>");
        }
        if (uri.getHost() == null) {
            // Not shown either: "user:key" with a base64 key's '/' parses as a host with a bad port.
            throw new IllegalArgumentException("the ceph URI names no monitor: " + FORM);
        }
        String userInfo = uri.getUserInfo();
        String clientId = userInfo == null || userInfo.isEmpty() ? "admin" : userInfo;
        String rawPath = uri.getPath() == null ? "" : uri.getPath();
        String[] parts = rawPath.replaceAll("^/+", "").split("/", 2);
        if (parts[0].isEmpty()) {
            throw usage("names no filesystem", uri);
        }
        String path = parts.length < 2 ? "/" : "/" + parts[1].replaceAll("/+$", "");
        String monHost = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());

        MountOptionValues values = SPEC.parse(options);
        Optional<String> key = values.secret("secret");
        if (key.isEmpty() && values.string("credentials").isPresent()) {
            key = Optional.of(keyFromFile(Path.of(values.string("credentials").get()), clientId));
        }
        return new CephOptions(clientId, monHost, parts[0], path, key, values.string("conf").map(Path::of),
                values.duration("timeout"), (int) values.count("readers"), (int) values.bytes("rsize"),
                (int) values.bytes("wsize"), values.bool("objectcacher"));
    }

    private static IllegalArgumentException usage(String what, URI uri) {
        return new IllegalArgumentException("the ceph URI " + what + ": " + FORM + ", not " + NetfsUri.display(uri));
    }

    /**
     * The key in a keyring file (the {@code key} of section {@code [client.<id>]}, or of the only
     * section) or in a file that holds nothing else.
     */
    static String keyFromFile(Path file, String clientId) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CREDENTIALS_FILE + 1);
        } catch (IOException e) {
            throw new IOException("cannot read the local credentials file " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length > MAX_CREDENTIALS_FILE) {
            throw new IOException("the local credentials file " + file + " is larger than 64 KiB: not a keyring");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String section = null;
        String anyKey = null;
        for (String raw : text.lines().toList()) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
            } else if (line.matches("key\\s*=.*")) {
                String key = line.substring(line.indexOf('=') + 1).strip();
                if (("client." + clientId).equals(section)) {
                    return key;
                }
                anyKey = anyKey == null ? key : anyKey;
            }
        }
        if (anyKey != null && !text.contains("[client.")) {
            return anyKey;
        }
        if (anyKey == null && text.strip().matches("[A-Za-z0-9+/=]+")) {
            return text.strip();
        }
        throw new IOException("the local credentials file " + file + " holds no key for client." + clientId);
    }

    /** The monitor as the URI names it, {@code host[:port]}, for messages and {@code mon_host}. */
    String server() {
        return monHost;
    }

    @Override
    public String toString() {
        return "CephOptions[client." + clientId + "@" + monHost + "/" + fsName + path + ", timeout=" + timeout
                + ", readers=" + readers + ", rsize=" + rsize + ", wsize=" + wsize + ", objectcacher=" + objectCacher + "]";
    }
}
