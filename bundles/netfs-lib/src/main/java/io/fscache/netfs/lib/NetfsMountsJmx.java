package io.fscache.netfs.lib;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.Mounts;
import io.fscache.netfs.ProtocolStats;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** The {@link NetfsMountsMXBean} over a {@link Mounts} service, and its registration in the platform MBean server. */
public final class NetfsMountsJmx implements NetfsMountsMXBean {

    private final Mounts mounts;

    public NetfsMountsJmx(Mounts mounts) {
        this.mounts = mounts;
    }

    /** Registers the bean; returns a handle that unregisters it. */
    public static AutoCloseable register(Mounts mounts) throws JMException {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(OBJECT_NAME);
        server.registerMBean(new NetfsMountsJmx(mounts), name);
        return () -> {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
        };
    }

    @Override
    public String[] getMounts() {
        return mounts.mounts().stream().filter(m -> m.state() == MountInfo.State.MOUNTED).map(MountInfo::name)
                .toArray(String[]::new);
    }

    @Override
    public String[] getStatistics() {
        Map<String, String> lines = new LinkedHashMap<>();
        each((name, s) -> lines.put(name, String.format(
                "%s rpcs=%d (%s) readBytes=%d writtenBytes=%d inFlight=%d peakInFlight=%d reconnects=%d errors=%d",
                name, s.totalRpcs(), s.rpcsText(), s.readBytes(), s.writtenBytes(), s.inFlight(), s.peakInFlight(),
                s.reconnects(), s.errors())));
        return lines.values().toArray(String[]::new);
    }

    @Override
    public Map<String, Long> getCounters() {
        Map<String, Long> flat = new LinkedHashMap<>();
        each((name, s) -> {
            flat.put(name + ".rpcs", s.totalRpcs());
            s.rpcs().forEach((kind, count) -> flat.put(name + ".rpcs." + kind, count));
            flat.put(name + ".readBytes", s.readBytes());
            flat.put(name + ".writtenBytes", s.writtenBytes());
            flat.put(name + ".inFlight", s.inFlight());
            flat.put(name + ".peakInFlight", s.peakInFlight());
            flat.put(name + ".reconnects", s.reconnects());
            flat.put(name + ".errors", s.errors());
        });
        return flat;
    }

    /** Each mount that is up with its statistics; one unmounted meanwhile is left out. */
    private void each(BiConsumer<String, ProtocolStats> action) {
        for (String name : getMounts()) {
            Optional<ProtocolStats> stats = mounts.stats(name);
            stats.ifPresent(s -> action.accept(name, s));
        }
    }
}
