package io.fscache.nfs;

import io.fscache.api.Futures;
import io.fscache.nfs.Nfs4Ops.Op;
import io.fscache.nfs.Nfs4Reply.Client;
import io.fscache.nfs.Nfs4Status.StateException;
import io.fscache.nfs.rpc.NotSentException;
import io.fscache.nfs.rpc.Program;
import io.fscache.nfs.rpc.RpcClient;
import io.fscache.nfs.rpc.RpcConnection;
import io.fscache.nfs.rpc.RpcSettings;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * An NFSv4.1 client's state with one server (RFC 8881 §2.4, §2.10): its client id (EXCHANGE_ID),
 * a session (CREATE_SESSION, then RECLAIM_COMPLETE) on one connection, the session's slots, and the
 * lease, renewed by a bare SEQUENCE when nothing else was sent for a third of it. Every COMPOUND
 * begins with SEQUENCE on a slot of the session.
 *
 * <p>Recovery: a lost connection, a lost session (BADSESSION, DEADSESSION, a slot out of order) or
 * a lost client id (STALE_CLIENTID or EXPIRED: the server restarted) makes a new connection and
 * session (and client id) on the next call, and a call that failed for one of those reasons is made
 * once more. Thread-safe.
 */
final class Nfs41Client {

    /** Reads a COMPOUND's results after its SEQUENCE, on the event loop. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(Nfs4Reply reply) throws IOException;
    }

    private record Live(RpcConnection connection, byte[] sessionId, SlotTable slots) {
    }

    private final EventLoopGroup group;
    private final NfsOptions options;
    private final RpcSettings settings;
    private final byte[] verifier = new byte[8];
    private final String owner = "fscache-" + UUID.randomUUID();
    private CompletableFuture<Live> live;
    /** The connection of a session the server lost, still open: the next session is made on it. */
    private RpcConnection spare;
    private Client client;
    private int createSequence;
    private boolean closed;
    private volatile long lastReply = System.nanoTime();
    private ScheduledFuture<?> renewal;

    Nfs41Client(EventLoopGroup group, NfsOptions options, RpcSettings settings) {
        this.group = group;
        this.options = options;
        this.settings = settings;
        new SecureRandom().nextBytes(verifier);
    }

    /** The client id, for the open owners of OPEN (0 before the first EXCHANGE_ID). */
    synchronized long clientId() {
        return client == null ? 0 : client.id();
    }

    /** Renews the lease every third of {@code leaseSeconds} in which nothing was answered. */
    synchronized void renewEvery(long leaseSeconds) {
        long period = TimeUnit.SECONDS.toNanos(Math.max(3, leaseSeconds)) / 3;
        renewal = group.next().scheduleAtFixedRate(() -> {
            if (System.nanoTime() - lastReply >= period) {
                compound("SEQUENCE", "the lease", List.of(), reply -> null);
            }
        }, period, period, TimeUnit.NANOSECONDS);
    }

    /** The live session, connecting and creating one (and a client id) if there is none. */
    private synchronized CompletableFuture<Live> live() {
        if (closed) {
            return CompletableFuture.failedFuture(new IOException("nfs session with " + options.server() + " is closed"));
        }
        CompletableFuture<Live> current = live;
        if (current != null && (!current.isDone() || !current.isCompletedExceptionally() && current.join().connection().isOpen())) {
            return current;
        }
        if (current != null && current.isDone() && !current.isCompletedExceptionally()) {
            settings.counters().reconnected();
        }
        RpcConnection reuse = spare;
        spare = null;
        live = (reuse != null && reuse.isOpen() ? CompletableFuture.completedFuture(reuse)
                : RpcClient.connect(group, options.host(), options.port(), settings)).thenCompose(this::establish);
        return live;
    }

    private CompletableFuture<Live> establish(RpcConnection connection) {
        CompletableFuture<Live> session = createSession(connection, false).handle((made, failure) -> {
            Throwable cause = failure == null ? null : Futures.unwrap(failure);
            if (cause instanceof StateException lost && lost.clientLost()) {
                return createSession(connection, true);
            }
            return failure == null ? CompletableFuture.completedFuture(made) : CompletableFuture.<Live>failedFuture(cause);
        }).thenCompose(f -> f);
        session.whenComplete((made, failure) -> {
            if (failure != null) {
                connection.close();
            }
        });
        return session;
    }

    /** CREATE_SESSION for the client id, getting one first (EXCHANGE_ID, and RECLAIM_COMPLETE after) if needed. */
    private CompletableFuture<Live> createSession(RpcConnection connection, boolean newClient) {
        Client known;
        synchronized (this) {
            known = newClient ? null : client;
        }
        CompletableFuture<Client> id = known != null ? CompletableFuture.completedFuture(known)
                : sole(connection, "EXCHANGE_ID", Nfs4Ops.exchangeId(verifier, owner), Nfs4Reply::exchangeId).thenApply(c -> {
                    synchronized (this) {
                        client = c;
                        createSequence = c.sequence();
                    }
                    return c;
                });
        return id.thenCompose(c -> {
            int sequence;
            synchronized (this) {
                sequence = createSequence++;
            }
            int maxIo = Math.max(options.rsize(), options.wsize());
            return sole(connection, "CREATE_SESSION", Nfs4Ops.createSession(c.id(), sequence, maxIo,
                    Math.min(64, options.pipeline())), Nfs4Reply::createSession);
        }).thenCompose(session -> {
            Live made = new Live(connection, session.id(), new SlotTable(session.slots()));
            if (known != null) {
                return CompletableFuture.completedFuture(made);
            }
            return send(made, "RECLAIM_COMPLETE", options.path(), List.of(Nfs4Ops.reclaimComplete()), reply -> {
                reply.plain(Nfs4Ops.RECLAIM_COMPLETE);
                return made;
            });
        });
    }

