package io.fscache.backend.tiered;

import io.fscache.api.ReadExtent;
import io.fscache.spi.CacheObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A tiered object's part in one tier. Released exactly once: by the tiered object's close or
 * discard, or by the tier's withdrawal, whichever comes first. An object whose state change
 * (commit, resize) failed is no longer trusted: it is not used again and is discarded, not kept.
 */
final class TierObject {

    final Tier tier;
    private final CacheObject object;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean trusted = true;

    TierObject(Tier tier, CacheObject object) {
        this.tier = tier;
        this.object = object;
        tier.track(this);
    }

    CacheObject object() {
        return object;
    }

    boolean usable() {
        return trusted && !released.get();
    }

    void distrust() {
        trusted = false;
    }

    /** The tier's answer, or {@code null} if the tier cannot answer (gone, failed or untrusted). */
    ReadExtent prepareRead(long position, long length) {
        if (!usable()) {
            return null;
        }
        try {
            return tier.call(() -> object.prepareRead(position, length));
        } catch (IOException e) {
            return null;
        }
    }

    CompletableFuture<Integer> read(long position, ByteBuffer dst) {
        return tier.callAsync(() -> object.read(position, dst));
    }

    CompletableFuture<Boolean> write(long position, ByteBuffer src) {
        return tier.callAsync(() -> object.write(position, src));
    }

    CompletableFuture<Boolean> write(long position, ByteBuffer[] srcs) {
        return tier.callAsync(() -> object.write(position, srcs));
    }

    /** Closes (or, when not trusted or {@code discard}, discards) the object unless already released. */
    void release(boolean discard) {
        if (!tier.enterForRelease()) {
            return; // the tier's withdrawal releases it
        }
        try {
            if (released.compareAndSet(false, true)) {
                tier.untrack(this);
                finish(discard || !trusted);
            }
        } finally {
            tier.exitRelease();
        }
    }

    /** Called by the tier's withdrawal once its calls have drained: the content stays in the tier. */
    void releaseAtWithdrawal() {
        if (released.compareAndSet(false, true)) {
            finish(!trusted);
        }
    }

    private void finish(boolean discard) {
        try {
            if (discard) {
                object.discard();
            } else {
                object.close();
            }
        } catch (RuntimeException e) {
            // The object is gone either way; its tier reports its own failures.
        }
    }
}
