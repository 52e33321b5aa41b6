package io.fscache.afs;

import io.fscache.afs.AfsCalls.Created;
import io.fscache.netfs.FileNames;
import io.fscache.netfs.NetfsPaths;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.TimeUnit;

/**
 * A session's changes to its volume's namespace: CreateFile, MakeDir, RemoveFile, RemoveDir and
 * Rename, each on the parent directory's fid. Each returns the directories' new statuses, which are
 * recorded as our own changes ({@link AfsSession#edited}): the cached directory is edited as the
 * server edited its own, unless someone else changed it too. Thread-safe.
 */
final class AfsChanges {

    private static final int MAX_REPLY = 4096;

    private final AfsSession session;
    private final AfsClient fs;
    private final Vnodes vnodes;

    AfsChanges(AfsSession session, AfsClient fs, Vnodes vnodes) {
        this.session = session;
        this.fs = fs;
        this.vnodes = vnodes;
    }

    static long nowSeconds() {
        return TimeUnit.MILLISECONDS.toSeconds(System.currentTimeMillis());
    }

    /** Creates {@code path} (a regular file, mode 0644, or a directory, 0755); the new file's fid and status. */
    Created create(String path, boolean directory) throws IOException {
        AfsFid dir = parentOf(path);
        byte[] name = FileNames.encode(NetfsPaths.name(path));
        int opcode = directory ? AfsCalls.FS_MAKE_DIR : AfsCalls.FS_CREATE_FILE;
        long breaks = vnodes.breaks();
        Created created = AfsClient.await(fs.call(directory ? "MakeDir" : "CreateFile", path,
                alloc -> AfsCalls.create(alloc, opcode, dir, name, directory ? 0755 : 0644, nowSeconds()), MAX_REPLY,
                AfsCalls::created));
        session.edited(dir, created.directory(), d -> d.with(NetfsPaths.name(path), created.fid().vnode(), created.fid().unique()));
        vnodes.fetched(created.fid(), created.fetched(), breaks);
        return created;
    }

    /** Removes a file or an empty directory. */
    void delete(String path) throws IOException {
        AfsFid dir = parentOf(path);
        String leaf = NetfsPaths.name(path);
        AfsDirectory.Entry entry = session.directory(dir, NetfsPaths.parent(path)).find(leaf);
        if (entry == null) {
            throw new NoSuchFileException(path);
        }
        AfsFid fid = new AfsFid(dir.volume(), entry.vnode(), entry.unique());
        boolean directory = session.status(fid, path).isDirectory();
        int opcode = directory ? AfsCalls.FS_REMOVE_DIR : AfsCalls.FS_REMOVE_FILE;
        byte[] name = FileNames.encode(leaf);
        AfsStatus after;
        try {
            after = AfsClient.await(fs.call(directory ? "RemoveDir" : "RemoveFile", path,
                    alloc -> AfsCalls.remove(alloc, opcode, dir, name), MAX_REPLY, AfsCalls::statusAndSync));
        } catch (FileAlreadyExistsException e) {
            // OpenAFS's fileserver refuses to remove a directory that has entries with EEXIST
            throw directory ? new DirectoryNotEmptyException(path) : e;
        }
        session.edited(dir, after, d -> d.without(leaf));
        vnodes.forget(fid);
    }

    /** Renames, replacing an existing target file (the fileserver's Rename does). */
    void rename(String from, String to) throws IOException {
        AfsFid fromDir = parentOf(from);
        AfsFid toDir = parentOf(to);
        byte[] fromName = FileNames.encode(NetfsPaths.name(from));
        byte[] toName = FileNames.encode(NetfsPaths.name(to));
        AfsStatus[] after = AfsClient.await(fs.call("Rename", from,
                alloc -> AfsCalls.rename(alloc, fromDir, fromName, toDir, toName), MAX_REPLY, reply -> {
                    AfsStatus oldDir = AfsStatus.read(reply);
                    AfsStatus newDir = AfsStatus.read(reply);
                    return new AfsStatus[] {oldDir, newDir};
                }));
        AfsDirectory.Entry moved = session.directory(fromDir, NetfsPaths.parent(from)).find(NetfsPaths.name(from));
        String leaf = NetfsPaths.name(to);
        if (fromDir.equals(toDir)) {
            session.edited(fromDir, after[1], d -> moved == null ? null : d.without(NetfsPaths.name(from)).with(leaf, moved.vnode(), moved.unique()));
        } else {
            session.edited(fromDir, after[0], d -> d.without(NetfsPaths.name(from)));
            session.edited(toDir, after[1], d -> moved == null ? null : d.with(leaf, moved.vnode(), moved.unique()));
        }
    }

    /** The directory {@code path} is in; if it is missing, the error names {@code path}, the file asked for. */
    private AfsFid parentOf(String path) throws IOException {
        try {
            return session.resolve(NetfsPaths.parent(path));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path);
        }
    }
}
