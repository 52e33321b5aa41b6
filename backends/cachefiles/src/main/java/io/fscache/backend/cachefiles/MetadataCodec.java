package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * The two metadata formats, big-endian, each ending with a CRC32C of everything before it.
 *
 * <pre>
 * object ({@code <name>.meta})            volume ({@code <volume dir>/volume})
 *   u32 magic "FSCM"                        u32 magic "FSCV"
 *   u16 format version (1)                  u16 format version (1)
 *   u16 flags (bit 0: local write)          u16 flags (0)
 *   u32 granule size                        u16 key length, key (UTF-8)
 *   u64 object size                         u16 coherency length, coherency
 *   u64 zero point                          u32 CRC32C
 *   u16 aux length, aux
 *   u16 key length, key
 *   u32 map length, map (RoaringBitmap portable format)
 *   u32 CRC32C
 * </pre>
 *
 * Decoding trusts nothing: a wrong length, checksum, magic, version, unknown flag, granule size, a
 * map that does not write back to exactly its bytes or claims a granule beyond the object size, or
 * trailing bytes, all throw
 * {@link CorruptMetadataException}. A newer format version is refused rather than guessed at.
 */
final class MetadataCodec {

    static final int OBJECT_MAGIC = 0x4653434D;
    static final int VOLUME_MAGIC = 0x46534356;
    static final int VERSION = 1;
    /** An object's flag: written locally since its coherency data was last committed; see {@link ObjectMetadata}. */
    static final int FLAG_LOCAL_WRITE = 0x0001;
    /** Where the flags are: after the magic and the version. */
    private static final int FLAGS_OFFSET = 6;
    /** Larger files are refused unread: no sane content map comes near it. */
    static final int MAX_FILE = 64 << 20;

    private static final int CRC_BYTES = 4;
    private static final int MAX_SHORT = 0xFFFF;

    private MetadataCodec() {
    }

    /** Reads a metadata file, refusing one too large to be ours without reading it. */
    static byte[] read(Path file) throws IOException, CorruptMetadataException {
        if (Files.size(file) > MAX_FILE) {
            throw new CorruptMetadataException("too large");
        }
        return Files.readAllBytes(file);
    }

    static byte[] encodeObject(ObjectMetadata m) {
        int mapBytes = m.map().serializedSizeInBytes();
        ByteBuffer out = ByteBuffer.allocate(4 + 2 + 2 + 4 + 8 + 8 + 2 + m.aux().length + 2 + m.key().length
                + 4 + mapBytes + CRC_BYTES);
        out.putInt(OBJECT_MAGIC).putShort((short) VERSION).putShort((short) (m.localWrite() ? FLAG_LOCAL_WRITE : 0))
                .putInt(m.granule())
                .putLong(m.size()).putLong(m.zeroPoint());
        putShortBytes(out, m.aux());
        putShortBytes(out, m.key());
        out.putInt(mapBytes);
        m.map().serialize(out);
        return seal(out);
    }

    static ObjectMetadata decodeObject(byte[] bytes, int expectedGranule) throws CorruptMetadataException {
        ByteBuffer in = open(bytes, OBJECT_MAGIC, FLAG_LOCAL_WRITE);
        boolean localWrite = (in.getShort(FLAGS_OFFSET) & FLAG_LOCAL_WRITE) != 0;
        try {
            int granule = in.getInt();
            if (granule != expectedGranule) {
                throw new CorruptMetadataException("granule size " + granule + " is not the cache's " + expectedGranule);
            }
            long size = in.getLong();
            long zeroPoint = in.getLong();
            if (size < 0 || zeroPoint < 0 || zeroPoint > size) {
                throw new CorruptMetadataException("bad object size " + size + " or zero point " + zeroPoint);
            }
            byte[] aux = getShortBytes(in);
            byte[] key = getShortBytes(in);
            int mapBytes = in.getInt();
            if (mapBytes != in.remaining()) {
                throw new CorruptMetadataException("content map length " + mapBytes + " does not fill the file");
            }
            ByteBuffer mapSlice = in.slice(in.position(), mapBytes);
            RoaringBitmap map = new RoaringBitmap();
            map.deserialize(mapSlice.duplicate());
            if (map.serializedSizeInBytes() != mapBytes || !map.validate() || !serializesTo(map, mapSlice)) {
                throw new CorruptMetadataException("content map does not parse exactly");
            }
            long granules = Math.min((size + granule - 1) / granule, 1L << 31);
            if (map.intersects(granules, 1L << 32)) {
                throw new CorruptMetadataException("content map claims granules beyond the object size " + size);
            }
            return new ObjectMetadata(granule, size, zeroPoint, aux, key, map, localWrite);
        } catch (IOException | RuntimeException e) {
            // RoaringBitmap reports a malformed map with assorted runtime exceptions.
            throw new CorruptMetadataException("malformed object metadata: " + e, e);
        }
    }

