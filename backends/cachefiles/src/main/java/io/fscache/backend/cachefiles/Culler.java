package io.fscache.backend.cachefiles;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Culls inside the service, where cachefilesd had to ask the kernel file by file (seed 003, point
 * 3): when {@link Space} says space or object slots are short, the least recently used closed
 * objects of the {@link RecencyIndex} go, until there is enough again. Runs on its own thread,
 * woken by writers under pressure and at least every second, or on demand through {@link #cullNow}.
 */
final class Culler implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Culler.class.getName());
    private static final int BATCH = 32;

    private final Space space;
    private final RecencyIndex index;
    private final Predicate<RecencyIndex.Entry> evict;
    private final Object passLock = new Object();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final Thread thread;
    private boolean woken;
    private volatile boolean stopped;

    /**
     * @param evict culls one object unless it is open or gone; says whether it culled
     */
    Culler(String threadName, Space space, RecencyIndex index, Predicate<RecencyIndex.Entry> evict) {
        this.space = space;
        this.index = index;
        this.evict = evict;
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

    /** Runs a pass now, on the caller's thread, and returns how many objects it culled. */
    int cullNow() {
        synchronized (passLock) {
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
                    break; // everything left is open, or could not be culled: try again next pass
                }
            }
            return culled;
        }
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
