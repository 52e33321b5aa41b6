package io.fscache.netfs;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The lossless mapping between the byte strings a server names files with and Java strings: UTF-8
 * with PEP 383's "surrogateescape" for the bytes that are not UTF-8.
 *
 * <p>{@link #decode(byte[])} reads strict UTF-8 (RFC 3629: no overlong forms, no encoded
 * surrogates {@code ED A0..ED BF}, nothing above U+10FFFF, no truncated sequences). Each byte that
 * is not part of a well-formed sequence (only {@code 0x80..0xFF} can be) becomes the lone low
 * surrogate {@code U+DC00 + byte}, that is U+DC80..U+DCFF. Decoding is injective: no two byte
 * strings give the same Java string, and a well-formed UTF-8 name never decodes to an escape.
 *
 * <p>{@link #encode(String)} is its exact inverse: it gives back the very bytes a decoded name came
 * from. It refuses the strings no byte string decodes to, so that a name the application makes up
 * can never reach a file listed under another name: a lone surrogate other than U+DC80..U+DCFF, and
 * escapes that together form well-formed UTF-8 (the server would list that file under the decoded
 * characters, not under the escapes).
 *
 * <p>Stateless and thread-safe. Names are single path components or whole paths alike: {@code '/'}
 * is ASCII and maps to itself.
 */
public final class FileNames {

    private FileNames() {
    }

    /** The Java name of a server's name. Never fails: every byte string has one. */
    public static String decode(byte[] name) {
        return decode(name, 0, name.length);
    }

    /**
     * The Java name of {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @throws IndexOutOfBoundsException if the range is not inside {@code bytes}
     */
    public static String decode(byte[] bytes, int offset, int length) {
        int end = Objects.checkFromIndexSize(offset, length, bytes.length) + length;
        int i = offset;
        while (i < end && bytes[i] >= 0) {
            i++;
        }
        if (i == end) {
            // All ASCII: the common case, one copy into a compact string.
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        char[] out = new char[length];
        int n = 0;
        for (int k = offset; k < i; k++) {
            out[n++] = (char) bytes[k];
        }
        while (i < end) {
            int b0 = bytes[i] & 0xFF;
            if (b0 < 0x80) {
                out[n++] = (char) b0;
                i++;
                continue;
            }
            int size = sequenceLength(bytes, i, end);
            if (size == 0) {
                out[n++] = (char) (0xDC00 + b0);
                i++;
            } else if (size == 2) {
                out[n++] = (char) (((b0 & 0x1F) << 6) | (bytes[i + 1] & 0x3F));
                i += 2;
            } else if (size == 3) {
                out[n++] = (char) (((b0 & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F));
                i += 3;
            } else {
                int cp = ((b0 & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12) | ((bytes[i + 2] & 0x3F) << 6)
                        | (bytes[i + 3] & 0x3F);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            }
        }
        return new String(out, 0, n);
    }

    /**
     * The bytes to send a server for a Java name.
     *
     * @throws InvalidPathException (an {@link IllegalArgumentException}) if the name holds a lone
     *         surrogate that is not an escape U+DC80..U+DCFF, or escapes that form well-formed UTF-8
     */
    public static byte[] encode(String name) {
        int length = name.length();
        int i = 0;
        while (i < length && name.charAt(i) < 0x80) {
            i++;
        }
        if (i == length) {
            return name.getBytes(StandardCharsets.ISO_8859_1);
        }
        byte[] out = new byte[i + (length - i) * 3];
        for (int k = 0; k < i; k++) {
            out[k] = (byte) name.charAt(k);
        }
        int n = i;
        boolean escaped = false;
        for (; i < length; i++) {
            char c = name.charAt(i);
            if (c < 0x80) {
                out[n++] = (byte) c;
            } else if (c < 0x800) {
                out[n++] = (byte) (0xC0 | (c >> 6));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                out[n++] = (byte) (0xE0 | (c >> 12));
                out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(name.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, name.charAt(++i));
                out[n++] = (byte) (0xF0 | (cp >> 18));
                out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[n++] = (byte) (0x80 | (cp & 0x3F));
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                out[n++] = (byte) (c - 0xDC00);
                escaped = true;
            } else {
                throw new InvalidPathException(name, String.format(
                        "lone surrogate U+%04X is not a file name character (only U+DC80..U+DCFF escape a byte)", (int) c), i);
            }
        }
        byte[] bytes = Arrays.copyOf(out, n);
        if (escaped && !decode(bytes).equals(name)) {
            throw new InvalidPathException(name, "escaped bytes form well-formed UTF-8: write the characters they encode");
        }
        return bytes;
    }

    /**
     * The length of the well-formed UTF-8 sequence of two to four bytes at {@code i}, or 0 if the
     * byte at {@code i} does not start one (Unicode's table 3-7 of well-formed byte sequences).
     */
    private static int sequenceLength(byte[] bytes, int i, int end) {
        int b0 = bytes[i] & 0xFF;
        int size;
        int low = 0x80;
        int high = 0xBF;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            size = 2;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            size = 3;
            if (b0 == 0xE0) {
                low = 0xA0; // no overlongs
            } else if (b0 == 0xED) {
                high = 0x9F; // no surrogates
            }
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            size = 4;
            if (b0 == 0xF0) {
                low = 0x90; // no overlongs
            } else if (b0 == 0xF4) {
                high = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return 0;
        }
        if (end - i < size) {
            return 0;
        }
        int b1 = bytes[i + 1] & 0xFF;
        if (b1 < low || b1 > high) {
            return 0;
        }
        for (int k = 2; k < size; k++) {
            int b = bytes[i + k] & 0xFF;
            if (b < 0x80 || b > 0xBF) {
                return 0;
            }
        }
        return size;
    }
}
