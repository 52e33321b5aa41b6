package io.fscache.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of the service's counters, grouped in lines as in {@code /proc/fs/fscache/stats}:
 * {@code Cookies}, {@code Acquire}, {@code LRU}, {@code Invals}, {@code Updates}, {@code Relinqs},
 * {@code NoSpace}, {@code IO}. {@link #toString()} prints them the way the kernel does.
 *
 * @param lines counters by line name, then by counter name, in print order
 */
public record FsCacheStats(Map<String, Map<String, Long>> lines) {

    public FsCacheStats {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        lines.forEach((line, counters) -> copy.put(line, Collections.unmodifiableMap(new LinkedHashMap<>(counters))));
        lines = Collections.unmodifiableMap(copy);
    }

    /**
     * One counter, for example {@code get("Acquire", "ok")}.
     *
     * @throws IllegalArgumentException if there is no such counter
     */
    public long get(String line, String counter) {
        Map<String, Long> counters = lines.get(line);
        Long value = counters == null ? null : counters.get(counter);
        if (value == null) {
            throw new IllegalArgumentException("no counter " + line + "." + counter);
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("FS-Cache statistics\n");
        lines.forEach((line, counters) -> {
            out.append(String.format("%-7s:", line));
            counters.forEach((name, value) -> out.append(' ').append(name).append('=').append(value));
            out.append('\n');
        });
        return out.toString();
    }
}
