package io.fscache.ninep;

/** An {@code Rstatfs} reply: the export's filesystem geometry, in blocks of {@code blockSize} bytes. */
record StatFs(int type, int blockSize, long blocks, long blocksFree, long blocksAvailable,
        long files, long filesFree, long fsid, int nameLength) {
}
