package io.fscache.backend.cachefiles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * File names from keys. Every name is built only from {@code [A-Za-z0-9_,=%.-]}, starts with a
 * letter and has no {@code '/'}, so no volume key, cookie key or byte sequence can name a path
 * outside its directory; and each kind of name is injective, so two keys never share a file.
 *
 * <ul>
 * <li>Volume: {@code "V"} + the UTF-8 key with every byte outside {@code [A-Za-z0-9_,=.-]} (and a
 * leading {@code '.'}) written as {@code %XX}; when longer than {@value #MAX_NAME} characters,
 * {@code "W"} + the SHA-256 of the key in hex (the key itself is kept in the volume file and
 * checked).</li>
 * <li>Object: {@code "D"} + the key when it is all {@code [A-Za-z0-9_-]}, else {@code "E"} + its
 * unpadded base64url; when either is longer than {@value #MAX_NAME} characters, {@code "H"} + the
 * SHA-256 of the key in hex (the key is kept in the metadata and checked on every lookup). The
 * fan-out directory is the first byte of the key's SHA-256 as two hex digits.</li>
 * </ul>
 * The metadata file appends {@code ".meta"}, which no data file name can end with.
 */
final class ObjectNames {

    /** Longest name from a key; with {@code ".meta"} well inside the usual 255-byte limit. */
    static final int MAX_NAME = 200;

    /** Suffix of an object's metadata side file. */
    static final String META_SUFFIX = ".meta";

    private static final HexFormat HEX = HexFormat.of();
    private static final HexFormat HEX_UPPER = HexFormat.of().withUpperCase();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    /**
     * Where an object lives in its volume directory.
     *
     * @param fanout the fan-out directory: two lower-case hex digits
     * @param file the data file's name; the metadata file is {@code file + ".meta"}
     */
    record ObjectName(String fanout, String file) {
    }

    private ObjectNames() {
    }

    /** The directory name of a volume. */
    static String volume(String volumeKey) {
        byte[] bytes = volumeKey.getBytes(StandardCharsets.UTF_8);
        StringBuilder name = new StringBuilder(bytes.length + 1).append('V');
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            if (isPlain(b) || b == ',' || b == '=' || (b == '.' && i > 0)) {
                name.append((char) b);
            } else {
                name.append('%').append(HEX_UPPER.toHexDigits((byte) b));
            }
        }
        return name.length() <= MAX_NAME ? name.toString() : "W" + HEX.formatHex(sha256(bytes));
    }

    /** The fan-out directory and file name of an object. */
    static ObjectName object(byte[] key) {
        byte[] hash = sha256(key);
        String fanout = HEX.toHexDigits(hash[0]);
        String file;
        if (key.length < MAX_NAME && allPlain(key)) {
            file = "D" + new String(key, StandardCharsets.US_ASCII);
        } else {
            String encoded = BASE64URL.encodeToString(key);
            file = encoded.length() < MAX_NAME ? "E" + encoded : "H" + HEX.formatHex(hash);
        }
        return new ObjectName(fanout, file);
    }

    /** Whether a name found on disk could be an object's data file (the scan ignores nothing else). */
    static boolean isDataName(String name) {
        return name.length() > 1 && name.length() <= MAX_NAME && "DEH".indexOf(name.charAt(0)) >= 0
                && name.chars().allMatch(ObjectNames::isPlain);
    }

    private static boolean allPlain(byte[] key) {
        for (byte b : key) {
            if (!isPlain(b & 0xFF)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPlain(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
