package io.fscache.benchmarks.netfs;

import io.fscache.core.FsCacheService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What goes wrong around the soak's load, each at random intervals on one scheduler thread: a file
 * rewritten straight in the export (behind both servers' backs, every 0.1 to 1 s), a cache withdrawn
 * and restored 3 to 10 s later (every 15 to 45 s), and a server stopped and started again (every 60
 * to 150 s). Each event is printed.
 */
final class SoakChaos {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "soak-chaos"));
    private final FsCacheService fscache;
    private final List<String> caches;
    private final List<Target> servers;
    private final Path export;
    private final Path state;
    private final SoakFiles files;
    private final SoakTally tally;

    SoakChaos(FsCacheService fscache, List<String> caches, List<Target> servers, Path export, Path state,
            SoakFiles files, SoakTally tally) {
        this.fscache = fscache;
        this.caches = List.copyOf(caches);
        this.servers = List.copyOf(servers);
        this.export = export;
        this.state = state;
        this.files = files;
        this.tally = tally;
    }

    void start() {
        later(this::changeBehindTheBack, 100, 1_000);
        later(this::withdrawACache, 15_000, 45_000);
        later(this::restartAServer, 60_000, 150_000);
    }

    /** Stops scheduling; returns once the event in progress (a restart, say) has finished. */
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.MINUTES);
    }

    private void changeBehindTheBack() {
        try {
            if (files.rewrite(ThreadLocalRandom.current().nextInt(files.count()), export, ".c")) {
                tally.changes.increment();
            }
        } catch (IOException | RuntimeException e) {
            tally.error("change", e);
        }
        later(this::changeBehindTheBack, 100, 1_000);
    }

    private void withdrawACache() {
        String cache = caches.get(ThreadLocalRandom.current().nextInt(caches.size()));
        try {
            log("withdrawing cache " + cache);
            fscache.withdraw(cache);
            tally.withdrawals.increment();
            scheduler.schedule(() -> restore(cache), ThreadLocalRandom.current().nextLong(3_000, 10_000),
                    TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            tally.error("withdraw", e);
            later(this::withdrawACache, 15_000, 45_000);
        }
    }

    private void restore(String cache) {
        try {
            fscache.restore(cache);
            log("restored cache " + cache);
        } catch (RuntimeException e) {
            tally.error("restore", e);
        }
        later(this::withdrawACache, 15_000, 45_000);
    }

    private void restartAServer() {
        Target server = servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
        try {
            log("restarting " + server.name());
            server.close();
            server.start(export, state.resolve(server.toolName()));
            tally.restarts.increment();
            log(server.name() + " is back");
        } catch (IOException | RuntimeException e) {
            tally.error("restart", e);
        }
        later(this::restartAServer, 60_000, 150_000);
    }

    private void later(Runnable event, long fromMillis, long toMillis) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(event, ThreadLocalRandom.current().nextLong(fromMillis, toMillis), TimeUnit.MILLISECONDS);
        }
    }

    static void log(String line) {
        System.out.println("[soak " + java.time.LocalTime.now().withNano(0) + "] " + line);
    }
}
