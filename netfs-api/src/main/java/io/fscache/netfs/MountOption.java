package io.fscache.netfs;

import io.fscache.api.Printable;
import io.fscache.api.ByteSize;
import io.fscache.api.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One declared mount option: its name, type, default, range and a line of help. Every option of a
 * type is written the same way, whichever layer (the engine, a protocol) declares it:
 * <table>
 * <caption>Syntax by type</caption>
 * <tr><th>type</th><th>written as</th></tr>
 * <tr><td>{@link Type#BYTES bytes}</td><td>a whole number with an optional {@code k}, {@code m},
 *     {@code g} or {@code t} suffix, powers of 1024 ({@link io.fscache.api.ByteSize})</td></tr>
 * <tr><td>{@link Type#DURATION duration}</td><td>a whole number with {@code ms}, {@code s},
 *     {@code m} or {@code h}; a bare number is seconds ({@code 30}, {@code 30s}, {@code 500ms})</td></tr>
 * <tr><td>{@link Type#COUNT count}</td><td>a whole number</td></tr>
 * <tr><td>{@link Type#BOOLEAN boolean}</td><td>{@code true}/{@code false}, {@code yes}/{@code no},
 *     {@code on}/{@code off}, {@code 1}/{@code 0}; the bare name ({@code -o sign}) is true</td></tr>
 * <tr><td>{@link Type#STRING string}</td><td>any text</td></tr>
 * <tr><td>{@link Type#SECRET secret}</td><td>any text, never shown, logged or kept in a
 *     configuration file; its name passes {@link Secrets#isSecret}</td></tr>
 * </table>
 * Immutable and thread-safe.
 *
 * @since 1.3
 */
public final class MountOption {

    /** What an option's value is. */
    public enum Type {
        BYTES, DURATION, COUNT, BOOLEAN, STRING, SECRET;

        /** The type's name as help tables show it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern COUNT = Pattern.compile("\\d{1,18}");

    private final String name;
    private final Type type;
    /** The default as a user would write it, or null if the option has none. */
    private final String defaultText;
    private final long min;
    private final long max;
    private final String help;

    private MountOption(String name, Type type, String defaultText, long min, long max, String help) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an option name is lower-case words joined by '.': " + name);
        }
        if ((type == Type.SECRET) != Secrets.isSecret(name)) {
            throw new IllegalArgumentException("option " + name + (type == Type.SECRET
                    ? " is a secret, so its name must say so (" + "see Secrets.isSecret)"
                    : " would be hidden as a secret by its name: declare it as one"));
        }
        this.name = name;
        this.type = type;
        this.defaultText = defaultText;
        this.min = min;
        this.max = max;
        this.help = Objects.requireNonNull(help, "help");
        if (defaultText != null) {
            parse(defaultText);
        }
    }

    /** A byte count in {@code [min, max]} bytes; {@code defaultValue} is written as in the help, such as {@code "8m"}. */
    public static MountOption bytes(String name, String defaultValue, long min, long max, String help) {
        return new MountOption(name, Type.BYTES, defaultValue, min, max, help);
    }

    /** A duration in {@code [min, max]}; {@code defaultValue} is written as in the help, such as {@code "30s"}. */
    public static MountOption duration(String name, String defaultValue, Duration min, Duration max, String help) {
        return new MountOption(name, Type.DURATION, defaultValue, min.toMillis(), max.toMillis(), help);
    }

    /** A whole number in {@code [min, max]}; {@code defaultValue} null for none. */
    public static MountOption count(String name, Long defaultValue, long min, long max, String help) {
        return new MountOption(name, Type.COUNT, defaultValue == null ? null : defaultValue.toString(), min, max, help);
    }

    /** A flag. */
    public static MountOption bool(String name, boolean defaultValue, String help) {
        return new MountOption(name, Type.BOOLEAN, Boolean.toString(defaultValue), 0, 1, help);
    }

    /** Free text; {@code defaultValue} null for none (the help then says what stands in for it). */
    public static MountOption string(String name, String defaultValue, String help) {
        return new MountOption(name, Type.STRING, defaultValue, 0, 0, help);
    }

    /** A credential: no default, never shown. */
    public static MountOption secret(String name, String help) {
        return new MountOption(name, Type.SECRET, null, 0, 0, help);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    /** The default as a user would write it ({@code "8m"}, {@code "30s"}), or empty if there is none. */
    public Optional<String> defaultText() {
        return Optional.ofNullable(defaultText);
    }

    /** The accepted values for help tables ({@code "4k..16m"}), or empty for booleans, strings and secrets. */
    public Optional<String> rangeText() {
        return switch (type) {
            case BYTES -> Optional.of(bytes(min) + ".." + bytes(max));
            case DURATION -> Optional.of(millis(min) + ".." + millis(max));
            case COUNT -> Optional.of(min + ".." + max);
            default -> Optional.empty();
        };
    }

    /** One line saying what the option does. */
    public String help() {
        return help;
    }

    /**
     * Parses a value of this option.
     *
     * @param text the value as written; null or empty only for a boolean's bare name (a string or
     *        secret must have a value)
     * @return a {@link Long} (bytes, count), {@link Duration}, {@link Boolean} or {@link String}
     * @throws IllegalArgumentException in one format for every option: {@code option <name> must be
     *         <what>, not "<value>"} (a secret's value is never repeated)
     */
    public Object parse(String text) {
        String value = text == null ? "" : text.trim();
        return switch (type) {
            case BYTES -> inRange(parseBytes(value), value);
            case DURATION -> Duration.ofMillis(inRange(parseMillis(value), value));
            case COUNT -> {
                if (!COUNT.matcher(value).matches()) {
                    throw invalid("a whole number", value);
                }
                yield inRange(Long.parseLong(value), value);
            }
            case BOOLEAN -> switch (value.toLowerCase(Locale.ROOT)) {
                case "", "true", "yes", "on", "1" -> Boolean.TRUE;
                case "false", "no", "off", "0" -> Boolean.FALSE;
                default -> throw invalid("true or false", value);
            };
            case STRING, SECRET -> {
                if (value.isEmpty()) {
                    // A bare -o password would log on with an empty password and blame the server.
                    throw invalid("given a value", value);
                }
                yield text;
            }
        };
    }

    @Override
    public String toString() {
        return name + " (" + type.label() + ")";
    }

    private long parseBytes(String value) {
        try {
            return ByteSize.parse(value, name);
        } catch (IllegalArgumentException e) {
            throw invalid("a size such as 64k or 8m", value);
        }
    }

    private long parseMillis(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value, name);
        } catch (IllegalArgumentException e) {
            throw invalid("a duration such as 30s or 500ms (a bare number is seconds)", value);
        }
        try {
            return duration.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE; // refused as out of range
        }
    }

    private long inRange(long value, String text) {
        if (value < min || value > max) {
            throw invalid("between " + rangeText().orElseThrow().replace("..", " and "), text);
        }
        return value;
    }

    private IllegalArgumentException invalid(String what, String value) {
        if (value.isEmpty()) {
            // A bare name (-o acdirmin, ?acdirmin): say what it needs, not that "" is not one.
            return new IllegalArgumentException("option " + name + " must be given a value"
                    + (type == Type.STRING || type == Type.SECRET ? "" : ": " + what));
        }
        return new IllegalArgumentException("option " + name + " must be " + what
                + (type == Type.SECRET ? "" : ", not " + Printable.quote(value)));
    }

    /** A byte count as the syntax writes it, exact: {@code 65536} is {@code 64k}. */
    static String bytes(long value) {
        String[] suffixes = {"", "k", "m", "g", "t"};
        int unit = 0;
        while (unit < suffixes.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            unit++;
        }
        return value + suffixes[unit];
    }

    /** A duration as the syntax writes it, exact: {@code 90000} ms is {@code 90s}. */
    static String millis(long value) {
        if (value == 0 || value % 1000 != 0) {
            return value == 0 ? "0" : value + "ms";
        }
        long seconds = value / 1000;
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
