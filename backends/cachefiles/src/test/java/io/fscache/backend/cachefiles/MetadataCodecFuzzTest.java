package io.fscache.backend.cachefiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Fuzz tests of the metadata a cache directory holds, which a crash, a bad disk or another program
 * may have written: decoding throws nothing but {@link CorruptMetadataException}, and what decodes
 * encodes to the very same bytes. The fuzzer writes the body and the test seals it with its CRC32C,
 * so mutations reach the decoder instead of dying at the checksum (which {@code MetadataCodecTest}
 * covers). Committed corpus: {@code src/test/resources/.../MetadataCodecFuzzTestInputs/}.
 */
class MetadataCodecFuzzTest {

    private static final int GRANULE = 256 * 1024;

    @FuzzTest(maxExecutions = 1_000_000)
    void objectMetadataDecodesExactlyOrIsCorrupt(byte[] body) {
        byte[] file = sealed(body);
        ObjectMetadata decoded;
        try {
            decoded = MetadataCodec.decodeObject(file, GRANULE);
        } catch (CorruptMetadataException corrupt) {
            return;
        }
        assertTrue(decoded.zeroPoint() <= decoded.size());
        assertArrayEquals(file, MetadataCodec.encodeObject(decoded));
    }

    @FuzzTest(maxExecutions = 1_000_000)
    void volumeMetadataDecodesExactlyOrIsCorrupt(byte[] body) {
        byte[] file = sealed(body);
        MetadataCodec.VolumeMetadata decoded;
        try {
            decoded = MetadataCodec.decodeVolume(file);
        } catch (CorruptMetadataException corrupt) {
            return;
        }
        assertArrayEquals(file, MetadataCodec.encodeVolume(decoded.key(), decoded.coherency()));
    }

    private static byte[] sealed(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }
}
