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
import io.fscache.spi.CacheBackend;
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
        FsCacheComponent component = new FsCacheComponent(Map.of("max.open.objects", 8));
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
        FsCacheComponent component = new FsCacheComponent(Map.of());
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
                () -> new FsCacheComponent(Map.of("max.open.objects", 0)));
        assertTrue(error.getMessage().contains("maxOpenObjects"), error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> new FsCacheComponent(Map.of("lru.timeout", "-1")));
        assertEquals("lru.timeout must be a duration such as 10s or 500ms (a bare number is seconds), not \"-1\"",
                error.getMessage());
        error = assertThrows(IllegalArgumentException.class, () -> new FsCacheComponent(Map.of("lru.timout", "5s")));
        assertEquals("io.fscache.core: unknown property 'lru.timout'; did you mean 'lru.timeout'?", error.getMessage());
    }

    @Test
    void theOldLruTimeoutInMillisecondsStillWorks() {
        FsCacheComponent component = new FsCacheComponent(Map.of("lru.timeout.ms", 250L, "service.pid", "io.fscache.core"));
        component.deactivate();
        assertEquals("io.fscache.core: set lru.timeout only; lru.timeout.ms is its old name", assertThrows(
                IllegalArgumentException.class, () -> new FsCacheComponent(Map.of("lru.timeout.ms", 250L, "lru.timeout", "1s")))
                .getMessage());
    }

    // Broke as: each backend held its own name and granule rules and the core none, so a backend
    // with a granule of 1000 bytes or a name with a space registered and served.
    @Test
    void aCacheBreakingTheNameOrGranuleRuleIsRefused() {
        FsCacheComponent component = new FsCacheComponent(Map.of());
        try {
            CacheBackend odd = (CacheBackend) Proxy.newProxyInstance(CacheBackend.class.getClassLoader(),
                    new Class<?>[] {CacheBackend.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "name" -> "two words";
                        case "granuleSize" -> 4096;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            assertEquals("cache 'two words' refused: cache name must be printable ASCII without spaces, not \"two words\"",
                    assertThrows(IllegalArgumentException.class, () -> component.addCache(odd)).getMessage());
            component.bindCache(odd, Map.of());
            assertTrue(component.caches().isEmpty());
        } finally {
            component.deactivate();
        }
    }
}
