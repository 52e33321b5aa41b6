package io.fscache.core;

import io.fscache.api.FsCacheMonitor;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@link FsCacheMXBean} over a monitor, and its registration in the platform MBean server. */
public final class FsCacheJmx implements FsCacheMXBean {

    private final FsCacheMonitor monitor;

    public FsCacheJmx(FsCacheMonitor monitor) {
        this.monitor = monitor;
    }

    /** Registers the bean; returns a handle that unregisters it. */
    public static AutoCloseable register(FsCacheMonitor monitor) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        server.registerMBean(new FsCacheJmx(monitor), name);
        return () -> {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        };
    }

    @Override
    public String getStatisticsText() {
        return monitor.stats().toString();
    }

    @Override
    public Map<String, Long> getCounters() {
        Map<String, Long> flat = new LinkedHashMap<>();
        monitor.stats().lines().forEach((line, counters) ->
                counters.forEach((counter, value) -> flat.put(line + "." + counter, value)));
        return flat;
    }

    @Override
    public String[] getCaches() {
        return monitor.caches().stream()
                .map(c -> String.format("%s state=%s granule=%d capacity=%d usage=%d volumes=%d objects=%d accesses=%d",
                        c.name(), c.state(), c.granuleSize(), c.capacity(), c.usage(), c.volumes(), c.objects(),
                        c.accesses()))
                .toArray(String[]::new);
    }

    @Override
    public String[] getVolumes() {
        return monitor.volumes().stream()
                .map(v -> String.format("%08x cookies=%d accesses=%d cache=%s %s", v.debugId(), v.cookies(),
                        v.accesses(), v.boundCaches().isEmpty() ? "-" : v.boundCaches(), v.key()))
                .toArray(String[]::new);
    }

    @Override
    public String[] getCookies() {
        return monitor.cookies().stream()
                .map(c -> String.format("%08x %08x %3d %3d %-14s inv=%d cache=%s size=%d key=%s aux=%s",
                        c.debugId(), c.volumeDebugId(), c.users(), c.accesses(), c.state(), c.invalidations(),
                        c.cacheName() == null ? "-" : c.cacheName(), c.objectSize(), c.keyHex(), c.auxHex()))
                .toArray(String[]::new);
    }

    @Override
    public int getCookieCount() {
        return monitor.cookies().size();
    }

    @Override
    public void resetStatistics() {
        monitor.resetStats();
    }
}
