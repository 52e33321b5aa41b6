package io.fscache.shell.command;

import io.fscache.api.CacheInfo;
import io.fscache.api.FsCacheMonitor;
import io.fscache.netfs.MountInfo;
import io.fscache.netfs.Mounts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** What every netfs:* command shares: the Mounts service, and errors worded for a shell user. */
abstract class MountsReference extends ShellCommand {

    @Reference
    Mounts mounts;

    @Reference(optional = true)
    FsCacheMonitor monitor;

    /** The names of the caches that are live now (none without the core's monitor). */
    Set<String> liveCaches() {
        return monitor == null ? Set.of() : monitor.caches().stream().filter(c -> "ACTIVE".equals(c.state()))
                .map(CacheInfo::name).collect(Collectors.toSet());
    }

    /**
     * {@code " (not live: reads go to the server)"} when a mount names a cache not in {@code live}
     * (withdrawn, failed, or never added), else the empty string: files are cached only there.
     */
    String liveness(MountInfo mount, Set<String> live) {
        String named = mount.cacheName();
        if (named == null || monitor == null || mount.state() != MountInfo.State.MOUNTED || !mount.cached()) {
            return "";
        }
        return live.contains(named) ? "" : " (not live: reads go to the server)";
    }

    /**
     * Where progress bars go: the session's console, which reaches the terminal when flushed (a
     * command's {@code System.out} does not until the command ends), else {@code System.out}.
     */
    PrintStream console() {
        return session == null ? System.out : session.getConsole();
    }

    /**
     * The one wording of every command given a name that is no mount that is up: the state of a kept
     * mount that is not ({@code mount 'data' is not up: retrying: ... (see netfs:mounts)}), else what
     * the mounts are ({@code no mount named 'x'; mounts: data, logs}).
     */
    static IllegalArgumentException notUp(Mounts mounts, String name) {
        List<MountInfo> all = mounts.mounts();
        return all.stream().filter(m -> m.name().equals(name)).findFirst()
                .map(kept -> new IllegalArgumentException("mount '" + name + "' is not up: " + MountsCommand.state(kept)
                        + " (see netfs:mounts)"))
                .orElseGet(() -> new IllegalArgumentException("no mount named '" + name + "'" + (all.isEmpty()
                        ? "; there are no mounts"
                        : "; mounts: " + String.join(", ", all.stream().map(MountInfo::name).sorted().toList()))));
    }

    /** A one-line failure about a file on a mount: {@code remote data:/a.txt: no such file or directory}. */
    static CommandFailure remoteError(IOException e, Object path) {
        return new CommandFailure("remote " + path + ": " + reason(e), e);
    }

    /** A one-line failure about a file of this machine: {@code local /tmp/a.txt: access denied}. */
    static CommandFailure localError(IOException e, Object path) {
        return new CommandFailure("local " + path + ": " + reason(e), e);
    }

    /**
     * What went wrong, in a few words, without the path (which the caller names once): a
     * {@link FileSystemException}'s message repeats its file, its reason does not.
     */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
