package io.fscache.backend.cachefiles;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Culls inside the service, where cachefilesd had to ask the kernel file by file (seed 003, point
 * 3): when {@link Space} says space or object slots are short, the least recently used closed
 * objects of the {@link RecencyIndex} go, until there is enough again. When every object left is
 * open, it asks the core to close the ones nobody uses (kept open only by the core's cookie LRU)
 * and culls those: an idle object never holds space a new file needs. Runs on its own thread,
 * woken by writers under pressure and at least every second, on demand through {@link #cullNow},
 * and on a writer's thread through {@link #makeRoom}.
 */
final class Culler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Culler.class.getName());
    private static final int BATCH = 32;

    private final Space space;
    private final RecencyIndex index;
    private final Predicate<RecencyIndex.Entry> evict;
    private final ReentrantLock passLock = new ReentrantLock();
    private final BooleanSupplier closeIdle;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final Thread thread;
    private boolean woken;
    private volatile boolean stopped;

    /**
     * @param evict culls one object unless it is open or gone; says whether it culled
     * @param closeIdle closes the least recently used object nobody uses; says whether it closed one
     */
    Culler(String threadName, Space space, RecencyIndex index, Predicate<RecencyIndex.Entry> evict,
            BooleanSupplier closeIdle) {
        this.space = space;
        this.index = index;
        this.evict = evict;
        this.closeIdle = closeIdle;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for a pass soon; cheap enough for every writer under pressure. */
    void wake() {
        if (lock.tryLock()) {
            try {
                woken = true;
                wakeUp.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Culls now on the writer's thread, for a write or creation refused for space, then lets it try
     * again. An I/O pool thread does not wait for a pass already running (the pass may need that
     * pool to close an object); it is refused this time.
     *
     * @return whether a pass ran, so that trying again may succeed
     */
    boolean makeRoom() {
        if (CachefilesCache.isIoThread()) {
            if (!passLock.tryLock()) {
                return false;
            }
            try {
                pass();
                return true;
            } finally {
                passLock.unlock();
            }
        }
        cullNow();
        return true;
    }

    /** Runs a pass now, on the caller's thread, and returns how many objects it culled. */
    int cullNow() {
        passLock.lock();
        try {
            return pass();
        } finally {
            passLock.unlock();
        }
    }

    private int pass() {
        Space.Levels levels = space.sample();
        int culled = 0;
        if (!space.needsCulling(levels)) {
            return 0;
        }
        while (!space.culledEnough(levels) && !stopped) {
            List<RecencyIndex.Entry> victims = index.oldestClosed(BATCH);
            int before = culled;
            for (RecencyIndex.Entry victim : victims) {
                if (evict.test(victim)) {
                    culled++;
                    levels = space.sample();
                    if (space.culledEnough(levels)) {
                        break;
                    }
                }
            }
            if (culled == before) {
                if (!closeIdle.getAsBoolean()) {
                    break; // everything left is in use, or could not be culled: try again next pass
                }
                levels = space.sample();
            }
        }
        return culled;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (!stopped) {
            lock.lock();
            try {
                if (!woken) {
                    wakeUp.await(1, TimeUnit.SECONDS);
                }
                woken = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                cullNow();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Culling failed; trying again in a second", e);
            }
        }
    }
}
