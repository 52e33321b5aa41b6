package io.fscache.smb;

import com.hierynomus.msfscc.fileinformation.FileAllInformation;
import com.hierynomus.msfscc.fileinformation.FileBasicInformation;
import com.hierynomus.mssmb2.messages.SMB2Close;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Builds {@link FileAttributes} from SMB file information. The cookie key is the server's 8-byte file
 * id (FileInternalInformation's IndexNumber, the inode number on Samba), which survives renames; a
 * server that reports no id (0) gets the path instead, which is said once per share in the log.
 * The coherency data is the last-write time, the change time and the size.
 */
final class SmbAttributes {

    private static final System.Logger LOG = System.getLogger(SmbAttributes.class.getName());
    private static final long FILE_ATTRIBUTE_DIRECTORY = 0x10;
    private static final long FILE_ATTRIBUTE_REPARSE_POINT = 0x400;

    private final String share;
    private final AtomicBoolean warnedNoFileId = new AtomicBoolean();

    SmbAttributes(String share) {
        this.share = share;
    }

    FileAttributes of(FileAllInformation info, String path) {
        FileBasicInformation basic = info.getBasicInformation();
        return build(basic.getFileAttributes(), info.getStandardInformation().getEndOfFile(),
                basic.getLastWriteTime(), basic.getLastAccessTime(), basic.getChangeTime(),
                fileId(info.getInternalInformation().getIndexNumber(), path));
    }

    FileAttributes of(SmbDirectoryEntry entry, String path) {
        return build(entry.fileAttributes(), entry.size(), entry.lastWrite(), entry.lastAccess(), entry.change(),
                fileId(entry.fileId(), path));
    }

    /**
     * The attributes an SMB2 CLOSE response carries when asked for them (SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB):
     * the times and size once the handle is closed. The response has no file id; {@code open} gives it.
     */
    FileAttributes of(SMB2Close response, FileAttributes open) {
        byte[] raw = response.getFileAttributes();
        long attributes = (raw[0] & 0xffL) | (raw[1] & 0xffL) << 8 | (raw[2] & 0xffL) << 16 | (raw[3] & 0xffL) << 24;
        return build(attributes, response.getSize(), response.getLastWriteTime(), response.getLastAccessTime(),
                response.getChangeTime(), open.fileId());
    }

    private FileAttributes build(long attributes, long size, com.hierynomus.msdtyp.FileTime lastWrite,
            com.hierynomus.msdtyp.FileTime lastAccess, com.hierynomus.msdtyp.FileTime change, byte[] fileId) {
        FileType type = (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? FileType.DIRECTORY
                : (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0 ? FileType.OTHER : FileType.REGULAR;
        byte[] changeId = ByteBuffer.allocate(24).putLong(lastWrite.getWindowsTimeStamp())
                .putLong(change.getWindowsTimeStamp()).putLong(size).array();
        return new FileAttributes(type, size, time(lastWrite), time(lastAccess), time(change), fileId,
                changeId, -1, null, null);
    }

    private byte[] fileId(long indexNumber, String path) {
        if (indexNumber != 0) {
            return ByteBuffer.allocate(8).putLong(indexNumber).array();
        }
        if (warnedNoFileId.compareAndSet(false, true)) {
            LOG.log(Level.WARNING, "The server gives no file ids on share {0}: cache entries are keyed by path, so a "
                    + "renamed file is fetched again", share);
        }
        // The path's UTF-16 code units: UTF-8 would turn unpaired surrogates into '?' and merge names.
        byte[] name = SmbNames.encode(path);
        return name.length <= 255 ? name : sha256(name);
    }

    private static FileTime time(com.hierynomus.msdtyp.FileTime time) {
        return FileTime.from(time.toInstant());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
