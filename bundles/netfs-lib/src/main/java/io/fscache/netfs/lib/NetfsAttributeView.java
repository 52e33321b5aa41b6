package io.fscache.netfs.lib;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * The {@code basic}, {@code owner} and {@code posix} views of a mounted file. Reading only: the
 * {@link io.fscache.netfs.NetfsSession} contract has no operation to change attributes, so the
 * setters throw {@link UnsupportedOperationException}.
 */
final class NetfsAttributeView implements PosixFileAttributeView {

    private final String name;
    private final NetfsPath path;

    NetfsAttributeView(String name, NetfsPath path) {
        this.name = name;
        this.path = path;
    }

    @Override
    public String name() {
        return name;
    }

    /** The file's attributes; for the {@code posix} view only if the server reports POSIX ones. */
    @Override
    public PosixFileAttributes readAttributes() throws IOException {
        NetfsFileAttributes attributes = path.getFileSystem().provider().stat(path);
        if (name.equals("posix") && !attributes.hasPosix()) {
            throw new UnsupportedOperationException("the server does not report POSIX attributes");
        }
        return attributes;
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
        return readAttributes().owner();
    }

    @Override
    public void setTimes(FileTime lastModifiedTime, FileTime lastAccessTime, FileTime createTime) {
        throw readOnly();
    }

    @Override
    public void setPermissions(Set<PosixFilePermission> perms) {
        throw readOnly();
    }

    @Override
    public void setOwner(UserPrincipal owner) {
        throw readOnly();
    }

    @Override
    public void setGroup(GroupPrincipal group) {
        throw readOnly();
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("network filesystem attributes cannot be changed through a mount");
    }
}
