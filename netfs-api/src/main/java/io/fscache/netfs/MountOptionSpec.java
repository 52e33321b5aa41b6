package io.fscache.netfs;

import io.fscache.api.NearestName;
import io.fscache.api.Printable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mount options one layer declares: the netfs engine its own ({@code cache}, {@code readahead},
 * ...), each {@link NetworkFilesystem} the protocol's ({@link NetworkFilesystem#options()}). A mount
 * accepts exactly the options its engine and protocol declare together ({@link #and}): a name that
 * nobody declares is refused, naming the nearest declared one, as the kernel's NFS and CIFS
 * parameter parsers refuse unknown parameters. Immutable and thread-safe.
 *
 * @since 1.3
 */
public final class MountOptionSpec {

    private final String owner;
    private final Map<String, MountOption> options;

    private MountOptionSpec(String owner, Map<String, MountOption> options) {
        this.owner = owner;
        this.options = Collections.unmodifiableMap(options);
    }

    /**
     * The options of one layer.
     *
     * @param owner who declares them, for messages: {@code "9p"}, {@code "netfs"}
     * @throws IllegalArgumentException if two options share a name
     */
    public static MountOptionSpec of(String owner, MountOption... options) {
        Map<String, MountOption> byName = new LinkedHashMap<>();
        for (MountOption option : options) {
            if (byName.put(option.name(), option) != null) {
                throw new IllegalArgumentException(owner + " declares option " + option.name() + " twice");
            }
        }
        return new MountOptionSpec(owner, byName);
    }

    /**
     * The options of both, this one's first, named in messages by the other's owner: to a user, the
     * engine's options and a protocol's are all "9p" options.
     *
     * @throws IllegalArgumentException if both declare a name
     */
    public MountOptionSpec and(MountOptionSpec other) {
        Map<String, MountOption> both = new LinkedHashMap<>(options);
        for (MountOption option : other.options.values()) {
            if (both.put(option.name(), option) != null) {
                throw new IllegalArgumentException(owner + " and " + other.owner + " both declare option " + option.name());
            }
        }
        return new MountOptionSpec(other.owner, both);
    }

    /** Who declares these options: {@code "9p"}. */
    public String owner() {
        return owner;
    }

    /** The declared options, in declaration order. */
    public List<MountOption> options() {
        return List.copyOf(options.values());
    }

    /** The option with this name, if declared. */
    public Optional<MountOption> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    /**
     * Checks and parses options as given: every name must be declared and every value valid.
     *
     * @param given names to values as written (a boolean's bare name maps to {@code ""}); not kept
     * @return the values, with defaults for the options not given
     * @throws IllegalArgumentException one line naming the first unknown option (and the nearest
     *         declared name) or the first invalid value
     */
    public MountOptionValues parse(Map<String, String> given) {
        for (String name : given.keySet()) {
            if (!options.containsKey(name)) {
                throw unknown(name);
            }
        }
        return parseDeclared(given);
    }

    /**
     * Parses the options this spec declares and leaves the others to whoever declares them (the
     * engine parses its own this way before the protocol's are known).
     *
     * @throws IllegalArgumentException one line naming the first invalid value
     */
    public MountOptionValues parseDeclared(Map<String, String> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (MountOption option : options.values()) {
            String text = given.containsKey(option.name()) ? given.get(option.name()) : option.defaultText().orElse(null);
            if (text != null || given.containsKey(option.name())) {
                values.put(option.name(), option.parse(text));
            }
        }
        return new MountOptionValues(this, values, given.keySet());
    }

    private IllegalArgumentException unknown(String name) {
        String known = options.isEmpty() ? owner + " mounts take no options" : NearestName.of(name, options.keySet())
                .map(nearest -> "did you mean " + nearest + "?")
                .orElse("the options are " + String.join(", ", options.keySet()));
        return new IllegalArgumentException("unknown option " + Printable.escape(name) + " for " + owner + " mounts: " + known);
    }
}
