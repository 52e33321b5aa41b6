package io.fscache.netfs;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed mount options ({@link MountOptionSpec#parse}): each declared option's value, the default
 * where it was not given. Reading an option the spec does not declare, or as another type, is a
 * programming error. Immutable and thread-safe.
 *
 * @since 1.3
 */
public final class MountOptionValues {

    private final MountOptionSpec spec;
    private final Map<String, Object> values;
    private final Set<String> given;

    MountOptionValues(MountOptionSpec spec, Map<String, Object> values, Set<String> given) {
        this.spec = spec;
        this.values = Map.copyOf(values);
        this.given = Set.copyOf(given);
    }

    /** A {@link MountOption.Type#BYTES bytes} option, in bytes. */
    public long bytes(String name) {
        return (Long) required(name, MountOption.Type.BYTES);
    }

    /** A {@link MountOption.Type#COUNT count} option. */
    public long count(String name) {
        return (Long) required(name, MountOption.Type.COUNT);
    }

    /** A {@link MountOption.Type#COUNT count} option without a default, if given. */
    public Optional<Long> countIfGiven(String name) {
        return Optional.ofNullable((Long) value(name, MountOption.Type.COUNT));
    }

    /** A {@link MountOption.Type#DURATION duration} option. */
    public Duration duration(String name) {
        return (Duration) required(name, MountOption.Type.DURATION);
    }

    /** A {@link MountOption.Type#BOOLEAN boolean} option. */
    public boolean bool(String name) {
        return (Boolean) required(name, MountOption.Type.BOOLEAN);
    }

    /** A {@link MountOption.Type#STRING string} option: its value, or its default, or empty. */
    public Optional<String> string(String name) {
        return Optional.ofNullable((String) value(name, MountOption.Type.STRING));
    }

    /** A {@link MountOption.Type#SECRET secret} option, if given. */
    public Optional<String> secret(String name) {
        return Optional.ofNullable((String) value(name, MountOption.Type.SECRET));
    }

    /** Whether the user gave the option (rather than its default standing in). */
    public boolean isGiven(String name) {
        return given.contains(name);
    }

    private Object required(String name, MountOption.Type type) {
        Object value = value(name, type);
        if (value == null) {
            throw new IllegalStateException("option " + name + " has no default and was not given");
        }
        return value;
    }

    private Object value(String name, MountOption.Type type) {
        MountOption option = spec.option(name)
                .orElseThrow(() -> new IllegalStateException(spec.owner() + " declares no option " + name));
        if (option.type() != type) {
            throw new IllegalStateException("option " + name + " is a " + option.type().label() + ", not a " + type.label());
        }
        return values.get(name);
    }
}
