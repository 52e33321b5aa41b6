package io.fscache.smb.smbj;

import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.connection.SequenceWindow;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The SMB2 credits of one connection, as READ and WRITE requests spend them. A request of N bytes costs
 * ceil(N / 64 KiB) credits; the server grants credits back in its responses. smbj keeps the balance in
 * its {@link SequenceWindow} and, when a request finds too few, shortens it to the credits left or
 * blocks the sending thread until responses return some (its "no credits left" warning). So a data
 * request is only handed to smbj when the balance covers its whole charge plus {@value #RESERVE}
 * credits kept for the metadata requests smbj sends on its own (open, stat, close, listings); others
 * wait here, without a thread, and go when responses bring credits back. A request that waits while
 * none of ours are in flight is shortened to the credits there are, so it always makes progress.
 *
 * <p>One per smbj connection, shared by every session and file on it. Thread-safe; never holds its
 * lock while sending. smbj does not publish its balance: it is read from the connection's sequence
 * window field.
 */
public final class SmbCredits {

    /** Credits left for the metadata requests that may be sent while data requests are in flight. */
    public static final int RESERVE = 8;
    /** The bytes one credit covers in a multi-credit READ or WRITE. */
    public static final int CREDIT_PAYLOAD = 65536;
    private static final Field SEQUENCE_WINDOW = sequenceWindowField();

    private final SequenceWindow window;
    private final Executor completer;
    private final Deque<Waiter> waiting = new ArrayDeque<>();
    /** Credits granted to requests that smbj has not yet charged. */
    private int granted;
    /** Our requests sent and not yet answered. */
    private int inFlight;
    private boolean dispatching;
    private boolean again;
    private volatile boolean starved;

    private record Waiter(int wanted, CompletableFuture<Integer> credits) {
    }

    SmbCredits(Connection connection, Executor completer) {
        this.window = windowOf(connection);
        this.completer = completer;
    }

    /** The credits the server has granted this connection that no request holds. */
    public int balance() {
        return window.available();
    }

    /** The credits a request of {@code bytes} costs. */
    public static int charge(int bytes) {
        return Math.max(1, (bytes + CREDIT_PAYLOAD - 1) / CREDIT_PAYLOAD);
    }

    /**
     * Credits for one request that wants {@code wanted}: completes with {@code wanted}, or with fewer
     * (at least one) when none of our requests are in flight to bring more back. The caller then sends
     * and calls {@link #sent}, or {@link #unused} if it did not send.
     */
    public CompletableFuture<Integer> acquire(int wanted) {
        Waiter waiter = new Waiter(wanted, new CompletableFuture<>());
        synchronized (this) {
            waiting.addLast(waiter);
            starved = true;
        }
        waiter.credits.whenComplete((credits, failure) -> {
            if (failure != null) {
                synchronized (this) {
                    waiting.remove(waiter);
                }
            }
        });
        dispatch();
        return waiter.credits;
    }

    /** smbj has charged the {@code credits} a request was given; its response will be {@link #answered}. */
    public void sent(int credits) {
        synchronized (this) {
            granted -= credits;
            inFlight++;
        }
        dispatch();
    }

    /** Credits given to a request that was not sent after all. */
    public void unused(int credits) {
        synchronized (this) {
            granted -= credits;
        }
        dispatch();
    }

    /** The response to a request {@link #sent} arrived (or it failed): its credits may be back. */
    public void answered() {
        synchronized (this) {
            inFlight--;
        }
        dispatch();
    }

    /** A packet arrived on the connection (on smbj's reader thread): waiting requests may go now. */
    void packetArrived() {
        if (starved) {
            try {
                completer.execute(this::dispatch);
            } catch (RejectedExecutionException e) {
                // The filesystem is closing; its close fails what is still waiting.
            }
        }
    }

    /** The connection is gone: waiting requests fail with {@code failure}. */
    void fail(Throwable failure) {
        List<Waiter> failed;
        synchronized (this) {
            failed = new ArrayList<>(waiting);
            waiting.clear();
            starved = false;
        }
        failed.forEach(waiter -> waiter.credits.completeExceptionally(failure));
    }

    /**
     * Gives credits to waiting requests in order while the balance covers them. Completing a waiter
     * sends its request, which calls back here: that call only asks the running loop to look again.
     */
    private void dispatch() {
        synchronized (this) {
            if (dispatching) {
                again = true;
                return;
            }
            dispatching = true;
        }
        while (true) {
            List<Waiter> ready = new ArrayList<>();
            List<Integer> grants = new ArrayList<>();
            synchronized (this) {
                int balance = window.available() - granted;
                Waiter head;
                while ((head = waiting.peekFirst()) != null) {
                    int credits;
                    if (balance - RESERVE >= head.wanted) {
                        credits = head.wanted;
                    } else if (inFlight == 0 && granted == 0 && balance >= 1) {
                        credits = Math.max(1, Math.min(head.wanted, balance - RESERVE));
                    } else {
                        break;
                    }
                    waiting.removeFirst();
                    balance -= credits;
                    granted += credits;
                    ready.add(head);
                    grants.add(credits);
                }
                starved = !waiting.isEmpty();
                if (ready.isEmpty() && !again) {
                    dispatching = false;
                    return;
                }
                again = false;
            }
            for (int i = 0; i < ready.size(); i++) {
                if (!ready.get(i).credits.complete(grants.get(i))) {
                    synchronized (this) {
                        granted -= grants.get(i);
                    }
                }
            }
        }
    }

    private static SequenceWindow windowOf(Connection connection) {
        try {
            return (SequenceWindow) SEQUENCE_WINDOW.get(connection);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read smbj's credit balance (Connection.sequenceWindow)", e);
        }
    }

    private static Field sequenceWindowField() {
        try {
            Field field = Connection.class.getDeclaredField("sequenceWindow");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new IllegalStateException("this smbj has no Connection.sequenceWindow: the SMB client needs "
                    + "smbj 0.14's credit balance", e);
        }
    }
}
