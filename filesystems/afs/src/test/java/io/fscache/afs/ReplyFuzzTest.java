package io.fscache.afs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fscache.afs.rx.RxProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Fuzz tests of the AFS reply parsers: a VL entry, a status with its promise, a FetchData64 reply,
 * a CreateFile reply, an InlineBulkStatus reply, a directory. A hostile server gets an {@link RxProtocolException} or a parsed
 * value within what its bytes could hold, never another exception.
 */
class ReplyFuzzTest {

    @FuzzTest(maxExecutions = 500_000)
    void everyReplyParserReadsOrRefusesTheBody(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 5);
        int asked = data.consumeInt(0, 1 << 16);
        byte[] body = data.consumeRemainingAsBytes();
        ByteBuf reply = Unpooled.wrappedBuffer(body);
        try {
            switch (kind) {
                case 0 -> AfsCalls.volumeEntry(reply, "fuzz");
                case 1 -> AfsCalls.fetched(reply);
                case 2 -> {
                    int length = AfsCalls.dataLength(reply, asked, "/f");
                    assertTrue(length <= asked && length <= body.length, "a FetchData64 longer than asked or sent");
                    reply.skipBytes(length);
                    AfsCalls.fetched(reply);
                }
                case 3 -> AfsCalls.created(reply);
                case 4 -> AfsCalls.bulkStatus(reply, asked % (AfsCalls.BULK_MAX + 1));
                default -> {
                    AfsDirectory directory = AfsDirectory.parse(reply, "/d");
                    assertTrue(directory.list().size() <= body.length / AfsDirectory.SLOT, "more entries than slots");
                }
            }
        } catch (RxProtocolException refused) {
            // a hostile or broken reply, refused
        } finally {
            reply.release();
        }
    }
}
