package io.fscache.ninep.wire;

/**
 * The server's identity of a file: {@code path} is unique per file on the export (the inode),
 * {@code version} changes when the file does (diod derives it from the mtime).
 */
public record Qid(int type, int version, long path) {

    /** The qid type bit of a directory. */
    static final int DIR = 0x80;

    public boolean isDirectory() {
        return (type & DIR) != 0;
    }
}
