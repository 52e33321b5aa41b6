package io.fscache.smb;

import com.hierynomus.msdtyp.FileTime;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One [MS-FSCC] 2.4.17 FileIdBothDirectoryInformation entry of a QUERY_DIRECTORY response, parsed here
 * so that the name keeps every UTF-16 code unit the server sent ({@link SmbNames}).
 */
record SmbDirectoryEntry(String name, long fileAttributes, long size, FileTime lastWrite, FileTime lastAccess,
        FileTime change, long fileId) {

    private static final int FILE_NAME = 104;

    /**
     * Adds the entries of one QUERY_DIRECTORY output buffer to {@code entries}.
     *
     * @throws IllegalArgumentException if an entry runs past the buffer or into the next entry (a
     *         NextEntryOffset shorter than the entry, which would read its bytes twice)
     */
    static void parse(byte[] buffer, List<SmbDirectoryEntry> entries) {
        ByteBuffer in = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at + FILE_NAME <= buffer.length) {
            long next = in.getInt(at) & 0xffffffffL;
            long nameLength = in.getInt(at + 60) & 0xffffffffL;
            long end = at + FILE_NAME + nameLength;
            if (end > buffer.length || (next != 0 && next < end - at)) {
                throw new IllegalArgumentException("a directory entry at " + at + " runs past "
                        + (end > buffer.length ? "the response (" + buffer.length + " bytes)" : "the next entry at " + (at + next)));
            }
            entries.add(new SmbDirectoryEntry(SmbNames.decode(buffer, at + FILE_NAME, (int) nameLength),
                    in.getInt(at + 56) & 0xffffffffL, in.getLong(at + 40), time(in, at + 24), time(in, at + 16),
                    time(in, at + 32), in.getLong(at + 96)));
            if (next == 0 || at + next > buffer.length) {
                return;
            }
            at += (int) next;
        }
    }

    private static FileTime time(ByteBuffer in, int at) {
        return new FileTime(in.getLong(at));
    }
}