    /** A COMPOUND of one operation that needs no session (EXCHANGE_ID, CREATE_SESSION, DESTROY_*). */
    private <T> CompletableFuture<T> sole(RpcConnection connection, String name, Op op, Parser<T> parser) {
        return connection.call(Program.NFS4, 1, name, Nfs4Ops.compound(List.of(op)),
                body -> parser.parse(Nfs4Reply.read(body, options.server())));
    }

    /**
     * Sends SEQUENCE and {@code ops} in one COMPOUND on the live session; {@code parser} reads the
     * results after SEQUENCE's. A call lost with its connection before it was sent, or refused for a
     * lost session or client id, is made once more on a new session. Cancelling the returned future
     * drops the reply.
     *
     * @param path how errors name what the call was for
     */
    <T> CompletableFuture<T> compound(String name, String path, List<Op> ops, Parser<T> parser) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(name, path, ops, parser, result, true);
        return result;
    }

    private <T> void attempt(String name, String path, List<Op> ops, Parser<T> parser, CompletableFuture<T> result,
            boolean again) {
        live().whenComplete((session, failure) -> {
            if (failure != null) {
                result.completeExceptionally(Futures.unwrap(failure));
                return;
            }
            CompletableFuture<T> sent = send(session, name, path, ops, parser);
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    sent.cancel(false);
                }
            });
            sent.whenComplete((value, error) -> {
                Throwable cause = error == null ? null : Futures.unwrap(error);
                boolean lost = cause instanceof StateException state && state.sessionLost();
                if (lost) {
                    forget(session, ((StateException) cause).clientLost());
                }
                if (again && !result.isDone() && (lost || cause instanceof NotSentException)) {
                    attempt(name, path, ops, parser, result, false);
                } else if (cause != null) {
                    result.completeExceptionally(cause);
                } else if (!result.complete(value) && value instanceof AutoCloseable lent) {
                    RpcConnection.closeLent(lent);
                }
            });
        });
    }

    /** One COMPOUND on a slot of {@code session}, the slot given back when the reply (or failure) is in. */
    private <T> CompletableFuture<T> send(Live session, String name, String path, List<Op> ops, Parser<T> parser) {
        return session.slots().acquire().thenCompose(slot -> {
            List<Op> all = new ArrayList<>(ops.size() + 1);
            all.add(Nfs4Ops.sequence(session.sessionId(), slot.sequence(), slot.index(), session.slots().highest()));
            all.addAll(ops);
            boolean[] sequenced = new boolean[1];
            CompletableFuture<T> sent = session.connection().call(Program.NFS4, 1, name, Nfs4Ops.compound(all), body -> {
                Nfs4Reply reply = Nfs4Reply.read(body, path);
                reply.sequence();
                sequenced[0] = true;
                return parser.parse(reply);
            });
            // Completion follows the parse on the event loop: sequenced[0] is visible here.
            return sent.whenComplete((value, failure) -> {
                lastReply = System.nanoTime();
                session.slots().release(slot, sequenced[0]);
            });
        });
    }

    /**
     * Drops a session that the server no longer knows (and the client id, when that is gone too).
     * Its connection stays open, so that the calls still in flight on it get their own answers,
     * and carries the next session.
     */
    private synchronized void forget(Live session, boolean clientLost) {
        if (live != null && live.isDone() && !live.isCompletedExceptionally() && live.join() == session) {
            live = null;
            spare = session.connection();
        }
        if (clientLost) {
            client = null;
        }
    }

    /** Ends the session and the client id on the server (DESTROY_SESSION, DESTROY_CLIENTID), then the connection. */
    void close() {
        CompletableFuture<Live> last;
        Client known;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            last = live;
            if (spare != null) {
                spare.close();
            }
            known = client;
            if (renewal != null) {
                renewal.cancel(false);
            }
        }
        if (last == null || !last.isDone() || last.isCompletedExceptionally() || !last.join().connection().isOpen()) {
            return;
        }
        Live session = last.join();
        CompletableFuture<Void> ended = sole(session.connection(), "DESTROY_SESSION", Nfs4Ops.destroySession(session.sessionId()),
                reply -> {
                    reply.plain(Nfs4Ops.DESTROY_SESSION);
                    return null;
                }).thenCompose(v -> known == null ? CompletableFuture.completedFuture(null)
                        : sole(session.connection(), "DESTROY_CLIENTID", Nfs4Ops.destroyClientId(known.id()), reply -> {
                            reply.plain(Nfs4Ops.DESTROY_CLIENTID);
                            return null;
                        }));
        ended.whenComplete((v, e) -> session.connection().close());
        try {
            ended.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // The server forgets the session and client id with the lease.
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
