package io.fscache.benchmarks.netfs;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The soak's {@code --name value} arguments, checked: unknown names and bad numbers are refused. */
final class SoakArguments {

    private static final Set<String> NAMES = Set.of("minutes", "peers", "diod-port", "samba-port");

    private SoakArguments() {
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'; known: --" + String.join(", --", NAMES));
            }
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(name, args[i + 1]);
        }
        return options;
    }

    static int positive(Map<String, String> options, String name, int otherwise) {
        String value = options.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below, naming the argument
        }
        throw new IllegalArgumentException("--" + name + " must be a positive whole number, not '" + value + "'");
    }
}
