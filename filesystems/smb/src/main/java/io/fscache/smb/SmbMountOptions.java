package io.fscache.smb;

import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.MountOptionValues;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.VolumeKeys;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one {@code smb://[domain;]user[:password]@host[:port]/share} mount asks for, parsed from its
 * URI and options ({@link #SPEC}). The URI's user wins over {@code username} and the credentials
 * file; the {@code password} option wins over the file, which wins over a password in the URI.
 */
record SmbMountOptions(String host, int port, String share, SmbCredentials credentials, boolean signingRequired,
        boolean encrypt, Duration timeout) {

    static final int DEFAULT_PORT = 445;
    static final int MAX_CREDENTIALS_FILE = 64 * 1024;

    /** The options an SMB mount takes beside the engine's. */
    static final MountOptionSpec SPEC = MountOptionSpec.of("smb",
            MountOption.string("username", null, "the user, unless the URI names one"),
            MountOption.secret("password", "the password (better: a credentials file)"),
            MountOption.string("credentials", null, "a local mount.cifs style file of username=, password= and domain= lines"),
            MountOption.string("domain", null, "the user's domain (workgroup), unless the URI names one"),
            MountOption.bool("sign", false, "require signed messages (by default: sign when the server requires it)"),
            MountOption.bool("seal", false, "encrypt every message (SMB 3)"),
            MountOption.bool("encrypt", false, "the same as seal"),
            MountOption.duration("timeout", "60s", Duration.ofMillis(1), Duration.ofDays(1),
                    "how long a request waits for its reply"));

    /**
     * Parses a mount.
     *
     * @throws IllegalArgumentException naming what is wrong (never a secret)
     * @throws IOException if the credentials file cannot be read
     */
    static SmbMountOptions parse(URI uri, Map<String, String> options) throws IOException {
        if (!"smb".equals(NetfsUri.scheme(uri))) {
            throw new IllegalArgumentException("not an smb:// URI: " + NetfsUri.display(uri));
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("an SMB URI names a host: smb://[domain;]user@host[:port]/share, not "
                    + NetfsUri.display(uri));
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        if (path.isEmpty() || path.contains("/")) {
            throw new IllegalArgumentException("an SMB URI names one share: smb://[domain;]user@host[:port]/share, not "
                    + NetfsUri.display(uri));
        }
        MountOptionValues values = SPEC.parse(options);
        Map<String, String> file = values.string("credentials").isPresent()
                ? credentialsFile(Path.of(values.string("credentials").get())) : Map.of();
        String userInfo = uri.getUserInfo();
        String uriDomain = null;
        String uriUser = null;
        String uriPassword = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String account = colon < 0 ? userInfo : userInfo.substring(0, colon);
            uriPassword = colon < 0 ? null : userInfo.substring(colon + 1);
            int semicolon = account.indexOf(';');
            uriDomain = semicolon < 0 ? null : account.substring(0, semicolon);
            uriUser = semicolon < 0 ? account : account.substring(semicolon + 1);
        }
        String user = first(uriUser, values.string("username").orElse(null), file.get("username"));
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("no user name for " + NetfsUri.display(uri)
                    + ": give it as smb://user@host/share, the username option or a credentials file");
        }
        String password = first(values.secret("password").orElse(null), file.get("password"), uriPassword);
        if (password == null) {
            throw new IllegalArgumentException("no password for " + user + "@" + host
                    + ": give the password option or credentials=/path/to/file");
        }
        String domain = first(uriDomain, values.string("domain").orElse(null), file.get("domain"));
        return new SmbMountOptions(host.toLowerCase(Locale.ROOT), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(),
                path, new SmbCredentials(domain, user, password.toCharArray()),
                values.bool("sign"), values.bool("seal") || values.bool("encrypt"), values.duration("timeout"));
    }

    /** The server as volume keys and messages name it: {@code host} or {@code host:port}. */
    String server() {
        return port == DEFAULT_PORT ? host : host + ":" + port;
    }

    /** The cache volume key {@code smb,host[:port],share}, by {@link VolumeKeys}. */
    String volumeKey() {
        return VolumeKeys.of("smb", server(), share);
    }

    /** The settings that shape an smbj client; mounts that agree on them share one. */
    SmbClientSettings clientSettings() {
        return new SmbClientSettings(signingRequired, encrypt, timeout);
    }

    @Override
    public String toString() {
        return "SmbMountOptions[" + credentials.account() + "@" + server() + "/" + share + ", sign=" + signingRequired
                + ", seal=" + encrypt + ", timeout=" + timeout.toMillis() + "ms]";
    }

    /** The smbj client settings a mount chooses. */
    record SmbClientSettings(boolean signingRequired, boolean encrypt, Duration timeout) {
    }

    /**
     * Reads a credentials file, at most {@value #MAX_CREDENTIALS_FILE} bytes of it: a path given by
     * mistake ({@code /dev/zero}, a disk image) is refused, not read into memory.
     */
    private static Map<String, String> credentialsFile(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CREDENTIALS_FILE + 1);
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new IOException("cannot read the local credentials file " + file + ": " + why, e);
        }
        if (bytes.length > MAX_CREDENTIALS_FILE) {
            throw new IOException("the local credentials file " + file + " is larger than "
                    + MAX_CREDENTIALS_FILE / 1024 + " KiB: not a credentials file");
        }
        return credentials(new String(bytes, StandardCharsets.UTF_8));
    }

    /**
     * The {@code name=value} lines of a mount.cifs style credentials file: names lower-cased
     * ({@code user} and {@code pass} as {@code username} and {@code password}), values stripped;
     * lines starting with {@code #} and lines without a name are ignored.
     */
    static Map<String, String> credentials(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\\R")) {
            int equals = line.indexOf('=');
            String key = equals < 0 ? "" : line.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            if (!key.isEmpty() && !line.startsWith("#")) {
                values.put(key.equals("user") ? "username" : key.equals("pass") ? "password" : key,
                        line.substring(equals + 1).strip());
            }
        }
        return values;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
