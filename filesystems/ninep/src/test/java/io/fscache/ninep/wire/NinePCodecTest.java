package io.fscache.ninep.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The codec alone, on Netty's {@link EmbeddedChannel}: exact bytes out, checked bytes in. */
class NinePCodecTest {

    private static byte[] encode(int tag, TMessage message) {
        EmbeddedChannel channel = new EmbeddedChannel(new NinePEncoder());
        assertTrue(channel.writeOutbound(new TaggedRequest(tag, message)));
        ByteBuf out = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
            assertFalse(channel.finish());
        }
    }

    private static void assertEncodes(Bytes body, int type, int tag, TMessage message) {
        assertArrayEquals(body.frame(type, tag), encode(tag, message), message.toString());
    }

    @Test
    void encodesEveryRequestExactly() {
        assertEncodes(Bytes.of().u32(65536).str("9P2000.L"), 100, 0xFFFF, TMessage.version(65536, "9P2000.L"));
        assertEncodes(Bytes.of().u32(0).u32(0xFFFFFFFFL).str("root").str("/srv").u32(0xFFFFFFFFL), 104, 1,
                TMessage.attach(0, "root", "/srv", TMessage.NONUNAME));
        assertEncodes(Bytes.of().u32(0).u32(5).u16(2).str("a").str("bé"), 110, 2, TMessage.walk(0, 5, TMessage.encode(List.of("a", "bé"))));
        assertEncodes(Bytes.of().u32(0).u32(6).u16(0), 110, 3, TMessage.walk(0, 6, List.of()));
        assertEncodes(Bytes.of().u32(5).u64(0x7FF), 24, 4, TMessage.getattr(5, TMessage.GETATTR_BASIC));
        assertEncodes(Bytes.of().u32(5).u32(8).u32(0).u32(0).u32(0).u64(1234).u64(0).u64(0).u64(0).u64(0), 26, 5,
                TMessage.setSize(5, 1234));
        assertEncodes(Bytes.of().u32(5).u32(2), 12, 6, TMessage.lopen(5, 2));
        assertEncodes(Bytes.of().u32(5).str("new").u32(0302).u32(0644).u32(7), 14, 7,
                TMessage.lcreate(5, "new", 0302, 0644, 7));
        assertEncodes(Bytes.of().u32(5).str("dir").u32(0755).u32(0), 72, 8, TMessage.mkdir(5, "dir", 0755, 0));
        assertEncodes(Bytes.of().u32(5).u64(1L << 33).u32(4096), 116, 9, TMessage.read(5, 1L << 33, 4096));
        ByteBuffer data = ByteBuffer.wrap(new byte[] {9, 8, 7, 6}, 1, 2);
        assertEncodes(Bytes.of().u32(5).u64(10).u32(2).u8(8).u8(7), 118, 10, TMessage.write(5, 10, data));
        assertEquals(1, data.position(), "encoding leaves the caller's buffer alone");
        assertEncodes(Bytes.of().u32(5).u64(3).u32(8000), 40, 11, TMessage.readdir(5, 3, 8000));
        assertEncodes(Bytes.of().u32(1).str("a").u32(2).str("b"), 74, 12, TMessage.renameat(1, "a", 2, "b"));
        assertEncodes(Bytes.of().u32(3).u32(2).str("b"), 20, 13, TMessage.rename(3, 2, "b"));
        assertEncodes(Bytes.of().u32(2).str("x").u32(0x200), 76, 14, TMessage.unlinkat(2, "x", 0x200));
        assertEncodes(Bytes.of().u32(4), 122, 15, TMessage.remove(4));
        assertEncodes(Bytes.of().u32(4), 120, 16, TMessage.clunk(4));
        assertEncodes(Bytes.of().u32(0), 8, 17, TMessage.statfs(0));
        assertEncodes(Bytes.of().u32(4).u32(0), 50, 18, TMessage.fsync(4));
        assertEncodes(Bytes.of().u16(9), 108, 19, TMessage.flush(9));
    }

    @Test
    void aWalkCarriesAtMostSixteenNames() {
        assertThrows(IllegalArgumentException.class, () -> TMessage.walk(0, 1, TMessage.encode(java.util.Collections.nCopies(17, "a"))));
    }

    // Issue 12: names were sent and read as UTF-8 with replacement, so caf\xe9 was listed as caf\uFFFD and opened
    // the file really named caf\uFFFD.
    @Test
    void namesThatAreNotUtf8CrossTheWireByteExact() throws Exception {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9};
        assertEncodes(Bytes.of().u32(0).u32(5).u16(1).u16(4).raw(latin1), 110, 2,
                TMessage.walk(0, 5, TMessage.encode(List.of("caf\uDCE9"))));
        assertEncodes(Bytes.of().u32(5).u16(1).raw(new byte[] {(byte) 0xFF}).u32(0).u32(0644).u32(0), 14, 7,
                TMessage.lcreate(5, "\uDCFF", 0, 0644, 0));
        assertThrows(java.nio.file.InvalidPathException.class, () -> TMessage.encode(List.of("a\uD800")));
        byte[] entries = Bytes.of().qid(0, 0, 2).u64(1).u8(8).u16(4).raw(latin1)
                .qid(0, 0, 3).u64(2).u8(8).str("caf\uFFFD").body();
        decode(Bytes.of().u32(entries.length).raw(entries).frame(41, 7), 41, 7, body -> assertEquals(
                List.of("caf\uDCE9", "caf\uFFFD"), Replies.readdir(body).stream().map(Dirent::name).toList()));
    }

    private static RFrame decodeOne(byte[] bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new NinePFrameDecoder(65536));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        RFrame frame = channel.readInbound();
        assertNull(channel.readInbound());
        channel.finish();
        return frame;
    }

    private interface BodyCheck {
        void check(ByteBuf body) throws Exception;
    }

    private static void decode(byte[] frame, int type, int tag, BodyCheck check) throws Exception {
        RFrame decoded = decodeOne(frame);
        try {
            assertEquals(type, decoded.type());
            assertEquals(tag, decoded.tag());
            check.check(decoded.body());
            assertFalse(decoded.body().isReadable(), "the whole body is consumed");
        } finally {
            decoded.release();
        }
        assertEquals(0, decoded.body().refCnt(), "released");
    }

    @Test
    void decodesEveryReply() throws Exception {
        decode(Bytes.of().u32(8192).str("9P2000.L").frame(101, 0xFFFF), 101, 0xFFFF,
                body -> assertEquals(new Replies.Version(8192, "9P2000.L"), Replies.version(body)));
        decode(Bytes.of().qid(0x80, 3, 42).frame(105, 1), 105, 1,
                body -> assertEquals(new Qid(0x80, 3, 42), Replies.qid(body)));
        decode(Bytes.of().u16(2).qid(0x80, 0, 1).qid(0, 7, 2).frame(111, 2), 111, 2,
                body -> assertEquals(List.of(new Qid(0x80, 0, 1), new Qid(0, 7, 2)), Replies.walk(body, 2)));
        decode(Bytes.of().qid(0, 1, 9).u32(4096).frame(13, 3), 13, 3,
                body -> assertEquals(new Opened(new Qid(0, 1, 9), 4096), Replies.opened(body)));
        Bytes getattr = Bytes.of().u64(0x7FF).qid(0, 2, 77).u32(0100644).u32(1000).u32(100).u64(1).u64(0)
                .u64(12345).u64(4096).u64(24).u64(11).u64(12).u64(21).u64(22).u64(31).u64(32)
                .u64(0).u64(0).u64(0).u64(0);
        decode(getattr.frame(25, 4), 25, 4, body -> assertEquals(new Attr(new Qid(0, 2, 77), 0100644, 1000, 100,
                12345, 11, 12, 21, 22, 31, 32), Replies.attr(body)));
        decode(Bytes.of().u32(3).u8(1).u8(2).u8(3).frame(117, 5), 117, 5, body -> {
            ByteBuffer dst = ByteBuffer.allocate(10);
            assertEquals(3, Replies.readInto(body, dst, 10));
            assertEquals(3, dst.position());
            assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(dst.array(), 3));
        });
        decode(Bytes.of().u32(100).frame(119, 6), 119, 6, body -> assertEquals(100, Replies.written(body, 100)));
        byte[] entries = Bytes.of().qid(0x80, 0, 1).u64(1).u8(4).str(".").qid(0, 0, 2).u64(2).u8(8).str("file").body();
        decode(Bytes.of().u32(entries.length).raw(entries).frame(41, 7), 41, 7, body -> assertEquals(
                List.of(new Dirent(new Qid(0x80, 0, 1), 1, 4, "."), new Dirent(new Qid(0, 0, 2), 2, 8, "file")),
                Replies.readdir(body)));
        decode(Bytes.of().u32(0xEF53).u32(4096).u64(1).u64(2).u64(3).u64(4).u64(5).u64(6).u32(255).frame(9, 8), 9, 8,
                body -> assertEquals(new StatFs(0xEF53, 4096, 1, 2, 3, 4, 5, 6, 255), Replies.statfs(body)));
        decode(Bytes.of().u32(2).frame(7, 9), 7, 9, body -> assertEquals(2, Replies.errno(body)));
    }

    @Test
    void repliesThatClaimMoreThanTheySentOrWereAskedAreProtocolErrors() throws Exception {
        decode(Bytes.of().u32(10).u8(1).frame(117, 1), 117, 1, body -> {
            assertThrows(NinePProtocolException.class, () -> Replies.readInto(body, ByteBuffer.allocate(100), 100));
            body.skipBytes(body.readableBytes());
        });
        decode(Bytes.of().u32(3).u8(1).u8(2).u8(3).frame(117, 1), 117, 1, body -> {
            assertThrows(NinePProtocolException.class, () -> Replies.readInto(body, ByteBuffer.allocate(2), 2));
            body.skipBytes(body.readableBytes());
        });
        decode(Bytes.of().u32(101).frame(119, 1), 119, 1,
                body -> assertThrows(NinePProtocolException.class, () -> Replies.written(body, 100)));
        decode(Bytes.of().u16(3).qid(0, 0, 1).frame(111, 1), 111, 1, body -> {
            assertThrows(NinePProtocolException.class, () -> Replies.walk(body, 1));
            body.skipBytes(body.readableBytes());
        });
        decode(Bytes.of().u32(8192).u16(50).frame(101, 1), 101, 1,
                body -> assertThrows(NinePProtocolException.class, () -> Replies.version(body)));
    }

    @Test
    void framesArriveWhole() {
        byte[] one = Bytes.of().u32(1).frame(119, 1);
        byte[] two = Bytes.of().u32(2).frame(119, 2);
        byte[] both = Bytes.of().raw(one).raw(two).body();
        EmbeddedChannel channel = new EmbeddedChannel(new NinePFrameDecoder(65536));
        for (byte b : both) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        for (int tag = 1; tag <= 2; tag++) {
            RFrame frame = channel.readInbound();
            assertEquals(tag, frame.tag());
            frame.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void anUndersizedOrOversizedSizeFieldIsRejectedBeforeAnyAllocation() {
        for (long size : new long[] {0, 6, 65537, 0xFFFFFFFFL}) {
            EmbeddedChannel channel = new EmbeddedChannel(new NinePFrameDecoder(65536));
            ByteBuf header = Unpooled.wrappedBuffer(Bytes.of().u32(size).body());
            DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(header));
            assertTrue(e.getCause() instanceof NinePProtocolException, e.toString());
            assertTrue(e.getCause().getMessage().contains("frame size " + size), e.getCause().getMessage());
            assertEquals(0, header.refCnt());
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void theLimitFollowsTheNegotiatedMsize() {
        NinePFrameDecoder decoder = new NinePFrameDecoder(65536);
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.maxFrameSize(8192);
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(Bytes.of().u32(8193).body())));
        assertTrue(e.getCause().getMessage().contains("exceeds msize 8192"));
        channel.finishAndReleaseAll();
    }

    @Test
    void aStreamCutInsideAFrameEndsInAProtocolError() {
        EmbeddedChannel channel = new EmbeddedChannel(new NinePFrameDecoder(65536));
        channel.writeInbound(Unpooled.wrappedBuffer(Bytes.of().u32(100).u8(117).u16(1).u32(93).body()));
        assertNull(channel.readInbound());
        channel.close();
        Object last = channel.readInbound();
        assertTrue(last instanceof NinePProtocolException, String.valueOf(last));
        assertTrue(((NinePProtocolException) last).getMessage().contains("of a 100-byte frame"));
    }

    @Test
    void randomBytesNeverEscapeTheLimit() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            EmbeddedChannel channel = new EmbeddedChannel(new NinePFrameDecoder(4096));
            byte[] noise = new byte[random.nextInt(9000)];
            random.nextBytes(noise);
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(noise));
            } catch (DecoderException e) {
                assertTrue(e.getCause() instanceof NinePProtocolException, e.toString());
            }
            for (Object frame; (frame = channel.readInbound()) != null; ) {
                RFrame r = (RFrame) frame;
                assertTrue(r.body().readableBytes() <= 4096 - 7);
                r.release();
            }
            channel.finishAndReleaseAll();
        }
    }
}
