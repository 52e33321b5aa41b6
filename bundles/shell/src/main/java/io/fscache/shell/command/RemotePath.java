package io.fscache.shell.command;

import io.fscache.netfs.Mounts;
import java.nio.file.FileSystem;
import java.nio.file.Path;

/**
 * A remote path as users type it: {@code <mount>:<path>}, such as {@code data:/reports/q3.csv}; bytes
 * of a name that are not UTF-8 are typed and shown as {@code \xNN} ({@link ShellNames}).
 */
record RemotePath(String mount, String path) {

    static RemotePath parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            // A bare name is most likely a mount's: say how its root is written.
            throw new IllegalArgumentException("remote paths are <mount>:<path>, e.g. data:/dir/file, not '" + text + "'"
                    + (colon < 0 && !text.isEmpty() && text.indexOf('/') < 0 ? " (the root of a mount named " + text + " is " + text + ":)" : ""));
        }
        String path = ShellNames.parse(text.substring(colon + 1));
        return new RemotePath(text.substring(0, colon), path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path);
    }

    /** @throws IllegalArgumentException naming why: no such mount, or a kept one that is not up (and why not) */
    Path resolve(Mounts mounts) {
        FileSystem fileSystem = mounts.fileSystem(mount).orElseThrow(() -> MountsReference.notUp(mounts, mount));
        return fileSystem.getPath(path);
    }

    @Override
    public String toString() {
        return mount + ":" + ShellNames.display(path);
    }
}
