package io.fscache.api;

/**
 * Text a user or a server gave, made safe to repeat in a one-line message: control characters
 * (a newline that would start a forged log line, an escape sequence that would repaint the
 * terminal) are written as {@code \n}, {@code \r}, {@code \t} or {@code \u001b}.
 *
 * @since 1.3
 */
public final class Printable {

    private Printable() {
    }

    /** The text in double quotes, its control characters escaped; {@code null} as {@code null}. */
    public static String quote(String text) {
        return text == null ? "null" : '"' + escape(text) + '"';
    }

    /** The text with its control characters escaped, for a name shown without quotes. */
    public static String escape(String text) {
        StringBuilder quoted = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.toString();
    }
}
