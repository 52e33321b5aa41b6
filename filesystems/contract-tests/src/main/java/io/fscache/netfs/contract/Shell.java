package io.fscache.netfs.contract;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Bash in an export directory, for what {@link java.nio.file.Path} cannot do: names that are not
 * UTF-8 ({@code printf L1 > $'caf\xe9'}), immutable files, and listings of raw names.
 */
public final class Shell {

    private Shell() {
    }

    /**
     * Runs {@code script} with {@code bash -c} in {@code dir}, {@code args} as {@code $0, $1...}.
     *
     * @return its standard output and error
     * @throws AssertionError if it fails or runs longer than a minute
     */
    public static String run(Path dir, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", script));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                fail("bash -c '" + script + "' failed in " + dir + ":\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running bash -c '" + script + "'", e);
        }
        return output;
    }

    /** The names in {@code dir} as its filesystem holds them: bytes, each name in lowercase hex. */
    public static Set<String> rawNames(Path dir) throws IOException {
        String hex = run(dir, "for f in * .[!.]*; do [ -e \"$f\" ] && printf '%s' \"$f\" | od -An -v -tx1 | tr -d ' \\n' && echo; done; true");
        return hex.lines().filter(line -> !line.isBlank()).collect(Collectors.toSet());
    }

    /** A name's bytes in lowercase hex, as {@link #rawNames} gives them. */
    public static String hex(byte[] name) {
        return HexFormat.of().formatHex(name);
    }

    /** {@code \xHH} escapes of a name's bytes in hex, for bash's printf. */
    static String escapes(String hex) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            out.append("\\x").append(hex, i, i + 2);
        }
        return out.toString();
    }

    /** Deletes everything in {@code dir}, whatever the names, immutable files included; keeps {@code dir}. */
    public static void empty(Path dir) throws IOException {
        run(dir, "chattr -R -i . 2>/dev/null; find . -mindepth 1 -delete");
    }
}
