package io.fscache.nfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fscache.nfs.rpc.RecordDecoder;
import io.fscache.nfs.rpc.RpcMessages;
import io.fscache.nfs.rpc.RpcProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Fuzz tests of what an NFS server sends: record marking and every reply parser (the RPC reply
 * header, the NFSv3 results, MOUNT's). A hostile or broken server gets an {@link IOException} (a
 * protocol error, or the status it sent), never another exception, a record larger than the limit,
 * or a result larger than its body could hold; every buffer is released (the module's tests run
 * with Netty's paranoid leak detection). Committed corpus:
 * {@code src/test/resources/io/fscache/nfs/ReplyFuzzTestInputs/}.
 */
class ReplyFuzzTest {

    private static final int MAX_RECORD = 8192;

    /** Any byte stream, cut anywhere, becomes records no larger than the limit, or one protocol error after which nothing is read. */
    @FuzzTest(maxExecutions = 1_000_000)
    void aReplyStreamIsCutIntoBoundedRecordsOrRefused(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel(new RecordDecoder(MAX_RECORD));
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, 64));
                try {
                    channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                } catch (DecoderException refused) {
                    assertInstanceOf(RpcProtocolException.class, refused.getCause());
                }
                for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
                    ByteBuf record = (ByteBuf) message;
                    try {
                        assertTrue(record.readableBytes() <= MAX_RECORD, "a record beyond the limit");
                    } finally {
                        record.release();
                    }
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /** One NFSv4.1 COMPOUND result, read as the client reads each kind. */
    private static void compound(ByteBuf body, int kind, int asked, int size) throws IOException {
        Nfs4Reply reply = Nfs4Reply.read(body, "/f");
        switch (kind) {
            case 0 -> reply.sequence();
            case 1 -> reply.getfh();
            case 2 -> {
                Fattr4 attributes = reply.getattr();
                if (attributes.type() >= 0 && attributes.size() >= 0 && attributes.change() != -1) {
                    attributes.toAttributes(new byte[] {1});
                }
            }
            case 3 -> reply.open();
            case 4 -> reply.close();
            case 5 -> {
                ByteBuffer dst = ByteBuffer.allocate(Math.min(asked, 1 << 12));
                int read = reply.read(dst, dst.remaining());
                assertTrue(read >= 0 && read == dst.position());
            }
            case 6 -> assertTrue(reply.write(asked).count() <= asked);
            case 7 -> {
                int entries = reply.readdir().entries().size();
                assertTrue(entries <= size / 24, entries + " entries from " + size + " bytes");
            }
            case 8 -> reply.exchangeId();
            case 9 -> reply.createSession();
            case 10 -> reply.rename();
            case 11 -> reply.create();
            default -> reply.commit();
        }
    }

    /** Every reply parser reads a body or refuses it with an IOException; what it returns fits in the body. */
    @FuzzTest(maxExecutions = 1_000_000)
    void everyReplyParserReadsOrRefusesTheBody(FuzzedDataProvider data) {
        int parser = data.consumeInt(0, 13);
        int asked = data.consumeInt(0, 1 << 16);
        ByteBuf body = Unpooled.wrappedBuffer(data.consumeRemainingAsBytes());
        int size = body.readableBytes();
        try {
            switch (parser) {
                case 0 -> RpcMessages.readReply(body, "NFSv3 READ");
                case 1 -> Nfs3Replies.getattr(body, "/f");
                case 2 -> Nfs3Replies.lookup(body, "/f");
                case 3 -> {
                    ByteBuffer dst = ByteBuffer.allocate(Math.min(asked, 1 << 12));
                    Nfs3Replies.Read read = Nfs3Replies.read(body, dst, dst.remaining(), "/f");
                    assertTrue(read.count() >= 0 && read.count() <= dst.capacity() && read.count() == dst.position());
                }
                case 4 -> assertTrue(Nfs3Replies.write(body, asked, "/f").count() <= asked);
                case 5 -> Nfs3Replies.commit(body, "/f");
                case 6 -> Nfs3Replies.wccResult(body, "/f");
                case 7 -> Nfs3Replies.created(body, "/f");
                case 8 -> {
                    int entries = Nfs3Replies.readdirplus(body, "/d").entries().size();
                    assertTrue(entries <= size / 32, entries + " entries from " + size + " bytes");
                }
                case 9 -> Nfs3Replies.fsinfo(body, "/");
                case 10 -> Nfs3Replies.fsstat(body, "/");
                case 11 -> Mount3.mountres(body);
                case 12 -> {
                    int exports = Mount3.exports(body).size();
                    assertTrue(exports <= size / 8, exports + " exports from " + size + " bytes");
                }
                default -> compound(body, data.consumeInt(0, 12), asked, size);
            }
        } catch (IOException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
        } finally {
            assertEquals(1, body.refCnt());
            body.release();
        }
    }
}
