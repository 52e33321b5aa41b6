package io.fscache.core;

import java.util.Map;

/**
 * The FS-Cache service over JMX, registered as {@value #OBJECT_NAME}: the counters, the listings and
 * a reset, for operators without the shell.
 */
public interface FsCacheMXBean {

    /** The JMX object name. */
    String OBJECT_NAME = "io.fscache:type=FsCache";

    /** The counters as {@code /proc/fs/fscache/stats} prints them. */
    String getStatisticsText();

    /** Every counter by {@code Line.counter} name, for example {@code Acquire.ok}. */
    Map<String, Long> getCounters();

    /** One line per cache: name, state, granule, capacity, usage, volumes, objects, accesses. */
    String[] getCaches();

    /** One line per volume. */
    String[] getVolumes();

    /**
     * One line per cookie, as {@code /proc/fs/fscache/cookies}: cookie and volume debug ids, users
     * (ACT), accesses (ACC), state, invalidations, cache, object size, key and coherency data.
     */
    String[] getCookies();

    /** The number of cookies acquired. */
    int getCookieCount();

    /** Sets the event counters back to zero. */
    void resetStatistics();
}
