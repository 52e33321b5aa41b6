package io.fscache.backend.tiered;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import io.fscache.spi.CacheProperties;
import io.fscache.spi.IdleObjects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cache made of other caches, its <em>tiers</em>, highest (fastest) first, for example memory
 * over cachefiles. The lowest live tier is the durable one: it decides whether an object exists
 * (coherency), its capacity and usage are the tiered cache's, and a write succeeds when it stored
 * the data. Upper tiers hold copies: written after the durable tier accepted the data, and filled by
 * promotion when a read is served from below (see {@link PromotionPolicy}).
 *
 * <p>Tiers come and go at runtime: {@link #tierWithdrawn} takes a tier out (waiting for calls in
 * flight on it and closing what this cache holds in it, so its owner may then withdraw it) and the
 * cache goes on serving from the others; {@link #tierAdded} brings a configured tier (back) in for
 * objects looked up from then on. In OSGi the component in {@code ...internal} feeds both from the
 * tiers' service registrations. The tiered cache never withdraws its tiers: their owners do.
 *
 * <p>Thread-safe. All tiers must have the same granule size.
 */
public final class TieredCache implements CacheBackend {

    private final String name;
    private final PromotionPolicy policy;
    private final List<String> tierNames;
    private final int granuleSize;
    private final Map<String, TierStats> stats = new LinkedHashMap<>();
    private final Promoter promoter;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder promotions = new LongAdder();
    /** The core's idle objects of this cache, once bound. Guarded by this. */
    private IdleObjects idle;
    private volatile List<Tier> live;
    private volatile boolean withdrawn;

    /**
     * Creates a tiered cache over live tiers.
     *
     * @param name the cache's name ({@link CacheProperties#checkName}), none of the tiers' names
     * @param policy when lower-tier hits are promoted
     * @param tiers at least two caches with distinct names and one granule size, highest first;
     *        their order fixes each name's rank for {@link #tierAdded}
     */
    public TieredCache(String name, PromotionPolicy policy, List<? extends CacheBackend> tiers) {
        CacheProperties.checkName(name);
        if (policy == null) {
            throw new IllegalArgumentException("promotion policy is null");
        }
        if (tiers == null || tiers.size() < 2) {
            throw new IllegalArgumentException("a tiered cache needs at least two tiers");
        }
        this.name = name;
        this.policy = policy;
        this.tierNames = tiers.stream().map(CacheBackend::name).toList();
        if (new HashSet<>(tierNames).size() != tierNames.size() || tierNames.contains(name)) {
            throw new IllegalArgumentException("tier names must be distinct and differ from the cache's: " + tierNames);
        }
        this.granuleSize = tiers.get(0).granuleSize();
        List<Tier> initial = new ArrayList<>();
        for (CacheBackend backend : tiers) {
            checkGranule(backend);
            stats.put(backend.name(), new TierStats());
            initial.add(new Tier(initial.size(), backend, stats.get(backend.name())));
        }
        this.live = List.copyOf(initial);
        this.promoter = new Promoter(name);
    }

    /**
     * Brings a configured tier (back) into service, replacing a live tier of the same name (which
     * is withdrawn from this cache first). Objects looked up or created from now on use it.
     *
     * @throws IllegalArgumentException if the name is not one of the tiers or the granule size differs
     */
    public void tierAdded(CacheBackend backend) {
        int rank = tierNames.indexOf(backend.name());
        if (rank < 0) {
            throw new IllegalArgumentException("\"" + backend.name() + "\" is not a tier of " + name + ": " + tierNames);
        }
        checkGranule(backend);
        Tier replaced;
        IdleObjects bound;
        synchronized (this) {
            if (withdrawn || live.stream().anyMatch(t -> t.backend == backend)) {
                return;
            }
            List<Tier> next = new ArrayList<>(live);
            replaced = next.stream().filter(t -> t.rank == rank).findFirst().orElse(null);
            next.remove(replaced);
            next.add(new Tier(rank, backend, stats.get(backend.name())));
            next.sort(Comparator.comparingInt(t -> t.rank));
            live = List.copyOf(next);
            bound = idle;
        }
        if (bound != null) {
            backend.bindIdleObjects(bound);
        }
        if (replaced != null) {
            replaced.withdraw();
        }
    }

    /**
     * Takes a tier out of service: no new call reaches it, this method waits for calls in flight
     * and closes the objects and volumes this cache holds in it, so the caller may then withdraw
     * the backend. Reads go on from the remaining tiers. Unknown backends are ignored.
     */
    public void tierWithdrawn(CacheBackend backend) {
        Tier gone;
        synchronized (this) {
            gone = live.stream().filter(t -> t.backend == backend).findFirst().orElse(null);
            if (gone == null) {
                return;
            }
            List<Tier> next = new ArrayList<>(live);
            next.remove(gone);
            live = List.copyOf(next);
        }
        gone.withdraw();
    }

    /** A tier withdrawn at runtime by an operator leaves service until it is restored. */
    @Override
    public void peerWithdrawn(CacheBackend other) {
        tierWithdrawn(other);
    }

    /** A tier restored after a runtime withdrawal comes back into service; other caches are ignored. */
    @Override
    public void peerRestored(CacheBackend other) {
        if (tierNames.contains(other.name())) {
            tierAdded(other);
        }
    }

    /**
     * The core's idle objects of this cache hold objects open in the tiers: every tier is handed
     * them too, so that a tier short of space can have them closed and cull what they held.
     */
    @Override
    public void bindIdleObjects(IdleObjects idle) {
        List<Tier> tiers;
        synchronized (this) {
            this.idle = idle;
            tiers = live;
        }
        for (Tier tier : tiers) {
            tier.backend.bindIdleObjects(idle);
        }
    }

    /** The tiers in service now, highest first. */
    List<Tier> liveTiers() {
        return live;
    }

    PromotionPolicy policy() {
        return policy;
    }

    Promoter promoter() {
        return promoter;
    }

    void countHits(long granules) {
        hits.add(granules);
    }

    void countMisses(long granules) {
        misses.add(granules);
    }

    void countPromotion() {
        promotions.increment();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int granuleSize() {
        return granuleSize;
    }

    /** The durable (lowest live) tier's capacity; {@code -1} while no tier is live. */
    @Override
    public long capacity() {
        Tier durable = durable();
        return durable == null ? -1 : durable.backend.capacity();
    }

    /** The durable tier's usage: upper tiers hold copies of (a subset of) its data. */
    @Override
    public long usage() {
        Tier durable = durable();
        return durable == null ? 0 : durable.backend.usage();
    }

    private Tier durable() {
        List<Tier> tiers = live;
        return tiers.isEmpty() ? null : tiers.get(tiers.size() - 1);
    }

    @Override
    public BackendVolume openVolume(String volumeKey, byte[] coherency) throws IOException {
        if (withdrawn) {
            throw new IOException("tiered cache " + name + " has been withdrawn");
        }
        return new TieredVolume(this, volumeKey, coherency);
    }

    /**
     * {@code hits}, {@code misses}, {@code promotions}, {@code promotionsDropped} and {@code bytes}
     * for the whole cache, and {@code <tier>.hits}, {@code <tier>.misses}, {@code <tier>.promotions}
     * (granules copied into the tier) and {@code <tier>.bytes} (its usage, 0 while it is out) per tier.
     */
    @Override
    public Map<String, Long> counters() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("hits", hits.sum());
        counters.put("misses", misses.sum());
        counters.put("promotions", promotions.sum());
        counters.put("promotionsDropped", promoter.dropped.sum());
        counters.put("bytes", usage());
        List<Tier> tiers = live;
        stats.forEach((tier, s) -> {
            counters.put(tier + ".hits", s.hits.sum());
            counters.put(tier + ".misses", s.misses.sum());
            counters.put(tier + ".promotions", s.promotions.sum());
            counters.put(tier + ".bytes", tiers.stream().filter(t -> t.name().equals(tier))
                    .mapToLong(t -> Math.max(0, t.backend.usage())).sum());
        });
        return counters;
    }

    /** Stops promotions and lets go of the tiers (without withdrawing them: their owners do). Idempotent. */
    @Override
    public void withdraw() {
        List<Tier> tiers;
        synchronized (this) {
            withdrawn = true;
            tiers = live;
            live = List.of();
        }
        promoter.shutdown();
        tiers.forEach(Tier::withdraw);
    }

    private void checkGranule(CacheBackend backend) {
        if (backend.granuleSize() != granuleSize) {
            throw new IllegalArgumentException("tier " + backend.name() + " has granule " + backend.granuleSize()
                    + ", the tiered cache " + granuleSize);
        }
    }

    @Override
    public String toString() {
        return "TieredCache[" + name + ", tiers " + tierNames + ", live " + live.stream().map(Tier::name).toList() + "]";
    }
}
