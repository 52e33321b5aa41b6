package io.fscache.nfs.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection to an RPC server. Calls may be made from any thread; their bookkeeping (the
 * XID table, the queue of calls beyond the in-flight cap, timeouts) lives on the channel's event
 * loop, so it needs no locks and nothing blocks there. Each call is encoded on the event loop as one
 * record of one fragment; its reply is parsed there and completes the caller's future there.
 *
 * <p>A call that waits in the queue beyond its timeout fails alone. A call the server does not
 * answer in time fails the connection, as Linux's RPC client drops a TCP connection on a major
 * timeout: every call in flight fails, with a {@link java.net.SocketTimeoutException} naming itself
 * and the call that got no answer, and the connection is never used again (a reply that never
 * ends is caught the same way). So does any protocol violation: a record beyond the limit, a reply
 * whose XID answers no call, a malformed header or result. Calls that never went on the wire
 * (queued, or made after the failure) fail with {@link NotSentException}. A cancelled call's reply
 * is read and dropped.
 */
public final class RpcConnection extends ChannelInboundHandlerAdapter {

    /** Writes a call's arguments after its header, on the event loop. */
    @FunctionalInterface
    public interface Args {
        void encode(ByteBuf out);
    }

    /** Parses a successful reply's result into the call's value, on the event loop. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(ByteBuf result) throws IOException;
    }

    private final Channel channel;
    private final EventLoop loop;
    private final RpcSettings settings;
    private final long timeoutNanos;

    // Event-loop state.
    private final Map<Integer, Call<?>> pending = new HashMap<>();
    private final ArrayDeque<Call<?>> waiting = new ArrayDeque<>();
    private int nextXid = ThreadLocalRandom.current().nextInt();
    private IOException failure;

    private volatile boolean open = true;

    RpcConnection(Channel channel, RpcSettings settings) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.settings = settings;
        this.timeoutNanos = settings.timeout().toNanos();
    }

    /** False once the connection failed or was closed. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Calls a procedure. The future completes with the parsed result, or fails with the parser's
     * exception, an {@link RpcRefusedException}, a timeout or the connection's failure. Cancelling it
     * abandons the call (a reply is dropped).
     *
     * @param name the procedure's name, as counters and errors give it ({@code "READ"})
     */
    public <T> CompletableFuture<T> call(Program program, int procedure, String name, Args args, Parser<T> parser) {
        Call<T> call = new Call<>(program, procedure, name, args, parser);
        try {
            loop.execute(() -> submit(call));
        } catch (RejectedExecutionException e) {
            call.future.completeExceptionally(new IOException("nfs client is shut down"));
        }
        return call.future;
    }

    /** Closes the connection; calls in flight fail. */
    public void close() {
        try {
            loop.execute(() -> fail(new IOException("connection to " + settings.peer() + " closed")));
        } catch (RejectedExecutionException e) {
            open = false;
        }
    }

    // ---- event loop ----

    private void submit(Call<?> call) {
        if (call.future.isDone()) {
            return;
        }
        if (failure != null) {
            call.future.completeExceptionally(new NotSentException(failure));
            return;
        }
        call.timer = loop.schedule(() -> timedOut(call), timeoutNanos, TimeUnit.NANOSECONDS);
        if (pending.size() < settings.maxInFlight()) {
            send(call);
        } else {
            waiting.add(call);
        }
    }

    private void send(Call<?> call) {
        int xid = nextXid++;
        while (pending.containsKey(xid)) {
            xid = nextXid++;
        }
        call.xid = xid;
        ByteBuf record = channel.alloc().buffer();
        try {
            record.writeInt(0);
            RpcMessages.writeCall(record, xid, call.program, call.procedure, settings.auth());
            call.args.encode(record);
            record.setInt(0, RecordDecoder.LAST_FRAGMENT | (record.readableBytes() - 4));
        } catch (RuntimeException e) {
            record.release();
            finish(call);
            call.future.completeExceptionally(e);
            return;
        }
        pending.put(xid, call);
        settings.counters().sent(call.name);
        channel.writeAndFlush(record).addListener(written -> {
            if (!written.isSuccess()) {
                fail(new IOException("cannot send to " + settings.peer() + ": " + written.cause().getMessage(), written.cause()));
            }
        });
    }

