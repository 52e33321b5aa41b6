package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What the machine was doing, so a reader can weigh the figures: at a moment, the load average and
 * the memory available ({@code /proc}); between two moments, how busy all CPUs were and how much of
 * that was this JVM (the rest: the servers and whatever else shares the machine).
 *
 * @param nanos when it was sampled ({@code System.nanoTime})
 * @param loadAverage {@code /proc/loadavg}'s first four fields
 * @param memAvailableMiB {@code MemAvailable} in MiB
 * @param cpuBusyTicks the machine's non-idle jiffies so far, over all CPUs
 * @param cpuTotalTicks all its jiffies so far
 * @param processCpuNanos this JVM's CPU time so far
 */
record MachineState(long nanos, String loadAverage, long memAvailableMiB, long cpuBusyTicks, long cpuTotalTicks,
        long processCpuNanos) {

    static MachineState sample() {
        String load = read("/proc/loadavg");
        String[] loadFields = load.isEmpty() ? new String[0] : load.split("\\s+");
        long available = -1;
        for (String line : read("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemAvailable:")) {
                available = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        long busy = 0;
        long total = 0;
        String cpu = read("/proc/stat").lines().findFirst().orElse("");
        if (cpu.startsWith("cpu ")) {
            long[] ticks = Arrays.stream(cpu.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
            total = Arrays.stream(ticks).limit(8).sum();
            busy = total - ticks[3] - ticks[4];
        }
        long processCpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new MachineState(System.nanoTime(), String.join(" ", Arrays.copyOf(loadFields, Math.min(4, loadFields.length))),
                available, busy, total, processCpu);
    }

    /** One line: cores, load average, memory available. */
    String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, load average " + loadAverage + ", " + memAvailableMiB
                + " MiB available";
    }

    /** One line: how busy the CPUs were from {@code earlier} to this sample, and this JVM's share. */
    String busySince(MachineState earlier) {
        long total = cpuTotalTicks - earlier.cpuTotalTicks;
        if (total <= 0) {
            return "CPU use unknown";
        }
        double busy = 100.0 * (cpuBusyTicks - earlier.cpuBusyTicks) / total;
        int cores = Runtime.getRuntime().availableProcessors();
        double ours = 100.0 * (processCpuNanos - earlier.processCpuNanos) / ((nanos - earlier.nanos) * (double) cores);
        return String.format("CPUs %.0f %% busy over %.0f s: this JVM %.0f %%, the servers and everything else %.0f %%",
                busy, (nanos - earlier.nanos) / 1e9, ours, Math.max(0, busy - ours));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
