package io.fscache.shell.command;

import io.fscache.netfs.FileNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Remote names as the console shows them and as users type them back. A server's name may hold
 * bytes that are not UTF-8, which a mount's Java name carries as escapes ({@link FileNames}) that no
 * terminal can show or send; control characters would garble the console. So each such byte is
 * shown as {@code \xNN} and a backslash as {@code \\}, and a typed path reads {@code \xNN} as the
 * byte NN (consecutive escapes that spell UTF-8 spell its character) and {@code \\} as a
 * backslash: every listed name can be typed back and reaches the file it names. A backslash
 * followed by anything else is taken as it is.
 */
public final class ShellNames {

    private ShellNames() {
    }

    /** A remote name or path as the console shows it. */
    public static String display(String name) {
        StringBuilder shown = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            String escape = c == '\\' ? "\\\\"
                    : c < 0x20 || c == 0x7F ? "\\x" + HexFormat.of().toHexDigits((byte) c)
                    : c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(name.charAt(i - 1)))
                            ? "\\x" + HexFormat.of().toHexDigits((byte) (c - 0xDC00))
                    : null;
            if (escape != null && shown == null) {
                shown = new StringBuilder(name.length() + 8).append(name, 0, i);
            }
            if (shown != null) {
                if (escape != null) {
                    shown.append(escape);
                } else {
                    shown.append(c);
                }
            }
        }
        return shown == null ? name : shown.toString();
    }

    /** The remote name or path a user typed, escapes read back (see the class comment). */
    public static String parse(String typed) {
        if (typed.indexOf('\\') < 0) {
            return typed;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(typed.length());
        int plain = 0;
        for (int i = 0; i < typed.length(); i++) {
            if (typed.charAt(i) != '\\' || i + 1 == typed.length()) {
                continue;
            }
            char next = typed.charAt(i + 1);
            int escaped;
            int length;
            if (next == '\\') {
                escaped = '\\';
                length = 2;
            } else if (next == 'x' && i + 3 < typed.length() && isHex(typed, i + 2) && isHex(typed, i + 3)) {
                escaped = Integer.parseInt(typed, i + 2, i + 4, 16);
                length = 4;
            } else {
                continue;
            }
            bytes.writeBytes(typed.substring(plain, i).getBytes(StandardCharsets.UTF_8));
            bytes.write(escaped);
            i += length - 1;
            plain = i + 1;
        }
        bytes.writeBytes(typed.substring(plain).getBytes(StandardCharsets.UTF_8));
        return FileNames.decode(bytes.toByteArray());
    }

    private static boolean isHex(String text, int at) {
        return Character.digit(text.charAt(at), 16) >= 0;
    }
}
