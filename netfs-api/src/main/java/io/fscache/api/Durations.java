package io.fscache.api;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as operators write them in configurations and options: a whole number with an optional
 * {@code ms}, {@code s}, {@code m} or {@code h} suffix; a bare number means seconds ({@code 30},
 * {@code 30s}, {@code 500ms}, {@code 2m}). One parser for every bundle, beside {@link ByteSize}.
 *
 * @since 1.3
 */
public final class Durations {

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @param value the text, such as {@code "10s"}; surrounding spaces are ignored
     * @param option the option's or property's name, for the error message
     * @return the duration, zero or positive
     * @throws IllegalArgumentException naming the option and the value if the text is not a duration
     */
    public static Duration parse(String value, String option) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 15) {
            throw invalid(value, option);
        }
        long number = Long.parseLong(text.substring(0, digits));
        return switch (text.substring(digits).trim()) {
            case "ms" -> Duration.ofMillis(number);
            case "", "s" -> Duration.ofSeconds(number);
            case "m" -> Duration.ofMinutes(number);
            case "h" -> Duration.ofHours(number);
            default -> throw invalid(value, option);
        };
    }

    private static IllegalArgumentException invalid(String value, String option) {
        return new IllegalArgumentException(option + " must be a duration such as 10s or 500ms (a bare number is seconds), not "
                + Printable.quote(value));
    }
}
