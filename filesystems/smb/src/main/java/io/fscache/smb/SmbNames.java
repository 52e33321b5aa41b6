package io.fscache.smb;

/**
 * SMB names on the wire are UTF-16LE code units, and so is a Java {@link String}: the lossless mapping
 * is the identity, one char per code unit, unpaired surrogates included. smbj decodes names with
 * {@code new String(bytes, UTF_16LE)} and encodes them with {@code getBytes(UTF_16LE)}, which both
 * replace an unpaired surrogate with U+FFFD: a listed name would then open a different file (Samba
 * sends an unpaired surrogate for a Unix name holding a 3-byte encoded surrogate). Every request of
 * this module that carries a name (CREATE, QUERY_DIRECTORY results, rename) goes through here instead.
 */
final class SmbNames {

    private SmbNames() {
    }

    /** The UTF-16LE code units of {@code name}, exactly. */
    static byte[] encode(String name) {
        byte[] bytes = new byte[name.length() * 2];
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            bytes[2 * i] = (byte) c;
            bytes[2 * i + 1] = (byte) (c >>> 8);
        }
        return bytes;
    }

    /** The name whose UTF-16LE code units are {@code length} bytes of {@code bytes} from {@code offset}. */
    static String decode(byte[] bytes, int offset, int length) {
        char[] chars = new char[length / 2];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (bytes[offset + 2 * i] & 0xff | (bytes[offset + 2 * i + 1] & 0xff) << 8);
        }
        return new String(chars);
    }
}
