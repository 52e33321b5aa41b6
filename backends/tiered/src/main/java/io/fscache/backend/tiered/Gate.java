package io.fscache.backend.tiered;

/**
 * Counts calls in flight on something that can be shut, so shutting it can wait for them: once
 * {@link #closeAndDrain()} returns, no call is running and none will start.
 */
final class Gate {

    private int inFlight;
    private boolean closed;

    /** Starts a call; {@code false} if the gate is shut (the caller then must not proceed). */
    synchronized boolean enter() {
        if (closed) {
            return false;
        }
        inFlight++;
        return true;
    }

    /** Ends a call that {@link #enter()} admitted. */
    synchronized void exit() {
        if (--inFlight == 0 && closed) {
            notifyAll();
        }
    }

    /** Shuts the gate and waits until every admitted call has exited. Idempotent. */
    synchronized void closeAndDrain() {
        closed = true;
        boolean interrupted = false;
        while (inFlight > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                // Draining must finish, or a tier could be withdrawn under running I/O.
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
