package io.fscache.nfs.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Record marking (RFC 5531 §11) on an {@link EmbeddedChannel}: whole, fragmented, split and hostile records. */
class RecordDecoderTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new RecordDecoder(1024));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    static byte[] fragment(boolean last, byte[] data) {
        ByteBuf out = Unpooled.buffer();
        out.writeInt((last ? RecordDecoder.LAST_FRAGMENT : 0) | data.length).writeBytes(data);
        return ByteBufUtil.getBytes(out);
    }

    private byte[] nextRecord() {
        ByteBuf record = channel.readInbound();
        try {
            return ByteBufUtil.getBytes(record);
        } finally {
            record.release();
        }
    }

    @Test
    void aRecordInOneFragmentIsPassedOn() {
        channel.writeInbound(Unpooled.wrappedBuffer(fragment(true, new byte[] {1, 2, 3})));
        assertArrayEquals(new byte[] {1, 2, 3}, nextRecord());
        assertNull(channel.readInbound());
    }

    @Test
    void fragmentsAreReassembledIntoOneRecord() {
        byte[] stream = concat(fragment(false, new byte[] {1, 2}), fragment(false, new byte[] {3}), fragment(true, new byte[] {4, 5}),
                fragment(true, new byte[] {6}));
        channel.writeInbound(Unpooled.wrappedBuffer(stream));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, nextRecord());
        assertArrayEquals(new byte[] {6}, nextRecord());
    }

    @Test
    void aStreamCutAtEveryByteGivesTheSameRecords() {
        byte[] stream = concat(fragment(false, new byte[] {1, 2}), fragment(true, new byte[] {3, 4, 5}), fragment(true, new byte[0]));
        for (byte b : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, nextRecord());
        assertArrayEquals(new byte[0], nextRecord());
        assertNull(channel.readInbound());
    }

    @Test
    void aRecordBeyondTheLimitIsRefusedBeforeItIsBuffered() {
        // Only the mark arrives: the limit is checked on it, not after 2 GiB were read.
        ByteBuf mark = Unpooled.buffer().writeInt(RecordDecoder.LAST_FRAGMENT | 0x7fffffff);
        DecoderException e = assertThrows(DecoderException.class, () -> channel.writeInbound(mark));
        assertInstanceOf(RpcProtocolException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("exceeds the limit of 1024"), e.getCause().getMessage());
    }

    @Test
    void fragmentsThatTogetherExceedTheLimitAreRefused() {
        channel.writeInbound(Unpooled.wrappedBuffer(fragment(false, new byte[1000])));
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(fragment(true, new byte[100]))));
        assertTrue(e.getCause().getMessage().contains("at least 1100 bytes exceeds the limit"), e.getCause().getMessage());
        // Nothing more is read after the stream lost its framing.
        channel.writeInbound(Unpooled.wrappedBuffer(fragment(true, new byte[] {1})));
        assertNull(channel.readInbound());
    }

    @Test
    void anEmptyFragmentThatIsNotTheLastIsRefused() {
        DecoderException e = assertThrows(DecoderException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(fragment(false, new byte[0]))));
        assertTrue(e.getCause().getMessage().contains("empty record fragment"), e.getCause().getMessage());
    }

    @Test
    void aConnectionClosedInsideARecordIsAProtocolError() {
        channel.writeInbound(Unpooled.wrappedBuffer(fragment(false, new byte[] {1, 2, 3})));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0}));
        channel.close();
        RpcProtocolException e = channel.readInbound();
        assertEquals("connection closed inside a record, after 6 bytes of it", e.getMessage());
    }

    static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
