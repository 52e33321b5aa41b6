package io.fscache.backend.tiered;

import io.fscache.spi.BackendVolume;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** A tiered volume's part in one tier; released once, like {@link TierObject}. */
final class TierVolume {

    final Tier tier;
    private final BackendVolume volume;
    private final AtomicBoolean released = new AtomicBoolean();

    TierVolume(Tier tier, BackendVolume volume) {
        this.tier = tier;
        this.volume = volume;
        tier.track(this);
    }

    Optional<TierObject> lookup(byte[] key, byte[] aux, long size) throws IOException {
        return tier.call(() -> volume.lookupObject(key, aux, size)).map(o -> new TierObject(tier, o));
    }

    TierObject create(byte[] key, byte[] aux, long size) throws IOException {
        return new TierObject(tier, tier.call(() -> volume.createObject(key, aux, size)));
    }

    /** Drops whatever this tier holds for the key: its copy is not coherent with the tier below. */
    void discardCopy(byte[] key, byte[] aux, long size) throws IOException {
        lookup(key, aux, size).ifPresent(stale -> stale.release(true));
    }

    void release(boolean discard) {
        if (!tier.enterForRelease()) {
            return;
        }
        try {
            if (released.compareAndSet(false, true)) {
                tier.untrack(this);
                finish(discard);
            }
        } finally {
            tier.exitRelease();
        }
    }

    void releaseAtWithdrawal() {
        if (released.compareAndSet(false, true)) {
            finish(false);
        }
    }

    private void finish(boolean discard) {
        try {
            if (discard) {
                volume.discard();
            } else {
                volume.close();
            }
        } catch (RuntimeException e) {
            // Released either way; the tier reports its own failures.
        }
    }
}
