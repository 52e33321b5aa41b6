package io.fscache.netfs;

import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a server says about a file. The two byte arrays feed the cache: {@code fileId} becomes the
 * cookie key and {@code changeId} the coherency data, so a file changed on the server is detected
 * on the next open.
 *
 * @param type the file type
 * @param size the size in bytes
 * @param lastModified the modification time
 * @param lastAccess the access time (the modification time if the protocol has none)
 * @param changeTime the status change time (the modification time if the protocol has none)
 * @param fileId the server's stable identity of the file (qid path, file handle, file id...), 1..255 bytes
 * @param changeId bytes that change whenever the file's data changes (change attribute, data
 *        version, qid version with mtime and size...), at most 255 bytes
 * @param mode POSIX permission bits, or {@code -1} if the protocol gives none
 * @param owner the owner's name or number, or {@code null} if unknown
 * @param group the group's name or number, or {@code null} if unknown
 */
public record FileAttributes(FileType type, long size, FileTime lastModified, FileTime lastAccess,
        FileTime changeTime, byte[] fileId, byte[] changeId, int mode, String owner, String group) {

    public FileAttributes {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lastModified, "lastModified");
        Objects.requireNonNull(lastAccess, "lastAccess");
        Objects.requireNonNull(changeTime, "changeTime");
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        if (fileId == null || fileId.length == 0 || fileId.length > 255) {
            throw new IllegalArgumentException("fileId must be 1..255 bytes");
        }
        if (changeId == null || changeId.length > 255) {
            throw new IllegalArgumentException("changeId must be 0..255 bytes");
        }
        fileId = fileId.clone();
        changeId = changeId.clone();
    }

    @Override
    public byte[] fileId() {
        return fileId.clone();
    }

    @Override
    public byte[] changeId() {
        return changeId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileAttributes a && type == a.type && size == a.size
                && lastModified.equals(a.lastModified) && lastAccess.equals(a.lastAccess)
                && changeTime.equals(a.changeTime) && Arrays.equals(fileId, a.fileId)
                && Arrays.equals(changeId, a.changeId) && mode == a.mode
                && Objects.equals(owner, a.owner) && Objects.equals(group, a.group);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, size, lastModified, Arrays.hashCode(fileId), Arrays.hashCode(changeId));
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "FileAttributes[" + type + ", size=" + size + ", mtime=" + lastModified
                + ", id=" + hex.formatHex(fileId) + ", change=" + hex.formatHex(changeId) + "]";
    }
}