    private void pump() {
        while (failure == null && pending.size() < settings.maxInFlight() && !waiting.isEmpty()) {
            Call<?> next = waiting.poll();
            if (!next.future.isDone()) {
                send(next);
            } else {
                finish(next);
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof RpcProtocolException e) {
            protocolError(e.getMessage());
        } else if (msg instanceof ByteBuf record) {
            try {
                received(record);
            } finally {
                record.release();
            }
        }
    }

    private void received(ByteBuf record) {
        if (failure != null) {
            return;
        }
        Call<?> call;
        try {
            int xid = Xdr.int32(record, "XID");
            call = pending.remove(xid);
            if (call == null) {
                throw new RpcProtocolException("a reply with XID " + Integer.toUnsignedString(xid) + " answers no call");
            }
        } catch (RpcProtocolException e) {
            protocolError(e.getMessage());
            return;
        }
        settings.counters().answered();
        finish(call);
        String label = call.program.name() + " " + call.name;
        Object value = null;
        Throwable error = null;
        try {
            RpcMessages.readReply(record, label);
            // A caller that gave up may reuse its buffers: its reply is not parsed into them.
            if (!call.future.isDone()) {
                value = call.parser.parse(record);
            }
        } catch (RpcProtocolException e) {
            protocolError(e.getMessage() + " (in the reply to " + label + ")");
            error = failure;
        } catch (RpcRefusedException e) {
            error = e.prefixed(settings.peer() + " ");
        } catch (IOException | RuntimeException e) {
            error = e;
        }
        if (error != null && !call.future.isDone()) {
            settings.counters().failed(error);
        }
        complete(call, value, error);
        pump();
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Call<T> call, Object value, Throwable error) {
        if (error != null) {
            call.future.completeExceptionally(error);
        } else if (!call.future.complete((T) value) && value instanceof AutoCloseable lent) {
            // Nobody takes the reply: what it lent (a READ's buffers) goes back.
            closeLent(lent);
        }
    }

    /** Closes a reply's value that nobody takes (it holds lent buffers, whose close does not fail). */
    public static void closeLent(AutoCloseable lent) {
        try {
            lent.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not give back " + lent, e);
        }
    }

    private void finish(Call<?> call) {
        if (call.timer != null) {
            call.timer.cancel(false);
        }
    }

    private void timedOut(Call<?> call) {
        String what = settings.peer() + " did not answer " + call.program.name() + " " + call.name + " within "
                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms";
        if (waiting.remove(call)) {
            settings.counters().failed();
            call.future.completeExceptionally(new SocketTimeoutException(what + " (queued behind " + pending.size() + " calls)"));
        } else if (pending.get(call.xid) == call) {
            fail(new SocketTimeoutException(what), call);
        }
    }

    private void protocolError(String what) {
        fail(new RpcProtocolException("rpc protocol error from " + settings.peer() + ": " + what));
    }

    private void fail(IOException cause) {
        fail(cause, null);
    }

    /** Fails the connection and every call on it; {@code unanswered}, if any, is the call that timed out. */
    private void fail(IOException cause, Call<?> unanswered) {
        open = false;
        if (failure != null) {
            return;
        }
        failure = cause;
        List<Call<?>> sent = new ArrayList<>(pending.values());
        for (int i = 0; i < sent.size(); i++) {
            settings.counters().answered();
        }
        for (Call<?> call : sent) {
            finish(call);
            if (call.future.completeExceptionally(failureOf(call, cause, unanswered))) {
                settings.counters().failed();
            }
        }
        for (Call<?> call : waiting) {
            finish(call);
            call.future.completeExceptionally(new NotSentException(cause));
        }
        pending.clear();
        waiting.clear();
        channel.close();
    }

    /**
     * What a call in flight fails with when its connection does: one dropped because another got no
     * answer says so under its own name (a user's READ failed saying only that a lease renewal's
     * SEQUENCE was not answered), and is a timeout too.
     */
    private IOException failureOf(Call<?> call, IOException cause, Call<?> unanswered) {
        if (unanswered == null || call == unanswered) {
            return cause;
        }
        SocketTimeoutException dropped = new SocketTimeoutException(settings.peer() + " did not answer "
                + call.program.name() + " " + call.name + ": the connection was dropped when " + unanswered.name
                + " got no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        dropped.initCause(cause);
        return dropped;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new SocketException("connection to " + settings.peer() + " lost"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof RpcProtocolException) {
            protocolError(root.getMessage());
        } else {
            fail(new IOException("connection to " + settings.peer() + " lost: " + root.getMessage(), root));
        }
    }

    /** One call and what waits for it. Fields other than the final ones are event-loop state. */
    private static final class Call<T> {
        final Program program;
        final int procedure;
        final String name;
        final Args args;
        final Parser<T> parser;
        final CompletableFuture<T> future = new CompletableFuture<>();
        int xid;
        ScheduledFuture<?> timer;

        Call(Program program, int procedure, String name, Args args, Parser<T> parser) {
            this.program = program;
            this.procedure = procedure;
            this.name = name;
            this.args = args;
            this.parser = parser;
        }
    }
}
