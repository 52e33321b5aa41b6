package io.fscache.ninep.wire;

import io.fscache.netfs.FileSpace;

/** An {@code Rstatfs} reply: the export's filesystem geometry, in blocks of {@code blockSize} bytes. */
public record StatFs(int type, int blockSize, long blocks, long blocksFree, long blocksAvailable,
        long files, long filesFree, long fsid, int nameLength) {

    /** The capacity in bytes. */
    public FileSpace space() {
        long block = Integer.toUnsignedLong(blockSize);
        return new FileSpace(blocks * block, blocksFree * block, blocksAvailable * block);
    }
}
