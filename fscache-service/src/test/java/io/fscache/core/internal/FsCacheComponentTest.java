package io.fscache.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.api.CacheAccess;
import io.fscache.api.Cookie;
import io.fscache.api.CookieState;
import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The DS component's life as SCR drives it: construct with a configuration, bind, unbind, deactivate. */
class FsCacheComponentTest {

    @Test
    void boundBackendServesAndUnbindWithdrawsIt() throws Exception {
        FsCacheComponent component = new FsCacheComponent(config(Map.of("max_open_objects", 8)));
        try {
            MemoryCache memory = new MemoryCache("memory", 1 << 20, 4096);
            component.bindCache(memory, Map.of());
            Cookie cookie = component.acquireVolume("ds,test").acquireCookie(new byte[] {1}, null, 4096);
            cookie.use(true);
            try (CacheAccess access = cookie.beginOperation().orElseThrow()) {
                assertTrue(access.write(0, ByteBuffer.allocate(4096)).toCompletableFuture().join());
            }
            assertEquals(1, component.caches().size());

            component.unbindCache(memory, Map.of());
            assertTrue(component.caches().isEmpty());
            assertEquals(CookieState.QUIESCENT, cookie.state());
            assertTrue(cookie.beginOperation().isEmpty());
            assertEquals(0, memory.usage(), "the withdrawn backend released its memory");

            ObjectName name = new ObjectName(FsCacheMXBean.OBJECT_NAME);
            assertTrue(ManagementFactory.getPlatformMBeanServer().isRegistered(name));
            Object stats = ManagementFactory.getPlatformMBeanServer().getAttribute(name, "StatisticsText");
            assertTrue(stats.toString().contains("Acquire: n=1 ok=1"), stats.toString());
            String[] cookies = (String[]) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Cookies");
            assertEquals(1, cookies.length);
            assertTrue(cookies[0].contains("QUIESCENT") && cookies[0].contains("key=01"), cookies[0]);
        } finally {
            component.deactivate();
        }
        assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(new ObjectName(FsCacheMXBean.OBJECT_NAME)));
    }

    @Test
    void duplicateCacheNameIsLoggedNotThrownAtScr() {
        FsCacheComponent component = new FsCacheComponent(config(Map.of()));
        try {
            component.bindCache(new MemoryCache("memory", 1 << 20, 4096), Map.of());
            component.bindCache(new MemoryCache("memory", 1 << 20, 4096), Map.of());
            assertEquals(1, component.caches().size());
        } finally {
            component.deactivate();
        }
    }

    @Test
    void invalidConfigurationDoesNotActivate() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> new FsCacheComponent(config(Map.of("max_open_objects", 0))));
        assertTrue(error.getMessage().contains("maxOpenObjects"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class,
                () -> new FsCacheComponent(config(Map.of("lru_timeout_ms", -1L))));
        assertTrue(error.getMessage().contains("lruTimeout"), error.getMessage());
    }

    /** A configuration as SCR makes one: the annotation's defaults, overridden by the given values. */
    private static FsCacheConfiguration config(Map<String, Object> values) {
        return (FsCacheConfiguration) Proxy.newProxyInstance(FsCacheConfiguration.class.getClassLoader(),
                new Class<?>[] {FsCacheConfiguration.class},
                (proxy, method, args) -> values.getOrDefault(method.getName(), method.getDefaultValue()));
    }
}
