package io.fscache.ninep;

import io.fscache.netfs.FileNames;
import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.MountOptionValues;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.VolumeKeys;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A session's settings, from a {@code 9p://[user@]host[:port]/aname} URI and the mount options
 * ({@link #SPEC}); a {@code uname} option wins over the URI's user.
 */
record NinePOptions(String host, int port, String aname, String uname, int nUname, int msize,
        int pipeline, Duration timeout) {

    static final int DEFAULT_PORT = 564;
    static final int MIN_MSIZE = 4096;
    static final int MAX_MSIZE = 16 << 20;
    /** Half the tag space: every request may also need a tag for its {@code Tflush}. */
    static final int MAX_PIPELINE = 32768;

    /** The options a 9P mount takes beside the engine's. */
    static final MountOptionSpec SPEC = MountOptionSpec.of("9p",
            MountOption.string("uname", null, "the user to attach as; by default the URI's user, else the local user"),
            MountOption.count("n_uname", null, 0, 0xFFFFFFFEL, "the numeric user id to attach as (9P2000.L n_uname)"),
            MountOption.bytes("msize", "64k", MIN_MSIZE, MAX_MSIZE, "the largest 9P message, as offered to the server"),
            MountOption.count("pipeline", 64L, 1, MAX_PIPELINE, "requests in flight on the connection"),
            MountOption.duration("timeout", "30s", Duration.ofMillis(1), Duration.ofDays(1),
                    "how long a request waits for its reply before it is flushed and fails"));

    static NinePOptions parse(URI uri, Map<String, String> options) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a 9p URI names a server: 9p://host[:port]/aname, not " + NetfsUri.display(uri));
        }
        MountOptionValues values = SPEC.parse(options);
        Optional<String> uriUser = userOf(uri);
        String uname = values.string("uname").or(() -> uriUser).orElse(System.getProperty("user.name", "root"));
        int nUname = values.countIfGiven("n_uname").map(Long::intValue).orElse(TMessage.NONUNAME);
        return new NinePOptions(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), aname(uri), uname,
                nUname, (int) values.bytes("msize"), (int) values.count("pipeline"), values.duration("timeout"));
    }

    /**
     * The user of {@code 9p://alice@host/aname}, which is the {@code uname} unless a {@code uname}
     * option says otherwise. 9P attaches without a password, so a URI that carries one is refused
     * rather than the password silently ignored.
     */
    private static Optional<String> userOf(URI uri) {
        String userInfo = uri.getUserInfo();
        if (userInfo == null) {
            return Optional.empty();
        }
        if (userInfo.contains(":")) {
            // Shown with its user and without the password.
            throw new IllegalArgumentException("a 9p URI carries no password (9P attaches by user name alone): write "
                    + NetfsUri.display(uri));
        }
        if (userInfo.isEmpty()) {
            throw new IllegalArgumentException("an empty user name in " + NetfsUri.display(uri) + ": write 9p://user@host/aname or leave the user out");
        }
        return Optional.of(userInfo);
    }

    /** {@code host:port}, as error messages and the volume key name the server. */
    String server() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** {@code 9p,host:port,aname}, by {@link VolumeKeys}. */
    String volumeKey() {
        return VolumeKeys.of("9p", server(), aname);
    }

    /**
     * The URI's path as the server spells it: percent-escapes are the export path's bytes, which
     * need not be UTF-8 ({@code %E9}), so they are decoded through {@link FileNames}, not as UTF-8.
     */
    private static String aname(URI uri) {
        String raw = uri.getRawPath();
        if (raw == null) {
            return "";
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && HexFormat.isHexDigit(raw.charAt(i + 1))
                    && HexFormat.isHexDigit(raw.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
            }
        }
        return FileNames.decode(bytes.toByteArray());
    }
}
