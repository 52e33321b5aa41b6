package io.fscache.ninep.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Fuzz tests of what a 9P server sends: the frame decoder and every reply parser. A hostile or
 * broken server gets a {@link NinePProtocolException}, never another exception, a frame larger than
 * msize, or a parser result larger than its body could hold; every buffer is released (the module's
 * tests run with Netty's paranoid leak detection). Committed corpus:
 * {@code src/test/resources/io/fscache/ninep/wire/ReplyFuzzTestInputs/}.
 */
class ReplyFuzzTest {

    private static final int MSIZE = 8192;

    /** Any byte stream, cut anywhere, becomes frames no larger than msize, or one protocol error after which nothing is read. */
    @FuzzTest(maxExecutions = 1_000_000)
    void aReplyStreamIsCutIntoBoundedFramesOrRefused(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel(new NinePFrameDecoder(MSIZE));
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                } catch (DecoderException refused) {
                    assertInstanceOf(NinePProtocolException.class, refused.getCause());
                }
                for (Object frame = channel.readInbound(); frame != null; frame = channel.readInbound()) {
                    RFrame reply = (RFrame) frame;
                    try {
                        assertTrue(reply.body().readableBytes() <= MSIZE - TMessage.HEADER, "frame beyond msize");
                    } finally {
                        reply.release();
                    }
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** Every reply parser reads a body or refuses it; what it returns fits in the body it came from. */
    @FuzzTest(maxExecutions = 1_000_000)
    void everyReplyParserReadsOrRefusesTheBody(FuzzedDataProvider data) {
        int parser = data.consumeInt(0, 9);
        int asked = data.consumeInt(0, 1 << 16);
        ByteBuf body = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
        int size = body.readableBytes();
        try {
            switch (parser) {
                case 0 -> Replies.version(body);
                case 1 -> Replies.qid(body);
                case 2 -> assertTrue(Replies.walk(body, asked).size() <= Math.min(asked, size / 13));
                case 3 -> Replies.opened(body);
                case 4 -> Replies.attr(body);
                case 5 -> {
                    ByteBuffer dst = ByteBuffer.allocate(Math.min(asked, 1 << 12));
                    int read = Replies.readInto(body, dst, dst.remaining());
                    assertTrue(read >= 0 && read <= dst.capacity() && read == dst.position());
                }
                case 6 -> assertTrue(Replies.written(body, asked) <= asked);
                case 7 -> {
                    List<Dirent> entries = Replies.readdir(body);
                    assertTrue(entries.size() <= size / 24, entries.size() + " entries from " + size + " bytes");
                }
                case 8 -> Replies.statfs(body);
                default -> Replies.errno(body);
            }
        } catch (NinePProtocolException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
        } finally {
            assertEquals(1, body.refCnt());
            body.release();
        }
    }
}
