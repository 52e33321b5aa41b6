package io.fscache.netfs;

/** The type of a remote file. */
public enum FileType {
    REGULAR, DIRECTORY, SYMLINK, OTHER
}
