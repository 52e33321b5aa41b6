package io.fscache.backend.tiered;

import io.fscache.spi.CacheBackend;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One live tier: a backend at a rank (0 is the highest). Every call into the backend goes through
 * the tier's {@link Gate}, so {@link #withdraw()} can wait for calls in flight and then close the
 * objects and volumes the tiered cache holds in it, before the backend's owner withdraws it (the
 * backend SPI requires everything closed by then). A tier that comes back is a new {@code Tier}.
 */
final class Tier {

    /** A synchronous call into the backend. */
    interface Call<T> {
        T run() throws IOException;
    }

    final int rank;
    final CacheBackend backend;
    final TierStats stats;
    private final Gate gate = new Gate();
    private final Set<TierObject> objects = ConcurrentHashMap.newKeySet();
    private final Set<TierVolume> volumes = ConcurrentHashMap.newKeySet();

    Tier(int rank, CacheBackend backend, TierStats stats) {
        this.rank = rank;
        this.backend = backend;
        this.stats = stats;
    }

    String name() {
        return backend.name();
    }

    /** Runs a call unless the tier is gone; unchecked failures of a backend count as I/O failures. */
    <T> T call(Call<T> call) throws IOException {
        if (!gate.enter()) {
            throw new TierGoneException(this);
        }
        try {
            return call.run();
        } catch (RuntimeException e) {
            throw new IOException("tier " + name() + " failed", e);
        } finally {
            gate.exit();
        }
    }

    /** Starts an asynchronous call; the tier counts it in flight until its stage completes. */
    <T> CompletableFuture<T> callAsync(Supplier<CompletionStage<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!gate.enter()) {
            result.completeExceptionally(new TierGoneException(this));
            return result;
        }
        CompletionStage<T> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            gate.exit();
            result.completeExceptionally(new IOException("tier " + name() + " failed", e));
            return result;
        }
        stage.whenComplete((value, failure) -> {
            gate.exit();
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    /** Runs a release (close or discard) unless the tier is gone, in which case {@link #withdraw()} did it. */
    boolean enterForRelease() {
        return gate.enter();
    }

    void exitRelease() {
        gate.exit();
    }

    void track(TierObject object) {
        objects.add(object);
    }

    void untrack(TierObject object) {
        objects.remove(object);
    }

    void track(TierVolume volume) {
        volumes.add(volume);
    }

    void untrack(TierVolume volume) {
        volumes.remove(volume);
    }

    /** Stops new calls, waits for those in flight, then closes what the tiered cache still holds here. */
    void withdraw() {
        gate.closeAndDrain();
        objects.forEach(TierObject::releaseAtWithdrawal);
        objects.clear();
        volumes.forEach(TierVolume::releaseAtWithdrawal);
        volumes.clear();
    }
}
