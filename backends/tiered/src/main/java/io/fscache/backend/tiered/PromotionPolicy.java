package io.fscache.backend.tiered;

import java.time.Duration;

/**
 * When a granule read from a lower tier is copied to the tiers above it: after {@code hits} reads
 * served by lower tiers within {@code window} (counted per object and granule). {@code hits = 1}
 * promotes on the first hit and ignores the window.
 *
 * @param hits reads from a lower tier that trigger a promotion, at least 1
 * @param window how long hits are counted together; positive
 */
public record PromotionPolicy(int hits, Duration window) {

    /** Promote on the first lower-tier hit (the default). */
    public static final PromotionPolicy ON_FIRST_HIT = new PromotionPolicy(1, Duration.ofMinutes(1));

    /** Validates the policy. */
    public PromotionPolicy {
        if (hits < 1) {
            throw new IllegalArgumentException("promotion needs at least 1 hit, not " + hits);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("promotion window must be positive, not " + window);
        }
    }
}
