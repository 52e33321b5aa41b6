package io.fscache.backend.tiered.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fscache.backend.tiered.PromotionPolicy;
import java.time.Duration;
import java.util.List;
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
    void defaultsPromoteOnTheFirstHitWithinAMinute() {
        assertEquals(new PromotionPolicy(1, Duration.ofMinutes(1)), TieredCacheComponent.policy(1, 60000));
        assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.policy(0, 60000));
        assertThrows(IllegalArgumentException.class, () -> TieredCacheComponent.policy(2, 0));
    }
}
