package io.fscache.netfs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The one way a protocol names its cache volume: {@code scheme,server,export}, as the kernel's
 * filesystems key theirs ({@code 9p,host:port,aname}, {@code smb,host,share}, {@code nfs,...}).
 *
 * <p>Server and export are written as UTF-8 bytes ({@link FileNames}, so an export that is not UTF-8
 * keeps its bytes), with {@code '%'}, {@code ','}, {@code '/'}, spaces, control bytes and every byte
 * outside ASCII percent-encoded: the key is printable, has exactly two commas and names no
 * directory. A key longer than the kernel's limit of {@value #MAX_LENGTH} characters keeps its
 * head and ends with {@code '#'} and the SHA-256 of the whole, so distinct exports never share a
 * volume.
 *
 * @since 1.3
 */
public final class VolumeKeys {

    /** The longest volume key, as in the kernel's {@code fscache_acquire_volume}. */
    public static final int MAX_LENGTH = 254;

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private VolumeKeys() {
    }

    /**
     * A volume key.
     *
     * @param scheme the filesystem's scheme, such as {@code "9p"} (lower-cased)
     * @param server the server's identity as the protocol defines it ({@code "host:port"}), lower-cased
     * @param export the export on that server as the server spells it ({@code "/srv/data"}, {@code "share"})
     * @return at most {@value #MAX_LENGTH} printable ASCII characters
     */
    public static String of(String scheme, String server, String export) {
        StringBuilder key = new StringBuilder(scheme.toLowerCase(Locale.ROOT)).append(',');
        encode(server.toLowerCase(Locale.ROOT), key);
        key.append(',');
        encode(export, key);
        if (key.length() <= MAX_LENGTH) {
            return key.toString();
        }
        String digest = "#" + sha256(key.toString());
        return key.substring(0, MAX_LENGTH - digest.length()) + digest;
    }

    private static void encode(String text, StringBuilder key) {
        for (byte b : FileNames.encode(text)) {
            int c = b & 0xFF;
            if (c <= 0x20 || c >= 0x7F || c == '%' || c == '/' || c == ',') {
                key.append('%').append(HEX.toHexDigits((byte) c));
            } else {
                key.append((char) c);
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
