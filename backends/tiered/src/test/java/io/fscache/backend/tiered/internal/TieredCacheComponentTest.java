package io.fscache.backend.tiered.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fscache.backend.tiered.PromotionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The configuration side of the component, without a framework: DS would pass the same values. */
class TieredCacheComponentTest {

    @Test
    void tiersAreTrimmedAndKeepTheirOrder() {
        assertEquals(List.of("ram", "disk", "archive"), TieredCacheComponent.tierNames("tiered", " ram, disk ,archive"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "ram", "ram,", "ram,ram", "ram,tiered", " , "})
    void badTierListsFailActivation(String tiers) {
        assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.tierNames("tiered", tiers));
    }

    @Test
    void aKeyNoBackendKnowsIsRefusedNamingTheNearestKey() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> TieredCacheComponent.check(Map.of("tier", "ram,disk", "service.pid", "x")));
        assertEquals("io.fscache.backend.tiered: unknown property 'tier'; did you mean 'tiers'?", error.getMessage());
        assertEquals(List.of("ram", "disk"), TieredCacheComponent.check(Map.of("name", "t", "tiers", "ram,disk",
                "promote.after.hits", 2, "promote.window", "1s", "component.id", 4L, "felix.fileinstall.filename", "file:/x.cfg")));
    }

    @Test
    void theOldWindowKeyInMillisecondsIsReadAsTheNewDuration() {
        TieredCacheConfiguration config = TieredCacheComponent.configuration(Map.of("tiers", "ram,disk", "promote.window.ms", 1500L));
        assertEquals("1500ms", config.promote_window());
        assertEquals(Duration.ofMillis(1500), TieredCacheComponent.policy(1, config.promote_window()).window());
    }

    // Broke as (a fresh user's try): "-o priority=high" passed the check and failed the activation;
    // no tiers at all was told 'not "null"'.
    @Test
    void aBadPriorityOrNoTiersIsRefusedByTheCheck() {
        assertEquals("priority must be a whole number, not \"high\"", assertThrows(IllegalArgumentException.class,
                () -> TieredCacheComponent.check(Map.of("tiers", "ram,disk", "priority", "high"))).getMessage());
        assertEquals("tiers must be set: at least two caches, highest first (tiers=memory,disk)",
                assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.check(Map.of("name", "t"))).getMessage());
    }

    @Test
    void aBadNameIsRefusedBeforeAnythingIsBuilt() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> TieredCacheComponent.check(Map.of("name", "two words", "tiers", "ram,disk")));
        assertEquals("cache name must be printable ASCII without spaces, not \"two words\"", error.getMessage());
    }

    @Test
    void aSizeIsRefusedSayingTheTiersHaveIt() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> TieredCacheComponent.check(Map.of("tiers", "ram,disk", "size", "1g")));
        assertEquals("io.fscache.backend.tiered: a tiered cache has no size of its own; size each of its tiers",
                error.getMessage());
    }

    @Test
    void defaultsPromoteOnTheFirstHitWithinAMinute() {
        assertEquals(new PromotionPolicy(1, Duration.ofMinutes(1)),
                TieredCacheComponent.policy(1, TieredCacheComponent.configuration(Map.of()).promote_window()));
        assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.policy(0, "60s"));
        assertEquals("promote.window must be positive, not 0ms",
                assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.policy(2, "0ms")).getMessage());
        assertEquals("promote.window must be a duration such as 10s or 500ms (a bare number is seconds), not \"soon\"",
                assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.policy(2, "soon")).getMessage());
    }
}
