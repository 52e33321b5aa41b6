package io.fscache.ninep;

import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ReceivedBytes;
import io.fscache.ninep.wire.Errno;
import io.fscache.ninep.wire.NinePFrameDecoder;
import io.fscache.ninep.wire.NinePProtocolException;
import io.fscache.ninep.wire.Op;
import io.fscache.ninep.wire.RFrame;
import io.fscache.ninep.wire.Replies;
import io.fscache.ninep.wire.TMessage;
import io.fscache.ninep.wire.TagPool;
import io.fscache.ninep.wire.TaggedRequest;
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
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection to a 9P server: one generation of a session. Calls may be made from any
 * thread; their bookkeeping (tags, the pending table, the queue of callers beyond the pipeline
 * depth, timeouts, flushes) lives on the channel's event loop, so it needs no locks and nothing
 * ever blocks there. Replies are parsed on the event loop and complete the caller's future there.
 *
 * <p>A tag goes back to the pool only when its reply arrived, or, for an abandoned request, when
 * the server answered its {@code Tflush}. Any protocol violation or I/O failure fails every call in
 * flight with one {@link IOException} and closes the connection: it is never used again.
 */
final class Connection extends ChannelInboundHandlerAdapter {

    /** Parses a reply body into the call's result, on the event loop. */
    @FunctionalInterface
    interface Parser<T> {
        T parse(ByteBuf body) throws IOException;
    }

    private final Channel channel;
    private final EventLoop loop;
    private final String server;
    private final NinePFrameDecoder decoder;
    private final ProtocolCounters counters;
    private final int depth;
    private final long timeoutNanos;
    private final FidPool fids = new FidPool();

    // Event-loop state.
    private final TagPool tags = new TagPool();
    private final Map<Integer, Call<?>> pending = new HashMap<>();
    private final ArrayDeque<Call<?>> waiting = new ArrayDeque<>();
    private int inFlight;
    private IOException failure;

    private volatile int msize;
    private volatile boolean open = true;

    Connection(Channel channel, String server, NinePFrameDecoder decoder, ProtocolCounters counters,
            int msize, int depth, long timeoutNanos) {
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.server = server;
        this.decoder = decoder;
        this.counters = counters;
        this.msize = msize;
        this.depth = depth;
        this.timeoutNanos = timeoutNanos;
    }

    /** False once the connection failed or was closed; a session then makes a new one. */
    boolean isOpen() {
        return open;
    }

    int msize() {
        return msize;
    }

    FidPool fids() {
        return fids;
    }

    /** Sets the negotiated msize, which bounds every frame from now on. */
    void negotiated(int msize) {
        this.msize = msize;
        decoder.maxFrameSize(msize);
    }

    /**
     * Sends a request; the future completes with the parsed reply, or fails with the
     * {@link Errno} exception for {@code path}, a timeout, or the connection's failure. Cancelling
     * the future abandons the request (a {@code Tflush} is sent if it was on the wire).
     */
    <T> CompletableFuture<T> call(TMessage message, Parser<T> parser, String path) {
        return call(message, parser, path, null);
    }

    /**
     * {@link #call(TMessage, Parser, String)}, also completing {@code settled} once the server is
     * done with the request: its reply arrived, its {@code Tflush} was answered, it was never
     * sent, or the connection failed. A request that may create a fid on the server (a walk) needs
     * this: its caller may give up first, and only then is it known whether the fid exists. When
     * the server answered, {@code settled} completes before the returned future does.
     */
    <T> CompletableFuture<T> call(TMessage message, Parser<T> parser, String path, CompletableFuture<Void> settled) {
        Call<T> call = new Call<>(message, parser, path, null, settled);
        call.future.whenComplete((value, failure) -> {
            if (call.future.isCancelled()) {
                onLoop(() -> abandon(call));
            }
        });
        try {
            loop.execute(() -> submit(call));
        } catch (RejectedExecutionException e) {
            call.future.completeExceptionally(new IOException("9p client is shut down"));
            call.settle();
        }
        return call.future;
    }