    /**
     * Whether the map writes back exactly these bytes: deserializing skips the portable format's
     * offset header, so a map whose offsets were damaged would otherwise load as if intact.
     */
    private static boolean serializesTo(RoaringBitmap map, ByteBuffer bytes) {
        ByteBuffer again = ByteBuffer.allocate(bytes.remaining());
        map.serialize(again);
        return again.flip().equals(bytes);
    }

    static byte[] encodeVolume(String key, byte[] coherency) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + 2 + 2 + 2 + keyBytes.length + 2 + coherency.length + CRC_BYTES);
        out.putInt(VOLUME_MAGIC).putShort((short) VERSION).putShort((short) 0);
        putShortBytes(out, keyBytes);
        putShortBytes(out, coherency);
        return seal(out);
    }

    /** The volume key and coherency data a volume file records. */
    record VolumeMetadata(String key, byte[] coherency) {
    }

    static VolumeMetadata decodeVolume(byte[] bytes) throws CorruptMetadataException {
        ByteBuffer in = open(bytes, VOLUME_MAGIC, 0);
        try {
            String key = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(getShortBytes(in))).toString();
            byte[] coherency = getShortBytes(in);
            if (in.hasRemaining()) {
                throw new CorruptMetadataException("trailing bytes in volume file");
            }
            return new VolumeMetadata(key, coherency);
        } catch (BufferUnderflowException | CharacterCodingException e) {
            throw new CorruptMetadataException("malformed volume file: " + e, e);
        }
    }

    /**
     * Checks length, checksum, magic, version and that no flag but {@code knownFlags} is set; returns
     * the buffer positioned after them.
     */
    private static ByteBuffer open(byte[] bytes, int magic, int knownFlags) throws CorruptMetadataException {
        if (bytes.length < 8 + CRC_BYTES || bytes.length > MAX_FILE) {
            throw new CorruptMetadataException("bad length " + bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int body = bytes.length - CRC_BYTES;
        if (crc(bytes, body) != in.getInt(body)) {
            throw new CorruptMetadataException("checksum mismatch");
        }
        int foundMagic = in.getInt();
        if (foundMagic != magic) {
            throw new CorruptMetadataException(String.format("foreign magic %08x", foundMagic));
        }
        int version = Short.toUnsignedInt(in.getShort());
        if (version > VERSION) {
            throw new CorruptMetadataException("format version " + version + " is newer than " + VERSION);
        }
        if (version < 1) {
            throw new CorruptMetadataException("bad format version " + version);
        }
        int flags = Short.toUnsignedInt(in.getShort());
        if ((flags & ~knownFlags) != 0) {
            throw new CorruptMetadataException(String.format("unknown flags %04x", flags));
        }
        return in.limit(body);
    }

    private static byte[] seal(ByteBuffer out) {
        byte[] bytes = out.array();
        out.putInt(crc(bytes, out.position()));
        return bytes;
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    private static void putShortBytes(ByteBuffer out, byte[] bytes) {
        if (bytes.length > MAX_SHORT) {
            throw new IllegalArgumentException("field of " + bytes.length + " bytes exceeds " + MAX_SHORT);
        }
        out.putShort((short) bytes.length).put(bytes);
    }

    private static byte[] getShortBytes(ByteBuffer in) {
        byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(bytes);
        return bytes;
    }
}
