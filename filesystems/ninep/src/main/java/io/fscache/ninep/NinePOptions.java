package io.fscache.ninep;

import io.fscache.netfs.FileNames;
import io.fscache.netfs.NetfsUri;
import io.fscache.ninep.wire.TMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A session's settings, from a {@code 9p://[user@]host:port/aname?uname=...} URI and the mount
 * options (which override the query, which overrides the URI's user). Options this client does not know belong to others (the mount
 * engine's) and are ignored.
 */
record NinePOptions(String host, int port, String aname, String uname, int nUname, int msize,
        int pipeline, Duration timeout) {

    static final int DEFAULT_PORT = 564;
    static final int DEFAULT_MSIZE = 65536;
    static final int MIN_MSIZE = 4096;
    static final int MAX_MSIZE = 16 << 20;
    static final int DEFAULT_PIPELINE = 64;
    /** Half the tag space: every request may also need a tag for its {@code Tflush}. */
    static final int MAX_PIPELINE = 32768;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_VOLUME_KEY = 254;

    static NinePOptions parse(URI uri, Map<String, String> options) {
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("a 9p URI names a server: 9p://host[:port]/aname, not " + NetfsUri.display(uri));
        }
        Map<String, String> all = new HashMap<>(query(uri));
        all.putAll(options);
        String aname = aname(uri);
        String uname = all.getOrDefault("uname", userOf(uri).orElse(System.getProperty("user.name", "root")));
        int nUname = all.containsKey("n_uname") ? (int) parseLong(all.get("n_uname"), "n_uname", 0, 0xFFFFFFFEL)
                : TMessage.NONUNAME;
        int msize = (int) parseLong(all.getOrDefault("msize", "" + DEFAULT_MSIZE), "msize", MIN_MSIZE, MAX_MSIZE);
        int pipeline = (int) parseLong(all.getOrDefault("pipeline", "" + DEFAULT_PIPELINE), "pipeline", 1, MAX_PIPELINE);
        Duration timeout = all.containsKey("timeout") ? duration(all.get("timeout")) : DEFAULT_TIMEOUT;
        return new NinePOptions(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), aname, uname,
                nUname, msize, pipeline, timeout);
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

    /**
     * {@code 9p,host:port,aname} with {@code '%'}, {@code '/'}, {@code ','} and non-printable
     * bytes of the aname (as the server spells it) percent-encoded; a key longer than the cache allows keeps
     * its head and ends with a SHA-256 of the whole.
     */
    String volumeKey() {
        StringBuilder key = new StringBuilder("9p,").append(server().toLowerCase(Locale.ROOT)).append(',');
        for (byte b : FileNames.encode(aname)) {
            int c = b & 0xFF;
            if (c <= 0x20 || c >= 0x7F || c == '%' || c == '/' || c == ',') {
                key.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            } else {
                key.append((char) c);
            }
        }
        if (key.length() <= MAX_VOLUME_KEY) {
            return key.toString();
        }
        String digest = "#" + sha256(key.toString());
        return key.substring(0, MAX_VOLUME_KEY - digest.length()) + digest;
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

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static long parseLong(String text, String name, long min, long max) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("9p option " + name + " is not a number: '" + text + "'");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("9p option " + name + "=" + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    /** {@code 30} or {@code 30s} (seconds), or {@code 500ms}. */
    private static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(parseLong(t.substring(0, t.length() - 2), "timeout", 1, Integer.MAX_VALUE));
        }
        return Duration.ofSeconds(parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t, "timeout", 1,
                Integer.MAX_VALUE / 1000));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
