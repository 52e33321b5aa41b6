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
                () -> TieredCacheComponent.checkKeys(Map.of("tier", "ram,disk", "service.pid", "x")));
        assertEquals("io.fscache.backend.tiered: unknown property 'tier'; did you mean 'tiers'?", error.getMessage());
        TieredCacheComponent.checkKeys(Map.of("name", "t", "tiers", "ram,disk", "promote.after.hits", 2,
                "promote.window.ms", 1000L, "component.id", 4L, "felix.fileinstall.filename", "file:/x.cfg"));
    }

    @Test
    void aSizeIsRefusedSayingTheTiersHaveIt() {
        var error = assertThrows(IllegalArgumentException.class,
                () -> TieredCacheComponent.checkKeys(Map.of("tiers", "ram,disk", "size", "1g")));
        assertEquals("io.fscache.backend.tiered: a tiered cache has no size of its own; size each of its tiers",
                error.getMessage());
    }

    @Test
    void defaultsPromoteOnTheFirstHitWithinAMinute() {
        assertEquals(new PromotionPolicy(1, Duration.ofMinutes(1)), TieredCacheComponent.policy(1, 60000));
        assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.policy(0, 60000));
        assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.policy(2, 0));
    }
}
