package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the peer scripts ({@code tools/peers}) and the servers' own command-line clients. */
final class PeerProcess {

    private PeerProcess() {
    }

    /** Runs a command to completion, its output discarded; fails with the output if it fails. */
    static void run(Map<String, String> environment, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /**
     * Runs a command with its standard output sent to /dev/null, as when a client copies a file;
     * what it says on standard error is shown only if it fails.
     */
    static void runDiscardingOutput(String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = builder.start();
            String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + errors);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", command), e);
        }
    }

    /**
     * The port a server started on: {@code configured}, or when that was 0 (a free port, chosen by
     * the peer script), the one the script wrote to {@code <state>/port}.
     */
    static int port(Path state, int configured) throws IOException {
        if (configured != 0) {
            return configured;
        }
        return Integer.parseInt(java.nio.file.Files.readString(state.resolve("port")).trim());
    }

    /** {@code bash <peers>/<script> <args>} with the server's state under {@code state}. */
    static void script(Path peers, String script, Path state, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", peers.resolve(script).toString()));
        command.addAll(List.of(args));
        run(Map.of("PEERS_STATE", state.toString()), command.toArray(String[]::new));
    }
}
