package io.fscache.netfs.lib;

import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileType;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A server's {@link FileAttributes} as {@code java.nio} attributes. The POSIX ones (permissions,
 * owner, group) exist only when the protocol reports them; see {@link #hasPosix()}. The file key is
 * the server's file id in hexadecimal, so two paths of one file have equal keys.
 */
final class NetfsFileAttributes implements PosixFileAttributes {

    private final FileAttributes attributes;

    NetfsFileAttributes(FileAttributes attributes) {
        this.attributes = attributes;
    }

    boolean hasPosix() {
        return attributes.mode() >= 0 && attributes.owner() != null && attributes.group() != null;
    }

    @Override
    public FileTime lastModifiedTime() {
        return attributes.lastModified();
    }

    @Override
    public FileTime lastAccessTime() {
        return attributes.lastAccess();
    }

    /** Protocols do not report a creation time: the modification time, as the JDK does then. */
    @Override
    public FileTime creationTime() {
        return attributes.lastModified();
    }

    @Override
    public boolean isRegularFile() {
        return attributes.type() == FileType.REGULAR;
    }

    @Override
    public boolean isDirectory() {
        return attributes.type() == FileType.DIRECTORY;
    }

    @Override
    public boolean isSymbolicLink() {
        return attributes.type() == FileType.SYMLINK;
    }

    @Override
    public boolean isOther() {
        return attributes.type() == FileType.OTHER;
    }

    @Override
    public long size() {
        return attributes.size();
    }

    @Override
    public Object fileKey() {
        return HexFormat.of().formatHex(attributes.fileId());
    }

    @Override
    public UserPrincipal owner() {
        return new User(requirePosix(attributes.owner()));
    }

    @Override
    public GroupPrincipal group() {
        return new Group(requirePosix(attributes.group()));
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        int mode = attributes.mode();
        if (mode < 0) {
            throw new UnsupportedOperationException("the server does not report permissions");
        }
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission permission : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - permission.ordinal()))) != 0) {
                permissions.add(permission);
            }
        }
        return permissions;
    }

    /** The attributes of the {@code basic} view, by name. */
    Map<String, Object> basicMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("lastModifiedTime", lastModifiedTime());
        map.put("lastAccessTime", lastAccessTime());
        map.put("creationTime", creationTime());
        map.put("size", size());
        map.put("isRegularFile", isRegularFile());
        map.put("isDirectory", isDirectory());
        map.put("isSymbolicLink", isSymbolicLink());
        map.put("isOther", isOther());
        map.put("fileKey", fileKey());
        return map;
    }

    /** The attributes of the {@code posix} view (the basic ones included), by name. */
    Map<String, Object> posixMap() {
        Map<String, Object> map = basicMap();
        map.put("permissions", permissions());
        map.put("owner", owner());
        map.put("group", group());
        return map;
    }

    private static String requirePosix(String name) {
        if (name == null) {
            throw new UnsupportedOperationException("the server does not report owners");
        }
        return name;
    }

    private record User(String name) implements UserPrincipal {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private record Group(String name) implements GroupPrincipal {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
