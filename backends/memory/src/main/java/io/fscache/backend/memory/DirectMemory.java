package io.fscache.backend.memory;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * How much off-heap memory this JVM can give direct buffers: {@code -XX:MaxDirectMemorySize}, or
 * when that is not set, the maximum heap size (the JVM's own default for direct memory). A memory
 * cache's budget beyond it could never be allocated: the JVM would fail with
 * {@code OutOfMemoryError: Direct buffer memory} long before the budget is reached.
 */
final class DirectMemory {

    private DirectMemory() {
    }

    /** The direct-memory limit in bytes. */
    static long limit() {
        try {
            Object option = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "getVMOption",
                    new Object[] {"MaxDirectMemorySize"}, new String[] {String.class.getName()});
            long configured = Long.parseLong(String.valueOf(((CompositeData) option).get("value")));
            if (configured > 0) {
                return configured;
            }
        } catch (JMException | RuntimeException e) {
            // Not a HotSpot JVM, or the option unreadable: the JVM's default applies.
        }
        return Runtime.getRuntime().maxMemory();
    }
}
