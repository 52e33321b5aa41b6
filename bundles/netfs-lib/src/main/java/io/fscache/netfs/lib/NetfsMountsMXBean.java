package io.fscache.netfs.lib;

import java.util.Map;

/**
 * The mounts' protocol statistics over JMX, registered as {@value #OBJECT_NAME} by the mounts
 * component: what each mount's session sent and received ({@link io.fscache.netfs.ProtocolStats}),
 * for operators without the shell.
 */
public interface NetfsMountsMXBean {

    /** The JMX object name. */
    String OBJECT_NAME = "io.fscache:type=NetfsMounts";

    /** The names of the mounts that are up, in the order they were made. */
    String[] getMounts();

    /**
     * One line per mount that is up: name, RPCs by kind, bytes read and written, in flight, peak in
     * flight, reconnects, errors.
     */
    String[] getStatistics();

    /**
     * Every mount's counters by {@code mount.counter} name: {@code data.readBytes},
     * {@code data.writtenBytes}, {@code data.inFlight}, {@code data.peakInFlight},
     * {@code data.reconnects}, {@code data.errors}, {@code data.rpcs}, and {@code data.rpcs.<kind>}.
     */
    Map<String, Long> getCounters();
}