    /** Forgets a fid on the server, then returns it to the pool (whatever the server answered). */
    CompletableFuture<Void> clunk(int fid) {
        return call(TMessage.clunk(fid), body -> (Void) null, "fid " + fid)
                .whenComplete((ignored, failure) -> fids.release(fid));
    }

    /** Closes the connection; calls in flight fail. */
    void close() {
        onLoop(() -> fail(new IOException("connection to 9p server " + server + " closed")));
    }

    /** Runs on the event loop; a loop already shut down has failed everything. */
    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            open = false;
        }
    }

    // ---- event loop ----

    private void submit(Call<?> call) {
        if (call.future.isDone()) {
            call.settle();
            return;
        }
        if (failure != null) {
            call.future.completeExceptionally(failure);
            call.settle();
            return;
        }
        call.timer = loop.schedule(() -> timedOut(call), timeoutNanos, TimeUnit.NANOSECONDS);
        if (call.message.op() == Op.VERSION || inFlight < depth) {
            send(call);
        } else {
            waiting.add(call);
        }
    }

    private void send(Call<?> call) {
        if (call.message.frameSize() > msize) {
            finish(call);
            call.future.completeExceptionally(new IOException(call.message + " of " + call.message.frameSize()
                    + " bytes exceeds msize " + msize));
            call.settle();
            return;
        }
        if (call.message.op() == Op.VERSION) {
            call.tag = TMessage.NOTAG;
        } else {
            call.tag = tags.take();
            if (call.flushed == null) {
                inFlight++;
            }
        }
        pending.put(call.tag, call);
        call.awaited = true;
        counters.sent(call.message.op().requestName());
        channel.writeAndFlush(new TaggedRequest(call.tag, call.message)).addListener(written -> {
            if (!written.isSuccess()) {
                fail(new IOException("cannot send to 9p server " + server + ": " + written.cause(), written.cause()));
            }
        });
    }

    private void pump() {
        while (inFlight < depth && !waiting.isEmpty() && failure == null) {
            send(waiting.poll());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof NinePProtocolException e) {
            protocolError(e.getMessage());
        } else if (msg instanceof RFrame frame) {
            try {
                received(frame);
            } finally {
                frame.release();
            }
        }
    }

    private void received(RFrame frame) {
        if (failure != null) {
            return;
        }
        Call<?> call = pending.get(frame.tag());
        if (call == null || call.answered) {
            protocolError("reply " + Op.nameOf(frame.type()) + " with unknown tag " + frame.tag());
            return;
        }
        answered(call);
        Op op = call.message.op();
        if (frame.type() != op.replyType() && frame.type() != Op.RLERROR) {
            protocolError("reply " + Op.nameOf(frame.type()) + " (type " + frame.type() + ") to "
                    + op.requestName() + " (tag " + frame.tag() + ")");
            return;
        }
        if (frame.type() == Op.RLERROR && call.flushed != null) {
            protocolError("Rlerror in answer to Tflush (tag " + frame.tag() + ")");
            return;
        }
        if (call.flushed != null) {
            flushAnswered(call);
            return;
        }
        Object value;
        Throwable error = null;
        try {
            if (frame.type() == Op.RLERROR) {
                int errno = Replies.errno(frame.body());
                error = Errno.toException(errno, call.path);
                // "Not supported" answers a probe (Trenameat's), not a failed request.
                if (errno != Errno.EOPNOTSUPP && !call.future.isDone()) {
                    counters.failed(error);
                }
            }
            // A caller that gave up may reuse its buffers: its reply is not parsed into them.
            boolean wanted = error == null && !call.flushing && !call.future.isDone();
            value = wanted ? call.parser.parse(frame.body()) : null;
        } catch (NinePProtocolException e) {
            protocolError(e.getMessage() + " (in " + op.replyName() + ")");
            return;
        } catch (IOException | RuntimeException e) {
            value = null;
            error = e;
        }
        if (call.flushing) {
            // The reply overtook our Tflush: the tag stays reserved until Rflush.
            call.answered = true;
            return;
        }
        finish(call);
        release(call);
        complete(call, value, error);
        pump();
    }

    @SuppressWarnings("unchecked")
    private static <T> void complete(Call<T> call, Object value, Throwable error) {
        if (error != null) {
            call.future.completeExceptionally(error);
        } else if (!call.future.complete((T) value) && value instanceof ReceivedBytes lent) {
            // Nobody takes the reply: the read buffers it lent go back.
            lent.close();
        }
    }

    private void flushAnswered(Call<?> flush) {
        finish(flush);
        pending.remove(flush.tag);
        tags.release(flush.tag);
        Call<?> old = flush.flushed;
        release(old);
        pump();
    }

    /** Frees a call's tag and pipeline slot: the server is done with it. */
    private void release(Call<?> call) {
        pending.remove(call.tag);
        if (call.tag != TMessage.NOTAG) {
            tags.release(call.tag);
            inFlight--;
        }
        call.settle();
    }

    /** The call is no longer awaited on the wire: its reply arrived, or the connection failed. */
    private void answered(Call<?> call) {
        if (call.awaited) {
            call.awaited = false;
            counters.answered();
        }
    }

    private void finish(Call<?> call) {
        if (call.timer != null) {
            call.timer.cancel(false);
        }
    }

    private void timedOut(Call<?> call) {
        if (call.flushed != null) {
            protocolError("no answer to " + call.flushed.message + " nor to its Tflush within the timeout");
            return;
        }
        if (call.future.completeExceptionally(new SocketTimeoutException("9p server " + server + " did not answer "
                + call.message + " on " + call.path + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"))) {
            counters.failed();
        }
        abandon(call);
    }

    /** The caller gave up: a queued call is dropped, a sent one flushed. */
    private void abandon(Call<?> call) {
        if (failure != null || call.flushing || call.answered) {
            return;
        }
        if (call.tag < 0) {
            finish(call);
            waiting.remove(call);
            call.settle();
            return;
        }
        if (call.tag == TMessage.NOTAG || !pending.containsKey(call.tag)) {
            return;
        }
        call.flushing = true;
        Call<Void> flush = new Call<>(TMessage.flush(call.tag), body -> null, call.path, call, null);
        flush.timer = loop.schedule(() -> timedOut(flush), timeoutNanos, TimeUnit.NANOSECONDS);
        send(flush);
    }

    private void protocolError(String what) {
        fail(new NinePProtocolException("9p protocol error from " + server + ": " + what));
    }

    private void fail(IOException cause) {
        open = false;
        if (failure != null) {
            return;
        }
        failure = cause;
        List<Call<?>> all = new ArrayList<>(pending.values());
        all.addAll(waiting);
        pending.clear();
        waiting.clear();
        for (Call<?> call : all) {
            answered(call);
            if (!call.future.isDone()) {
                counters.failed();
            }
            finish(call);
            call.future.completeExceptionally(cause);
            call.settle();
        }
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(new SocketException("connection to 9p server " + server + " lost"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof NinePProtocolException) {
            protocolError(root.getMessage());
        } else {
            fail(new IOException("connection to 9p server " + server + " lost: " + root.getMessage(), root));
        }
    }

    /** One request and what waits for it. Fields other than the final ones are event-loop state. */
    private static final class Call<T> {
        final TMessage message;
        final Parser<T> parser;
        final String path;
        /** For a {@code Tflush}: the call it flushes; {@code null} otherwise. */
        final Call<?> flushed;
        final CompletableFuture<T> future = new CompletableFuture<>();
        /** Completed once the server is done with the request; {@code null} if nobody asked. */
        final CompletableFuture<Void> settled;
        int tag = -1;
        ScheduledFuture<?> timer;
        boolean flushing;
        boolean answered;
        /** Sent and counted in flight until its reply arrives or the connection fails. */
        boolean awaited;

        Call(TMessage message, Parser<T> parser, String path, Call<?> flushed, CompletableFuture<Void> settled) {
            this.message = message;
            this.parser = parser;
            this.path = path;
            this.flushed = flushed;
            this.settled = settled;
        }

        void settle() {
            if (settled != null) {
                settled.complete(null);
            }
        }
    }
}
