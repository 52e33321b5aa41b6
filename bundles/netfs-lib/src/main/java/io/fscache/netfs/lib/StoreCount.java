package io.fscache.netfs.lib;

/**
 * Copies of fetched bytes to the cache that are under way, counted so that a writer or a closing
 * handle can wait for them to land. Thread-safe; its monitor is a leaf (taken under others, never
 * holding one).
 */
final class StoreCount {

    private int inFlight;

    synchronized void begun() {
        inFlight++;
    }

    synchronized void landed() {
        if (--inFlight == 0) {
            notifyAll();
        }
    }

    /** Waits until every store begun so far has landed; an interrupt is kept for the caller. */
    synchronized void awaitLanded() {
        boolean interrupted = false;
        while (inFlight > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
