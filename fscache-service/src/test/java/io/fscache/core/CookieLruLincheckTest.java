package io.fscache.core;

import io.fscache.backend.memory.MemoryCache;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Model-checks {@link CookieLru}, the real class with real cookies, from several threads.
 *
 * <p>Sequential specification ({@link Spec}): the LRU is a list in order of parking. {@code add}
 * parks a cookie at the tail, taking it off first if it was parked, with expiry {@code now} plus the
 * timeout; {@code remove} takes it off and says whether it was on; {@code pollOldest} takes the head,
 * {@code pollOldestIn(cache)} the first cookie parked for that cache; {@code pollExpired(now)} takes
 * cookies from the head while their expiry is not after {@code now} (the list is in parking order, so
 * a cookie parked later with an earlier expiry waits for those before it). {@code size} is the LRU
 * counter of the core's statistics, which must match the list. Cookies and caches are numbered;
 * -1 stands for none.
 */
@Param(name = "cookie", gen = IntGen.class, conf = "0:2")
@Param(name = "cache", gen = IntGen.class, conf = "0:1")
@Param(name = "now", gen = IntGen.class, conf = "0:4")
public class CookieLruLincheckTest {

    private static final long TIMEOUT = 2;
    private static final List<RegisteredCache> CACHES = List.of(registered("a", 1), registered("b", 2));

    private final Stats stats = new Stats();
    private final CookieLru lru = new CookieLru(TIMEOUT, stats);
    private final List<CookieImpl> cookies = List.of(cookie(0), cookie(1), cookie(2));

    @Operation
    public void add(@Param(name = "cookie") int cookie, @Param(name = "cache") int cache, @Param(name = "now") int now) {
        lru.add(cookies.get(cookie), CACHES.get(cache), now);
    }

    @Operation
    public boolean remove(@Param(name = "cookie") int cookie) {
        return lru.remove(cookies.get(cookie));
    }

    @Operation
    public long pollOldest() {
        return id(lru.pollOldest());
    }

    @Operation
    public long pollOldestIn(@Param(name = "cache") int cache) {
        return id(lru.pollOldest(CACHES.get(cache)));
    }

    @Operation
    public List<Long> pollExpired(@Param(name = "now") int now) {
        return lru.pollExpired(now).stream().map(CookieImpl::debugId).toList();
    }

    @Operation
    public int size() {
        return stats.lruCookies.get();
    }

    @Test
    void modelCheck() {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(20)
                .invocationsPerIteration(300)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(2)
                .actorsAfter(1)
                .check(getClass());
    }

    private static CookieImpl cookie(long id) {
        // Only the LRU links are used here: no service, volume or key.
        return new CookieImpl(null, null, null, new byte[0], 0, id);
    }

    private static RegisteredCache registered(String name, int id) {
        return new RegisteredCache(new MemoryCache(name, 1 << 20, 4096), 0, id, 1);
    }

    private static long id(CookieImpl cookie) {
        return cookie == null ? -1 : cookie.debugId();
    }

    /** The sequential specification: cookie number to (cache number, expiry), in parking order. */
    public static final class Spec {
        private final LinkedHashMap<Integer, long[]> parked = new LinkedHashMap<>();

        public void add(int cookie, int cache, int now) {
            parked.remove(cookie);
            parked.put(cookie, new long[] {cache, now + TIMEOUT});
        }

        public boolean remove(int cookie) {
            return parked.remove(cookie) != null;
        }

        public long pollOldest() {
            Iterator<Integer> head = parked.keySet().iterator();
            if (!head.hasNext()) {
                return -1;
            }
            int cookie = head.next();
            head.remove();
            return cookie;
        }

        public long pollOldestIn(int cache) {
            for (Iterator<Map.Entry<Integer, long[]>> it = parked.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, long[]> entry = it.next();
                if (entry.getValue()[0] == cache) {
                    it.remove();
                    return entry.getKey();
                }
            }
            return -1;
        }

        public List<Long> pollExpired(int now) {
            List<Long> expired = new ArrayList<>();
            for (Iterator<Map.Entry<Integer, long[]>> it = parked.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, long[]> entry = it.next();
                if (entry.getValue()[1] > now) {
                    break;
                }
                it.remove();
                expired.add((long) entry.getKey());
            }
            return expired;
        }

        public int size() {
            return parked.size();
        }
    }
}
