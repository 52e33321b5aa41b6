package io.fscache.shell.command;

import java.util.Map;
import java.util.TreeMap;

/** The kinds of cache the shell can configure, and the factory PID that configures each. */
final class CacheTypes {

    static final Map<String, String> PIDS = new TreeMap<>(Map.of(
            "memory", "io.fscache.backend.memory",
            "cachefiles", "io.fscache.backend.cachefiles",
            "tiered", "io.fscache.backend.tiered"));

    private CacheTypes() {
    }

    static String pid(String type) {
        String pid = PIDS.get(type);
        if (pid == null) {
            throw new IllegalArgumentException("unknown cache type '" + type + "': use one of " + String.join(", ", PIDS.keySet()));
        }
        return pid;
    }
}
