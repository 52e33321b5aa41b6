package io.fscache.api;

import java.util.Locale;

/**
 * Byte counts as operators write them in configurations and mount options: a whole number with an
 * optional {@code k}, {@code m}, {@code g} or {@code t} suffix, in powers of 1024 ({@code 256m} is
 * 268435456). One parser for every bundle, so all options accept and reject the same things.
 */
public final class ByteSize {

    private ByteSize() {
    }

    /**
     * Parses a byte count.
     *
     * @param value the text, such as {@code "512m"}; surrounding spaces are ignored
     * @param option the option's name, for the error message
     * @return the number of bytes, {@code >= 0}
     * @throws IllegalArgumentException naming the option and the value if the text is not a byte
     *         count or does not fit in a {@code long}
     */
    public static long parse(String value, String option) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        int shift = switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? text : text.substring(0, text.length() - 1).trim();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid(value, option);
        }
        long number = Long.parseLong(digits);
        if (number > Long.MAX_VALUE >> shift) {
            throw invalid(value, option);
        }
        return number << shift;
    }

    /**
     * Renders a byte count for messages and listings: bytes below 1 KiB, otherwise one decimal in
     * the largest binary unit, such as {@code "23.4 GiB"}.
     *
     * @since 1.2
     */
    public static String format(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static IllegalArgumentException invalid(String value, String option) {
        return new IllegalArgumentException(option + " must be a number of bytes with an optional k, m, g or t suffix, not "
                + Printable.quote(value));
    }
}
