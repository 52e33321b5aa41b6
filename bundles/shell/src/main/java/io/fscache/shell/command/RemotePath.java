package io.fscache.shell.command;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.Mounts;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.List;

/**
 * A remote path as users type it: {@code <mount>:<path>}, such as {@code data:/reports/q3.csv}; bytes
 * of a name that are not UTF-8 are typed and shown as {@code \xNN} ({@link ShellNames}).
 */
record RemotePath(String mount, String path) {

    /**
     * Parses {@code <mount>:<path>}; {@code mounts} words the error: an example with a real mount's
     * name, and how the root of a mount given by its bare name is written.
     */
    static RemotePath parse(String text, Mounts mounts) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            List<String> names = mounts.mounts().stream().map(MountInfo::name).sorted().toList();
            String example = (names.isEmpty() ? "data" : names.get(0)) + ":/dir/file";
            String hint = colon < 0 && names.contains(text) ? " (the root of mount " + text + " is " + text + ":)" : "";
            throw new IllegalArgumentException("remote paths are <mount>:<path>, e.g. " + example + ", not '" + text + "'" + hint);
        }
        String path = ShellNames.parse(text.substring(colon + 1));
        return new RemotePath(text.substring(0, colon), path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path);
    }

    /** @throws IllegalArgumentException naming why: no such mount, or a kept one that is not up (and why not) */
    Path resolve(Mounts mounts) {
        FileSystem fileSystem = mounts.fileSystem(mount).orElseThrow(() -> MountsReference.notUp(mounts, mount));
        return fileSystem.getPath(path);
    }

    /**
     * @param refusal what cannot be done to the root, ending the one-line error
     * @throws IllegalArgumentException if this is the root of its mount
     */
    void requireNotRoot(String refusal) {
        if (path.equals("/")) {
            throw new IllegalArgumentException("remote " + this + " is the root of the mount; " + refusal);
        }
    }

    @Override
    public String toString() {
        return mount + ":" + ShellNames.display(path);
    }
}
